"""Full texts from the shell: `read` (print a paper; --mark marks papers read), `download`
(several papers, kept for offline reading), `refs` (a paper's references, --import)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from papertui.cli.context import CliContext, CliError
from papertui.ids import normalise_arxiv_id

if TYPE_CHECKING:
    from papertui.reading.api import Opened
    from papertui.reading.fulltext_store import FullTextStore
    from papertui.reading.sources import Downloader, ReadingSettings


def make_downloader(settings: ReadingSettings) -> Downloader:
    """Build the Downloader (a seam for tests, which inject a fake clock and sleep)."""
    from papertui.reading.sources import Downloader

    return Downloader.create(settings)


def register(subparsers: argparse._SubParsersAction) -> None:
    read = subparsers.add_parser(
        "read",
        help="print a paper's full text (--mark: mark papers read instead)",
        description="Print the whole paper (arXiv HTML, else ar5iv, else text from the PDF), "
        "downloading it the first time and reading the saved copy after that. With --mark "
        "(or --unread) mark papers read (unread) instead.",
    )
    read.add_argument("ids", nargs="+", metavar="ID")
    read.add_argument("--format", choices=("text", "markdown"), default="text")
    read.add_argument("--offline", action="store_true", help="only the saved copy: no network")
    read.add_argument("--refresh", action="store_true", help="download again, even if saved")
    read.add_argument("--mark", action="store_true", help="mark the papers read")
    read.add_argument("--unread", action="store_true", help="mark the papers unread")
    read.set_defaults(func=run_read)

    download = subparsers.add_parser(
        "download",
        help="download papers' full text for offline reading",
        description="Download the full text of papers (one request at a time, at least 3 s "
        "apart, as arXiv asks). Papers already saved are skipped, so running it again "
        "resumes; failures are listed and make the exit status 1.",
    )
    download.add_argument("ids", nargs="*", metavar="ID")
    download.add_argument("--bookmarked", action="store_true", help="every bookmarked paper")
    download.add_argument("--tag", metavar="TAG", help="every paper with this tag")
    download.set_defaults(func=run_download)

    refs = subparsers.add_parser(
        "refs",
        help="a paper's references, with their arXiv ids / DOIs and whether you have them",
        description="List the references of a paper with the ids found in each and the "
        "library paper they are, if any. --import adds those with an arXiv id.",
    )
    refs.add_argument("id", metavar="ID")
    refs.add_argument("--json", action="store_true", help="as JSON")
    refs.add_argument("--import", dest="import_", action="store_true", help="import them")
    refs.add_argument("--offline", action="store_true", help="only the saved copy: no network")
    refs.set_defaults(func=run_refs)


def _store(ctx: CliContext) -> FullTextStore:
    from papertui.reading.fulltext_store import FullTextStore

    return FullTextStore.for_data_dir(ctx.paths.data_dir)


def _downloader(ctx: CliContext) -> Downloader:
    from papertui.reading.sources import load_reading_settings

    settings = load_reading_settings()
    for problem in settings.problems:
        ctx.warn(f"papertui: config: {problem}")
    return make_downloader(settings)


def _open(ctx: CliContext, text: str, *, offline: bool, refresh: bool = False) -> Opened:
    from papertui.reading.api import arxiv_id_for, open_paper
    from papertui.reading.errors import ReadingError

    try:
        library = None if normalise_arxiv_id(text) else ctx.library()
        arxiv_id = arxiv_id_for(text, library)
        downloader = None if offline else _downloader(ctx)
        opened = open_paper(arxiv_id, _store(ctx), downloader, refresh=refresh)
    except ReadingError as exc:
        raise CliError(exc.message) from None
    if not opened.saved:
        _index_saved(ctx, [opened.arxiv_id])
    for reason in opened.passed_over:
        ctx.warn(f"papertui: {reason}")
    ctx.warn(f"papertui: {opened.arxiv_id}: {opened.source_line}")
    for note in opened.document.notes:
        ctx.warn(f"papertui: note: {note}")
    return opened


def _index_saved(ctx: CliContext, arxiv_ids: list[str]) -> None:
    """Newly saved full texts go into the search index (`body:`), when their papers are
    in the library and the index exists already (else its next build takes them in)."""
    from papertui.reading.api import mark_for_index

    if not (arxiv_ids and ctx.paths.store.exists()):
        return
    if mark_for_index(ctx.library(), arxiv_ids) and ctx.paths.index_dir.exists():
        ctx.update_index()


def run_read(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.mark or args.unread:
        from papertui.cli.state_cmd import run_read as mark_read

        return mark_read(args, ctx)
    if len(args.ids) > 1:
        raise CliError("give one ID to print a paper (to mark papers read: papertui read --mark)")
    from papertui.reading.render import render

    if args.offline and args.refresh:
        raise CliError("--offline and --refresh: choose one")
    opened = _open(ctx, args.ids[0], offline=args.offline, refresh=args.refresh)
    ctx.out.write(render(opened.document, markdown=args.format == "markdown"))
    return 0


def run_download(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.reading.api import arxiv_id_for, download_papers
    from papertui.reading.errors import ReadingError

    if not (args.ids or args.bookmarked or args.tag):
        raise CliError("give paper ids, --bookmarked or --tag TAG")
    wanted: list[str] = []
    failures: list[tuple[str, str]] = []
    needs_library = args.bookmarked or args.tag or not all(map(normalise_arxiv_id, args.ids))
    library = ctx.library() if needs_library else None
    named = list(args.ids)
    if library is not None and (args.bookmarked or args.tag):
        named += library.ids_matching(bookmarked=args.bookmarked, tag=args.tag)
    for text in named:
        try:
            wanted.append(arxiv_id_for(text, library))
        except ReadingError as exc:
            failures.append((text, exc.message))
    wanted = list(dict.fromkeys(wanted))

    def progress(done: int, total: int, arxiv_id: str, outcome: str) -> None:
        ctx.warn(f"papertui: [{done}/{total}] {arxiv_id}: {outcome}")

    report = download_papers(wanted, _store(ctx), _downloader(ctx), progress=progress)
    _index_saved(ctx, report.downloaded)
    failures += report.failed
    ctx.print(
        f"downloaded {len(report.downloaded)}, already saved {len(report.already)}, "
        f"failed {len(failures)}"
    )
    for paper, reason in failures:
        ctx.warn(f"papertui: failed: {paper}: {reason}")
    return 1 if failures else 0


def run_refs(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.reading.api import missing_arxiv_ids, resolve_references
    from papertui.reading.render import reference_line

    opened = _open(ctx, args.id, offline=args.offline)
    resolved = resolve_references(opened.document, ctx.library())
    if args.import_:
        return _import_refs(ctx, missing_arxiv_ids(resolved))
    if args.json:
        entries = [
            {
                "key": r.reference.key,
                "label": r.reference.label,
                "text": r.reference.text,
                "arxiv_id": r.reference.arxiv_id,
                "doi": r.reference.doi,
                "urls": list(r.reference.urls),
                "library_id": r.library_id,
            }
            for r in resolved
        ]
        ctx.print(json.dumps(entries, ensure_ascii=False, indent=1))
        return 0
    for r in resolved:
        ctx.print(("✓ " if r.library_id else "  ") + reference_line(r.reference))
    in_library = sum(1 for r in resolved if r.library_id)
    ctx.warn(f"papertui: {len(resolved)} references, {in_library} in the library (✓)")
    return 0


def _import_refs(ctx: CliContext, arxiv_ids: list[str]) -> int:
    from papertui.cli.fetch_cmd import make_fetcher
    from papertui.fetch import FetchError, collect_arxiv, import_fetched, load_settings

    if not arxiv_ids:
        ctx.print("no references with an arXiv id to import (all in the library already?)")
        return 0
    fetcher = make_fetcher(load_settings())
    try:
        fetched = collect_arxiv(fetcher, "", ids=arxiv_ids, max_results=len(arxiv_ids))
    except FetchError as exc:
        raise CliError(f"{exc}; nothing was changed") from None
    report = import_fetched(ctx.library(), fetched)
    ctx.print(report.message)
    for note in report.notes:
        ctx.warn(f"papertui: {note}")
    if report.changed:
        ctx.update_index()
    return 0
