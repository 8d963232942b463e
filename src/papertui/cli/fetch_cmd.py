"""`papertui fetch [hf|arxiv]`: download new papers into the library.

Without a source, every saved feed of the config file is refreshed (default:
the latest Hugging Face daily list). The network part runs first; the library
is opened and written (one transaction per fetch) only after it succeeded, so a
failed fetch changes nothing and exits 1 with a one-line reason.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from papertui.cli.context import CliContext, CliError
from papertui.fetch.settings import DEFAULT_ARXIV_MAX, HF_SORTS

if TYPE_CHECKING:
    from papertui.fetch import Fetched, Fetcher, FetchSettings


def make_fetcher(settings: FetchSettings) -> Fetcher:
    """Build the Fetcher (a seam for tests, which inject a fake clock and sleep)."""
    from papertui.fetch import Fetcher

    return Fetcher.create(settings)


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: an option given before the source must not be reset by the sub-parser.
    common.add_argument(
        "--from-cache",
        action="store_true",
        default=argparse.SUPPRESS,
        help="if the network fails, use the last cached response (and say so)",
    )
    common.add_argument(
        "--no-index",
        action="store_true",
        default=argparse.SUPPRESS,
        help="do not update the search index afterwards",
    )
    return common


def register(subparsers: argparse._SubParsersAction) -> None:
    common = _common_options()
    parser = subparsers.add_parser(
        "fetch",
        parents=[common],
        help="fetch new papers from Hugging Face or arXiv",
        description="Fetch papers and import them (all or nothing per fetch). Without a "
        "source, refresh the [[feeds]] saved in the config file (default: the latest "
        "Hugging Face daily list).",
    )
    sources = parser.add_subparsers(dest="fetch_source", metavar="SOURCE")
    hf = sources.add_parser(
        "hf",
        parents=[common],
        help="Hugging Face daily papers (latest, a day, week or month) or a search",
        description="Fetch the Hugging Face daily papers: the latest list, or one day, "
        "ISO week or month; or search Hugging Face papers.",
    )
    period = hf.add_mutually_exclusive_group()
    period.add_argument("--date", metavar="YYYY-MM-DD", help="the list of one day")
    period.add_argument("--week", metavar="YYYY-Www", help="the list of an ISO week (2024-W22)")
    period.add_argument("--month", metavar="YYYY-MM", help="the list of a month")
    period.add_argument("--search", metavar="QUERY", help="search papers instead")
    hf.add_argument("--sort", choices=HF_SORTS, help="order of the daily list")
    arxiv = sources.add_parser(
        "arxiv",
        parents=[common],
        help="arXiv API: a query, the newest submissions of a category, or ids",
        description="Query the arXiv API (syntax: ti:, au:, abs:, cat:, AND/OR/ANDNOT; "
        "quote the query or give it as several words). Requests are spaced at least "
        "3 s apart, as arXiv asks.",
    )
    arxiv.add_argument("query", nargs="*", metavar="QUERY", help="e.g. 'ti:diffusion AND au:ho'")
    arxiv.add_argument("--category", metavar="CAT", default="", help="restrict to CAT (cs.LG)")
    arxiv.add_argument("--new", action="store_true", help="newest submissions first")
    arxiv.add_argument("--id", nargs="+", dest="ids", default=[], metavar="ID", help="arXiv ids")
    arxiv.add_argument(
        "--max",
        type=int,
        default=DEFAULT_ARXIV_MAX,
        metavar="N",
        help=f"at most N results (default {DEFAULT_ARXIV_MAX})",
    )
    parser.set_defaults(func=run_fetch)


def configured_fetcher(ctx: CliContext) -> Fetcher:
    from papertui.fetch import load_settings

    settings = load_settings()
    for problem in settings.problems:
        ctx.warn(f"papertui: config: {problem}")
    fetcher = make_fetcher(settings)
    fetcher.on_retry = lambda attempt, wait, error: ctx.warn(
        f"papertui: {error}; retrying in {wait:g} s"
    )
    return fetcher


def refresh_feeds(ctx: CliContext) -> int:
    """`papertui fetch` without a source: every saved feed; 1 if any failed, else 0."""
    return _run_feeds(ctx, configured_fetcher(ctx), from_cache=False, no_index=False)


def run_fetch(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.fetch import FetchError, collect_arxiv, collect_hf

    fetcher = configured_fetcher(ctx)
    from_cache = getattr(args, "from_cache", False)
    no_index = getattr(args, "no_index", False)
    if args.fetch_source is None:
        return _run_feeds(ctx, fetcher, from_cache=from_cache, no_index=no_index)
    progress = ctx.progress_printer()
    try:
        if args.fetch_source == "hf":
            fetched = collect_hf(
                fetcher,
                date=args.date,
                week=args.week,
                month=args.month,
                sort=args.sort,
                search=args.search,
                from_cache=from_cache,
                progress=progress,
            )
        else:
            fetched = collect_arxiv(
                fetcher,
                " ".join(args.query),
                category=args.category,
                new=args.new,
                ids=args.ids,
                max_results=args.max,
                from_cache=from_cache,
                progress=progress,
            )
    except FetchError as exc:
        raise CliError(f"{exc}; nothing was changed") from None
    finally:
        progress.finish()
    changed = _import_and_print(ctx, fetched)
    if changed and not no_index:
        _index_and_flag(ctx)
    return 0


def _run_feeds(ctx: CliContext, fetcher: Fetcher, *, from_cache: bool, no_index: bool) -> int:
    from papertui.fetch import FetchError, collect_feed

    failures = changed = 0
    for feed in fetcher.settings.feeds:
        progress = ctx.progress_printer()
        try:
            fetched = collect_feed(fetcher, feed, from_cache=from_cache, progress=progress)
        except FetchError as exc:
            ctx.warn(f"papertui: feed {feed.name!r}: {exc}; nothing was changed")
            failures += 1
            continue
        finally:
            progress.finish()
        changed += _import_and_print(ctx, fetched, prefix=f"[{feed.name}] ")
    if changed and not no_index:
        _index_and_flag(ctx)
    if failures:
        ctx.warn(f"papertui: {failures} of {len(fetcher.settings.feeds)} feed(s) failed")
    return 1 if failures else 0


def _index_and_flag(ctx: CliContext) -> None:
    from papertui.cli.watch_cmd import flag_new_papers

    ctx.update_index(answers=True)
    flag_new_papers(ctx)


def _import_and_print(ctx: CliContext, fetched: Fetched, prefix: str = "") -> int:
    from papertui.fetch import import_fetched

    report = import_fetched(ctx.library(), fetched)
    ctx.print(prefix + report.message)
    for note in report.notes:
        ctx.warn(f"papertui: {prefix}{note}")
    return report.changed
