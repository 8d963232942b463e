"""`papertui pick [--format F] [--bib FILE] [QUERY]`: choose papers in a full-screen
picker drawn on the terminal; their keys (or entries) go to stdout, for editors."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.cli.context import CliContext, CliError
from papertui.picking import OUTPUTS, PickSource

if TYPE_CHECKING:
    from papertui.models import Paper

CANCELLED = 1  # esc: nothing printed


def register(subparsers: argparse._SubParsersAction) -> None:
    pick = subparsers.add_parser(
        "pick",
        help="choose papers in a picker and print their citation keys (for editors)",
        description="Open a full-screen picker over the library on the terminal (/dev/tty): "
        "type to filter (words, author:, tag:, a year, the start of a key), up/down to move, "
        "tab to mark several, enter to accept, esc to cancel (exit status 1, nothing printed). "
        "Only the result goes to stdout, so an editor can read it; it also works in a tmux "
        "popup. Formats: key (a,b), latex (\\cite{a,b}), pandoc or markdown ([@a; @b]), "
        "bibtex (the entries).",
    )
    pick.add_argument("query", nargs="*", help="start with this query typed")
    pick.add_argument("--format", choices=OUTPUTS, default="key", help="default: key")
    pick.add_argument(
        "--bib",
        type=Path,
        metavar="FILE",
        help="a .bib kept by `papertui bib sync` (created if missing): print the keys the "
        "papers have there and add the chosen ones to it (later syncs keep them)",
    )
    pick.set_defaults(func=run_pick)


def run_pick(args: argparse.Namespace, ctx: CliContext) -> int:
    library = ctx.library()
    if library.count() == 0:
        raise CliError(
            "the library is empty: nothing to pick (add papers with `papertui import FILE` "
            "or `papertui fetch`)"
        )
    if args.bib is not None:
        _check_bib(args.bib)
    terminal = _terminal()
    source = PickSource(ctx.paths, library, bib=args.bib)
    painted = None
    try:
        from papertui.ui.pick.first_frame import FirstFrame

        first = source.search("")  # the newest papers, from the store alone
        query = " ".join(args.query)
        painted = FirstFrame.paint(terminal, first.rows, first.total, query)
        from papertui.ui.pick.app import run_picker  # (Textual: ~0.4 s to import and start)

        chosen = run_picker(source, first, query, terminal, painted)
    finally:
        if painted is not None:
            painted.close()
        os.close(terminal)
        source.close()
    return deliver(args, ctx, source, chosen)


def deliver(
    args: argparse.Namespace, ctx: CliContext, source: PickSource, chosen: list[str] | None
) -> int:
    """After the picker: add the chosen papers to --bib, print them; the exit status."""
    if chosen is None:
        return CANCELLED
    found = ctx.library().get_many(chosen)
    papers = [found[i] for i in chosen if i in found]
    if not papers:
        raise CliError("the chosen papers are no longer in the library; nothing printed")
    keys = _add_to_bib(args.bib, papers, ctx) if args.bib else source.keys_for(papers)
    from papertui.cite import collect_dropped
    from papertui.cli.cite_cmd import warn_dropped
    from papertui.picking import render_choice

    with collect_dropped() as dropped:
        text = render_choice(args.format, papers, keys)
    if args.format == "bibtex":
        warn_dropped(ctx, dropped)
    ctx.print(text)
    return 0


def _terminal() -> int:
    from papertui.ui.pick.terminal import NoTerminal, open_terminal

    try:
        return open_terminal()
    except NoTerminal as exc:
        raise CliError(
            f"pick needs a terminal to draw on ({exc}); from an editor without one, run it "
            "in a terminal or a tmux popup: tmux display-popup -E 'papertui pick > FILE'",
            2,
        ) from None


def _check_bib(path: Path) -> None:
    """Refuse a .bib the picker could not add to, before the user picks anything."""
    from papertui.bib_sync import BibSyncError, check_bib

    try:
        check_bib(path)
    except BibSyncError as exc:
        raise CliError(str(exc)) from None


def _add_to_bib(path: Path, papers: list[Paper], ctx: CliContext) -> dict[str, str]:
    from papertui.bib_sync import BibSyncError, add_to_bib
    from papertui.cite import collect_dropped
    from papertui.cli.cite_cmd import warn_dropped

    with collect_dropped() as dropped:
        try:
            report = add_to_bib(path, papers, ctx.library())
        except BibSyncError as exc:
            raise CliError(f"{exc}; nothing printed") from None
    warn_dropped(ctx, dropped)
    new = f"{report.added} added" if report.added else "all there already"
    ctx.warn(
        f"papertui: {path}: {len(papers)} chosen, {new}; {report.entries} entries from "
        "papertui (papers added by pick stay in later syncs)"
    )
    return report.keys
