"""`papertui list create|add|remove|move|show|delete`: reading lists, named and ordered.

`papertui list` without an action still lists papers (`state_cmd.run_list`); the
actions are registered on that parser by `register_actions`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from papertui.cli.context import CliContext, CliError

T = TypeVar("T")


def register_actions(listing: argparse.ArgumentParser) -> None:
    actions = listing.add_subparsers(dest="list_action", metavar="ACTION", required=False)
    create = actions.add_parser("create", help="a new, empty reading list")
    create.add_argument("name", metavar="NAME")
    create.set_defaults(func=run_create)
    add = actions.add_parser("add", help="add papers to a list (at the end, or --at N)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("ids", nargs="+", metavar="ID")
    add.add_argument("--at", type=int, default=0, metavar="N", help="insert at position N")
    add.set_defaults(func=run_add)
    remove = actions.add_parser("remove", help="take papers out of a list")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("ids", nargs="+", metavar="ID")
    remove.set_defaults(func=run_remove)
    move = actions.add_parser("move", help="move a paper to position N of a list")
    move.add_argument("name", metavar="NAME")
    move.add_argument("id", metavar="ID")
    move.add_argument("position", type=int, metavar="N")
    move.set_defaults(func=run_move)
    show = actions.add_parser("show", help="a list's papers in order (no NAME: every list)")
    show.add_argument("name", nargs="?", metavar="NAME")
    show.set_defaults(func=run_show)
    delete = actions.add_parser("delete", help="delete a list (its papers stay in the library)")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(func=run_delete)


def _store(call: Callable[[], T]) -> T:
    from papertui.store.reading_lists import ReadingListError

    try:
        return call()
    except ReadingListError as exc:
        raise CliError(str(exc)) from None


def _ids(ctx: CliContext, texts: list[str]) -> list[str]:
    ids = []
    for text in texts:
        paper = ctx.library().resolve(text)
        if paper is None:
            raise CliError(f"no paper with id {text!r} in {ctx.paths.data_dir}")
        ids.append(paper.id)
    return ids


def run_create(args: argparse.Namespace, ctx: CliContext) -> int:
    name = _store(lambda: ctx.library().create_list(args.name))
    ctx.print(f"created the list {name!r}")
    return 0


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    ids = _ids(ctx, args.ids)
    library = ctx.library()
    added = _store(lambda: library.add_to_list(args.name, ids, args.at))
    name = library.list_name(args.name)
    ctx.print(f"added {len(added)} paper{'s' * (len(added) != 1)} to {name!r}")
    if len(added) < len(ids):
        ctx.print(f"already in {name!r}: {', '.join(i for i in ids if i not in added)}")
    if added:
        ctx.update_index()
    return 0


def run_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    ids = _ids(ctx, args.ids)
    library = ctx.library()
    gone = _store(lambda: library.remove_from_list(args.name, ids))
    name = library.list_name(args.name)
    ctx.print(f"removed {len(gone)} paper{'s' * (len(gone) != 1)} from {name!r}")
    if len(gone) < len(ids):
        ctx.print(f"not in {name!r}: {', '.join(i for i in ids if i not in gone)}")
    if gone:
        ctx.update_index()
    return 0


def run_move(args: argparse.Namespace, ctx: CliContext) -> int:
    (paper_id,) = _ids(ctx, [args.id])
    at = _store(lambda: ctx.library().move_in_list(args.name, paper_id, args.position))
    ctx.print(f"{paper_id} is now number {at} of {ctx.library().list_name(args.name)!r}")
    return 0


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.cli.state_cmd import paper_line

    library = ctx.library()
    if args.name is None:
        lists = library.reading_lists()
        if not lists:
            ctx.warn('papertui: no reading lists yet; papertui list create "NAME" makes one')
        for name, count in lists:
            ctx.print(f"{name}\t{count} paper{'s' * (count != 1)}")
        return 0
    ids = _store(lambda: library.list_items(args.name))
    papers, states = library.get_many(ids), library.states_for(ids)
    for position, paper_id in enumerate(ids, 1):
        if paper_id in papers:
            ctx.print(f"{position}\t{paper_line(papers[paper_id], states.get(paper_id))}")
        else:  # added by id before the paper was imported
            ctx.print(f"{position}\t{paper_id}\t(not in the library)")
    return 0


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    library = ctx.library()
    name = _store(lambda: library.list_name(args.name))
    count = library.delete_list(args.name)
    if count:
        ctx.update_index()
    ctx.print(
        f"deleted the list {name!r} ({count} paper{'s' * (count != 1)}; they stay in the library)"
    )
    return 0
