"""`papertui cite ID... [--format F] [--copy]` and `papertui export --format F [-o FILE]`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from typing import TextIO

from papertui.cite import (
    DEFAULT_FORMAT,
    FORMATS,
    Dropped,
    collect_dropped,
    format_many,
    iter_formatted,
)
from papertui.cli.context import CliContext, CliError, count_limit
from papertui.models import Paper, PaperState
from papertui.output_file import OutputRefused, write_output
from papertui.sanitize import escape_in_json, printable_lines

EXPORT_FORMATS = ("bibtex", "biblatex", "ris", "csl-json", "json")
CHUNK = 1000  # papers fetched (with their user state) per step of an export


def register(subparsers: argparse._SubParsersAction) -> None:
    cite = subparsers.add_parser(
        "cite",
        help="print or copy citations of papers",
        description="Print citations of papers (any id form, as for `show`). With --copy "
        "the text goes to the clipboard instead: the system clipboard, else OSC 52 "
        "through the terminal (SSH, tmux), else a file; stderr says which.",
    )
    cite.add_argument("ids", nargs="+", metavar="ID")
    cite.add_argument(
        "-f", "--format", choices=list(FORMATS), default=DEFAULT_FORMAT,
        help=f"citation format (default: {DEFAULT_FORMAT})",
    )  # fmt: skip
    cite.add_argument("--copy", action="store_true", help="copy instead of printing")
    cite.set_defaults(func=run_cite)

    export = subparsers.add_parser(
        "export",
        help="export papers (with tags and notes) to a file",
        description="Export the library, its bookmarks, a tag or a search to FILE. "
        "json is papertui's own lossless format (re-importable with `papertui import`). "
        "BibTeX/BibLaTeX/RIS/CSL-JSON include your tags as keywords and your note.",
    )
    export.add_argument("-f", "--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("query", nargs="?", metavar="QUERY", help="only papers matching QUERY")
    which = export.add_mutually_exclusive_group()
    which.add_argument("--bookmarked", action="store_true", help="only bookmarked papers")
    which.add_argument("--tag", metavar="TAG", help="only papers tagged TAG")
    which.add_argument("--list", metavar="NAME", help="the papers of a reading list, in order")
    export.add_argument(
        "--limit", type=count_limit, default=0,
        help="with QUERY: at most this many papers, best first (default 0: all that match)",
    )  # fmt: skip
    export.add_argument(
        "-o", "--output", metavar="FILE", default="-",
        help="output file (default, or -: stdout); an existing file needs --force",
    )  # fmt: skip
    export.add_argument(
        "--force", action="store_true", help="replace an existing output file (its mode is kept)"
    )
    export.set_defaults(func=run_export)


def safe_output(fmt: str) -> Callable[[str], str]:
    """Control and bidi-override characters made harmless: escaped in JSON formats
    (losslessly), shown as symbols in text formats."""
    return escape_in_json if fmt in ("csl-json", "json") else printable_lines


def warn_dropped(ctx: CliContext, dropped: list[Dropped]) -> None:
    """One stderr line per paper whose BibTeX left out characters pdflatex cannot typeset."""
    for found in dropped:
        ctx.warn(f"papertui: warning: {found.describe()}")


# ---- cite ----------------------------------------------------------------------------


def run_cite(args: argparse.Namespace, ctx: CliContext) -> int:
    library = ctx.library()
    papers: list[Paper] = []
    for wanted in args.ids:
        paper = library.resolve(wanted)
        if paper is None:
            raise CliError(f"no paper with id {wanted!r} in {ctx.paths.data_dir}")
        papers.append(paper)
    with collect_dropped() as dropped:
        text = format_many(papers, args.format)
    warn_dropped(ctx, dropped)
    if not args.copy:
        ctx.print(safe_output(args.format)(text))
        return 0
    from papertui.clipboard import copy_text

    result = copy_text(text)
    what = f"{len(papers)} citation{'s' if len(papers) > 1 else ''} ({args.format})"
    if result.copied:
        ctx.warn(f"papertui: {what}: {result.detail}")
        return 0
    ctx.print(safe_output(args.format)(text))  # nothing was copied: show it for copying by hand
    ctx.warn(f"papertui: {what} not copied: {result.detail}")
    return 0 if result.method == "file" else 1


# ---- export ----------------------------------------------------------------------------


def _select_ids(args: argparse.Namespace, ctx: CliContext) -> list[str] | None:
    """The ids to export in order, or None for the whole library."""
    if args.query and (args.bookmarked or args.tag or args.list):
        raise CliError("give either QUERY or --bookmarked/--tag/--list, not both")
    library = ctx.library()
    if args.list:
        from papertui.store.reading_lists import ReadingListError

        try:
            return library.list_items(args.list)
        except ReadingListError as exc:
            raise CliError(str(exc)) from None
    if args.bookmarked:
        return library.ids_matching(bookmarked=True)
    if args.tag:
        return library.ids_matching(tag=args.tag)
    if args.query:
        results = ctx.search(args.query, limit=args.limit)
        if results.notice:
            ctx.warn(f"papertui: {results.notice}")
        return [hit.id for hit in results.hits]
    return None


def _batches(ctx: CliContext, ids: list[str] | None) -> Iterator[list[Paper]]:
    """The selected papers, CHUNK at a time (memory stays flat for big libraries)."""
    library = ctx.library()
    if ids is None:
        batch: list[Paper] = []
        for paper in library.iter_changed(0):
            batch.append(paper)
            if len(batch) >= CHUNK:
                yield batch
                batch = []
        if batch:
            yield batch
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = library.get_many(chunk)
        yield [found[i] for i in chunk if i in found]


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    ids = _select_ids(args, ctx)
    count = [0]

    library = ctx.library()
    states: dict[str, PaperState] = {}

    def papers() -> Iterator[Paper]:
        for batch in _batches(ctx, ids):
            states.clear()  # user state fetched per batch, looked up as each paper is written
            states.update(library.states_for(p.id for p in batch))
            count[0] += len(batch)
            yield from batch

    def write(fh: TextIO) -> None:
        if args.format == "json":
            from papertui.importers import write_papertui_json

            write_papertui_json(papers(), fh, states)
            return
        safe = safe_output(args.format)
        for piece in iter_formatted(papers(), args.format, states=states):
            fh.write(safe(piece))
        fh.write("\n")

    with collect_dropped() as dropped:
        try:
            write_output(args.output, write, force=args.force, stdout=ctx.out)
        except OutputRefused as exc:
            raise CliError(str(exc)) from exc
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    warn_dropped(ctx, dropped)
    where = "stdout" if args.output == "-" else args.output
    ctx.warn(f"papertui: exported {count[0]} paper{'s' if count[0] != 1 else ''} to {where}")
    return 0
