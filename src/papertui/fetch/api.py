"""Fetch-and-import calls for the CLI and the TUI (safe to run in a worker thread).

Each call reads every page first, then imports all papers in ONE library
transaction: a fetch lands completely or not at all. Failures raise FetchError
(one-line message, nothing written). With `from_cache=True` a transient network
failure is answered from the last cached responses instead, and the report
says so (`offline`, `from_cache`, `cached_at`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from papertui.fetch.arxiv import collect_arxiv
from papertui.fetch.errors import FetchError, QueryError
from papertui.fetch.hf import collect_hf
from papertui.fetch.session import Fetched, Fetcher, ProgressFn
from papertui.fetch.settings import DEFAULT_ARXIV_MAX, Feed
from papertui.store import Library


@dataclass
class FetchReport:
    label: str  # what was fetched: "Hugging Face papers for 2024-06-03"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # records in the response that could not be read
    ids: tuple[str, ...] = ()  # every fetched paper, in listing order
    new_ids: tuple[str, ...] = ()  # those that were not in the library before
    removed: int = 0  # records the import merged into others (the same paper twice)
    offline: bool = False  # the network failed (the data, if any, is from the cache)
    from_cache: bool = False
    cached_at: str = ""  # oldest fetch time of the cached responses used (UTC ISO)
    requests: int = 0  # live HTTP requests made
    message: str = ""  # one line for the status bar / terminal
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.added + self.updated


def _summary(fetched: Fetched, report: FetchReport) -> str:
    if not report.ids:
        text = fetched.empty_message
    else:
        text = (
            f"{fetched.label}: {len(report.ids)} papers, {report.added} new, "
            f"{report.updated} updated, {report.unchanged} unchanged"
        )
    if report.skipped:
        text += f" ({report.skipped} unreadable record(s) skipped)"
    if report.from_cache:
        text += (
            f" [offline: {fetched.offline_reason}; showing the copy cached at {report.cached_at}]"
        )
    return text


def import_fetched(library: Library, fetched: Fetched) -> FetchReport:
    """Import what a collect_* call read, in one transaction, and report what changed."""
    ids = tuple(dict.fromkeys(p.id for p in fetched.papers))
    session = fetched.session
    report = FetchReport(
        label=fetched.label,
        skipped=len(fetched.skipped),
        ids=ids,
        offline=session.failure is not None,
        from_cache=session.from_cache,
        cached_at=min(session.cached_at, default=""),
        requests=session.requests,
        notes=list(fetched.notes),
    )
    if fetched.papers:
        top = library.max_num()
        counts = library.import_papers(fetched.papers)
        report.added, report.updated, report.unchanged = (
            counts.added,
            counts.updated,
            counts.unchanged,
        )
        report.removed = counts.removed
        # a fetched paper may have joined a record of the same paper under another id
        current = library.canonical_ids(ids)
        report.ids = tuple(dict.fromkeys(current[i] for i in ids))
        nums = library.nums_for_ids(report.ids)
        report.new_ids = tuple(i for i in report.ids if nums.get(i, 0) > top)
    session.commit()  # keep the raw responses only once they were read and imported
    report.message = _summary(fetched, report)
    return report


def fetch_hf(
    library: Library,
    *,
    date: str | None = None,
    week: str | None = None,
    month: str | None = None,
    sort: str | None = None,
    search: str | None = None,
    from_cache: bool = False,
    progress: ProgressFn | None = None,
    fetcher: Fetcher | None = None,
) -> FetchReport:
    """Hugging Face daily papers (latest, or a date/week/month) or a search, imported."""
    fetched = collect_hf(
        fetcher or Fetcher.create(),
        date=date,
        week=week,
        month=month,
        sort=sort,
        search=search,
        from_cache=from_cache,
        progress=progress,
    )
    return import_fetched(library, fetched)


def fetch_arxiv(
    library: Library,
    query: str = "",
    *,
    category: str = "",
    new: bool = False,
    ids: Iterable[str] = (),
    max_results: int = DEFAULT_ARXIV_MAX,
    from_cache: bool = False,
    progress: ProgressFn | None = None,
    fetcher: Fetcher | None = None,
) -> FetchReport:
    """An arXiv query, the newest submissions in a category, or ids, imported."""
    fetched = collect_arxiv(
        fetcher or Fetcher.create(),
        query,
        category=category,
        new=new,
        ids=ids,
        max_results=max_results,
        from_cache=from_cache,
        progress=progress,
    )
    return import_fetched(library, fetched)


def collect_feed(
    fetcher: Fetcher,
    feed: Feed,
    *,
    from_cache: bool = False,
    progress: ProgressFn | None = None,
) -> Fetched:
    if feed.problem:
        raise QueryError(f"invalid feed in the config: {feed.problem}")
    if feed.source == "hf":
        return collect_hf(
            fetcher,
            sort=feed.sort or None,
            search=feed.search or None,
            from_cache=from_cache,
            progress=progress,
        )
    return collect_arxiv(
        fetcher,
        feed.query,
        category=feed.category,
        new=feed.new,
        ids=feed.ids,
        max_results=feed.max,
        from_cache=from_cache,
        progress=progress,
    )


@dataclass
class FeedResult:
    feed: Feed
    report: FetchReport | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def refresh_feeds(
    library: Library,
    feeds: Iterable[Feed] | None = None,
    *,
    from_cache: bool = False,
    progress: ProgressFn | None = None,
    fetcher: Fetcher | None = None,
    on_result: Callable[[FeedResult], None] | None = None,
) -> list[FeedResult]:
    """Refresh every saved feed (default: from the config); one failing feed stops no other."""
    fetcher = fetcher or Fetcher.create()
    results: list[FeedResult] = []
    for feed in fetcher.settings.feeds if feeds is None else feeds:
        try:
            fetched = collect_feed(fetcher, feed, from_cache=from_cache, progress=progress)
            result = FeedResult(feed, report=import_fetched(library, fetched))
        except FetchError as exc:
            result = FeedResult(feed, error=exc)
        results.append(result)
        if on_result:
            on_result(result)
    return results
