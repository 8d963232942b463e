"""`papertui update [--bookmarked | --tag T | ID...]`: ask arXiv for newer versions,
journal references and DOIs of papers in the library; flag the ones that changed.

The papers are asked for by id, in batches, at arXiv's pace (`fetch.arxiv`); the
library is written only after every batch was read, in one transaction.
"""

from __future__ import annotations

import argparse

from papertui.cli.context import CliContext, CliError
from papertui.sanitize import printable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "update",
        help="ask arXiv for new versions, journal refs and DOIs; flag changed papers",
        description="Ask arXiv (by id, batched, rate-limited) about papers of the library: "
        "papers with a newer version, a journal reference or a DOI are updated and flagged "
        "(search them with is:updated); citations then use the published venue and DOI.",
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="these papers")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--bookmarked", action="store_true", help="the bookmarked papers")
    which.add_argument("--tag", metavar="TAG", help="the papers tagged TAG")
    which.add_argument("--clear", action="store_true", help="drop every is:updated flag")
    parser.set_defaults(func=run_update)


def _selected(args: argparse.Namespace, ctx: CliContext) -> list[str]:
    library = ctx.library()
    if args.bookmarked or args.tag:
        if args.ids:
            raise CliError("give either IDs or --bookmarked/--tag, not both", 2)
        return library.ids_matching(bookmarked=args.bookmarked, tag=args.tag)
    if not args.ids:
        raise CliError("say which papers: papertui update ID... | --bookmarked | --tag TAG", 2)
    ids = []
    for text in args.ids:
        paper = library.resolve(text)
        if paper is None:
            raise CliError(f"no paper with id {text!r} in {ctx.paths.data_dir}")
        ids.append(paper.id)
    return ids


def run_update(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.cli.fetch_cmd import configured_fetcher
    from papertui.fetch import FetchError, collect_arxiv, import_fetched
    from papertui.paper_updates import describe_change

    library = ctx.library()
    if args.clear:
        cleared = library.clear_updated()
        if cleared:
            ctx.update_index(answers=True)
        ctx.print(f"cleared {cleared} is:updated flag{'s' * (cleared != 1)}")
        return 0
    before = library.get_many(_selected(args, ctx))
    on_arxiv = {p.arxiv_id: p for p in before.values() if p.arxiv_id}
    if len(on_arxiv) < len(before):
        ctx.warn(f"papertui: {len(before) - len(on_arxiv)} paper(s) without an arXiv id skipped")
    if not on_arxiv:
        ctx.print("nothing to ask arXiv about")
        return 0
    progress = ctx.progress_printer()
    try:
        fetched = collect_arxiv(
            configured_fetcher(ctx), ids=list(on_arxiv), max_results=len(on_arxiv),
            progress=progress,
        )  # fmt: skip
    except FetchError as exc:
        raise CliError(f"{exc}; nothing was changed") from None
    finally:
        progress.finish()
    report = import_fetched(library, fetched)
    for note in report.notes:
        ctx.warn(f"papertui: {note}")
    current = library.canonical_ids(p.id for p in on_arxiv.values())
    after = library.get_many(current.values())
    changes: dict[str, str] = {}
    for paper in on_arxiv.values():
        now = after.get(current[paper.id])
        if now is not None and (what := describe_change(paper, now)):
            changes[now.id] = what
    if changes:
        library.flag_updated(changes)
        ctx.update_index(answers=True)
    for paper_id, what in changes.items():
        ctx.print(f"{paper_id}\t{printable(what, single_line=True)}")
    ctx.print(f"asked arXiv about {len(on_arxiv)} papers: {len(changes)} changed")
    return 0
