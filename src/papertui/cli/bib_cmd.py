"""`papertui bib sync FILE --tag T | --list NAME | --query Q`: a .bib kept in step."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.cli.context import CliContext, CliError

if TYPE_CHECKING:
    from papertui.store import Library

POLL_SECONDS = 1.0  # --watch: how often the library's change sequence is read


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bib", help="keep a project's .bib file in step")
    actions = parser.add_subparsers(dest="bib_command", metavar="ACTION", required=True)
    sync = actions.add_parser(
        "sync",
        help="write the BibTeX of a tag, a reading list or a query into FILE",
        description="Write the BibTeX of the chosen papers into papertui's block of FILE "
        "(created if missing). Entries outside the block are yours and kept as they are; "
        "a block edited by hand is refused unless --force. A paper keeps its key in FILE "
        "across runs, even when its metadata changes. Run it again to bring FILE up to date.",
    )
    sync.add_argument("file", type=Path, metavar="FILE")
    which = sync.add_mutually_exclusive_group(required=True)
    which.add_argument("--tag", metavar="TAG", help="papers tagged TAG")
    which.add_argument("--list", metavar="NAME", help="the papers of a reading list")
    which.add_argument("--query", metavar="QUERY", help="papers matching a search")
    sync.add_argument("--format", choices=("bibtex", "biblatex"), default="bibtex")
    sync.add_argument("--force", action="store_true", help="overwrite a hand-edited block")
    sync.add_argument(
        "--watch",
        action="store_true",
        help="keep running: sync again after every change to the library (Ctrl+C stops)",
    )
    sync.set_defaults(func=run_sync)


def wait_for_change(library: Library, seen: int) -> int:
    """Block until the library's change sequence moves past `seen`; the new one.
    (A seam: tests replace it to make the change themselves instead of waiting.)"""
    import time

    while (now := library.change_seq()) == seen:
        time.sleep(POLL_SECONDS)
    return now


def _selected(args: argparse.Namespace, ctx: CliContext) -> list[str]:
    library = ctx.library()
    if args.tag:
        return library.ids_matching(tag=args.tag)
    if args.list:
        from papertui.store.reading_lists import ReadingListError

        try:
            return library.list_items(args.list)
        except ReadingListError as exc:
            raise CliError(str(exc)) from None
    results = ctx.search(args.query)
    if results.notice:
        raise CliError(f"--query {args.query!r}: {results.notice}; nothing was written", 2)
    return [hit.id for hit in results.hits]


def run_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    _sync_once(args, ctx)
    if not args.watch:
        return 0
    seen = ctx.library().change_seq()
    while True:  # ends with Ctrl+C (exit 130, the file as last written) or an error
        seen = wait_for_change(ctx.library(), seen)
        if args.query:  # the query needs the index to see the change
            from papertui.search.sync import ensure_index

            ensure_index(ctx.library(), ctx.index(), answers=False)
        _sync_once(args, ctx)


def _sync_once(args: argparse.Namespace, ctx: CliContext) -> None:
    from papertui.bib_sync import BibSyncError, sync_bib
    from papertui.cite import collect_dropped
    from papertui.cli.cite_cmd import warn_dropped

    ids = _selected(args, ctx)
    found = ctx.library().get_many(ids)
    papers = [found[i] for i in ids if i in found]
    with collect_dropped() as dropped:
        try:
            report = sync_bib(args.file, papers, ctx.library(), fmt=args.format, force=args.force)
        except BibSyncError as exc:
            raise CliError(str(exc)) from None
    warn_dropped(ctx, dropped)
    picked = f", {report.picked} of them added by papertui pick" if report.picked else ""
    ctx.print(
        f"{args.file}: {report.entries} entries from papertui ({report.added} new, "
        f"{report.removed} removed{picked}); {report.yours} of yours kept"
    )
