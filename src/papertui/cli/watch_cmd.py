"""`papertui watch list|add|remove|run`: saved searches and authors that flag new papers.

Watches live in the config file (`[watch.NAME]` tables, see `papertui.watch_config`);
what they matched lives in the library. `flag_new_papers` runs them after an
import or a fetch.
"""

from __future__ import annotations

import argparse

from papertui.cli.context import CliContext, CliError
from papertui.sanitize import printable
from papertui.watch_config import Watch, WatchConfigError, watch_key
from papertui.watching import WatchRun, matching, run_watches


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "watch",
        help="saved searches and authors that flag new papers",
        description="Watches are saved searches (any query) and authors, named, kept in the "
        "config file. After every import or fetch, papers a watch matches for the first time "
        "are flagged: search them with is:watched or watch:NAME. A watch's first run only "
        "records what it matches already.",
    )
    actions = parser.add_subparsers(dest="watch_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="the watches and their new papers").set_defaults(func=run_list)
    add = actions.add_parser("add", help="watch a query (or an author with --author)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", nargs="*", metavar="QUERY", help="e.g. '\"state space\" cat:cs.LG'")
    add.add_argument("--author", metavar="AUTHOR", default="", help="watch this author instead")
    add.set_defaults(func=run_add)
    remove = actions.add_parser("remove", help="stop watching (its flags are dropped)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)
    run = actions.add_parser("run", help="run watches now and list the papers new to them")
    run.add_argument("names", nargs="*", metavar="NAME", help="default: every watch")
    run.set_defaults(func=run_run)


def configured_watches(ctx: CliContext) -> tuple[Watch, ...]:
    from papertui.config import load_config

    config = load_config(ctx.config_file)
    for problem in config.problems:
        if problem.startswith("[watch"):
            ctx.warn(f"papertui: config: {problem}")
    return config.watches


def _search(ctx: CliContext, query: str) -> tuple[list[str], str | None]:
    results = ctx.search(query)
    return [hit.id for hit in results.hits], results.notice


def flag_watches(ctx: CliContext, watches: tuple[Watch, ...]) -> list[WatchRun]:
    """Run `watches`, then bring the index up to date with the flags they set."""
    from papertui.search.sync import ensure_index

    runs = run_watches(ctx.library(), lambda q: _search(ctx, q), watches)
    if any(run.new for run in runs):
        ensure_index(ctx.library(), ctx.index(), answers=False)  # (flags: a state change)
    return runs


def flag_new_papers(ctx: CliContext) -> None:
    """After an import or fetch: run every watch and say which found new papers."""
    watches = configured_watches(ctx)
    if not watches:
        return
    try:
        runs = flag_watches(ctx, watches)
    except Exception as exc:  # the papers are in; only the flags are missing
        ctx.warn(f"papertui: watches not run ({exc}); run `papertui watch run`")
        return
    for run in runs:
        if run.problem:
            ctx.warn(f"papertui: watch {run.watch.name!r} not run: {run.problem}")
        elif run.new:
            ctx.print(f"{len(run.new)} new for {run.watch.name}")


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    watches = configured_watches(ctx)
    if not watches:
        ctx.warn("papertui: no watches yet; add one: papertui watch add NAME QUERY")
        return 0
    flagged: dict[str, int] = {}
    for hit in ctx.library().watch_hits_since(""):
        flagged[hit.watch] = flagged.get(hit.watch, 0) + 1
    for watch in watches:
        ctx.print(f"{watch.name}\t{flagged.get(watch.key, 0)} new\t{watch.describe}")
    return 0


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.paths import config_path
    from papertui.watch_config import add_watch

    query = " ".join(args.query).strip()
    if bool(query) == bool(args.author.strip()):
        raise CliError("usage: papertui watch add NAME QUERY... | NAME --author AUTHOR", 2)
    if not watch_key(args.name):
        raise CliError("a watch needs a name", 2)
    watch = Watch(args.name.strip(), query, args.author.strip())
    problem = _search(ctx, watch.search_query)[1]
    if problem:
        raise CliError(f"{watch.search_query!r}: {problem}; the watch was not added", 2)
    try:
        add_watch(watch, ctx.config_file)
    except WatchConfigError as exc:
        raise CliError(str(exc)) from None
    ctx.library().forget_watch(watch.key)  # a watch of the same name removed by hand
    (run,) = flag_watches(ctx, (watch,))
    ctx.print(
        f"watching {watch.name!r} (saved in {ctx.config_file or config_path()}): "
        f"{matching(run.matched)} now; "
        "papers it matches after the next import or fetch will be flagged"
    )
    return 0


def run_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.watch_config import remove_watch

    try:
        watch = remove_watch(args.name, ctx.config_file)
    except WatchConfigError as exc:
        raise CliError(str(exc)) from None
    dropped = ctx.library().forget_watch(watch.key)
    if dropped:
        ctx.update_index()
    ctx.print(f"stopped watching {watch.name!r} ({dropped} flags dropped)")
    return 0


def run_run(args: argparse.Namespace, ctx: CliContext) -> int:
    watches = configured_watches(ctx)
    wanted = {watch_key(n) for n in args.names}
    unknown = wanted - {w.key for w in watches}
    if unknown:
        raise CliError(f"no watch named {', '.join(sorted(unknown))}", 2)
    chosen = tuple(w for w in watches if not wanted or w.key in wanted)
    if not chosen:
        ctx.warn("papertui: no watches yet; add one: papertui watch add NAME QUERY")
        return 0
    runs = flag_watches(ctx, chosen)
    papers = ctx.library().get_many(i for run in runs for i in run.new)
    for run in runs:
        if run.problem:
            ctx.warn(f"papertui: watch {run.watch.name!r} not run: {run.problem}")
            continue
        ctx.print(f"{run.watch.name}: {len(run.new)} new, {run.matched} matching")
        for paper_id in run.new:
            title = papers[paper_id].display_title if paper_id in papers else ""
            ctx.print(f"  {paper_id}\t{printable(title)}")
    return 1 if any(run.problem for run in runs) else 0
