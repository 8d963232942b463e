"""`papertui dedupe [--dry-run]`: merge records in the library that are one paper."""

from __future__ import annotations

import argparse

from papertui.cli.context import CliContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dedupe",
        help="merge records that are the same paper (--dry-run lists them)",
        description="Merge records that are the same paper under different ids: the same "
        "arXiv id or DOI, or the same title with nothing contradicting it (different "
        "arXiv ids, DOIs or first authors). Short generic titles merge only when the "
        "first authors agree. Imports already do this; this command is for records "
        "written before, or after a change to those rules. Bookmarks, tags and notes "
        "move to the merged record and the old ids keep finding it.",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="list what would merge and change nothing"
    )
    parser.add_argument(
        "--no-index", action="store_true", help="do not update the search index afterwards"
    )
    parser.set_defaults(func=run_dedupe)


def run_dedupe(args: argparse.Namespace, ctx: CliContext) -> int:
    merges, removed = ctx.library().dedupe(dry_run=args.dry_run)
    for merge in merges:
        ctx.print(f"{merge.absorbed}\t-> {merge.kept}\t{merge.rule}\t{merge.title}")
    if args.dry_run:
        ctx.warn(
            f"papertui: {removed} record{'s' if removed != 1 else ''} would merge into others "
            "(dry run: nothing changed)"
        )
        return 0
    ctx.warn(f"papertui: merged {removed} record{'s' if removed != 1 else ''} into others")
    if removed and not args.no_index:
        ctx.update_index(answers=True)
    return 0
