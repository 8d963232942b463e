"""`papertui show ID` and `papertui stats`."""

from __future__ import annotations

import argparse

from papertui.cli.context import CliContext, CliError
from papertui.models import Paper, PaperState
from papertui.sanitize import json_text, printable, shortened


def register(subparsers: argparse._SubParsersAction) -> None:
    show = subparsers.add_parser(
        "show",
        help="show one paper",
        description="Show one paper. ID may be any form: 2401.12345, arXiv:2401.12345v2, "
        "an arxiv.org abs/pdf URL, hep-th/9901001, a DOI, or a papertui id.",
    )
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the full record as JSON")
    show.set_defaults(func=run_show)

    stats = subparsers.add_parser("stats", help="library counts and locations")
    stats.add_argument("--json", action="store_true", help="print as JSON")
    stats.set_defaults(func=run_stats)


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    paper = ctx.library().resolve(args.id)
    if paper is None:
        raise CliError(f"no paper with id {args.id!r} in {ctx.paths.data_dir}")
    state = ctx.library().states_for([paper.id]).get(paper.id)
    if args.json:
        record = paper.to_dict()
        record["published_precision"] = paper.date_precision
        record["state"] = (state or PaperState(paper_id=paper.id)).to_dict()
        ctx.print(json_text(record, indent=2))
        return 0
    for line in describe(paper, state):
        ctx.print(line)
    return 0


def describe(paper: Paper, state: PaperState | None = None) -> list[str]:
    def clean(text: str) -> str:
        return printable(shortened(text), single_line=True)

    lines = [clean(paper.display_title), ""]
    fields: list[tuple[str, str]] = [
        ("id", paper.id),
        ("authors", "; ".join(a.display_name for a in paper.authors)),
        ("published", paper.display_published),
        ("updated", paper.updated if paper.updated != paper.published else ""),
        ("categories", " ".join(paper.categories)),
        (
            "arXiv",
            f"{paper.arxiv_id}v{paper.arxiv_version}" if paper.arxiv_version else paper.arxiv_id,
        ),
        ("DOI", paper.doi),
        ("journal", paper.journal_ref),
        ("comment", paper.comment),
        ("page", paper.abstract_page),
        ("PDF", paper.pdf_link),
        ("upvotes", str(paper.extras["upvotes"]) if "upvotes" in paper.extras else ""),
        ("github", str(paper.extras.get("github_repo") or "")),
        ("sources", ", ".join(paper.sources)),
    ]
    if state is not None:
        fields += [
            ("bookmarked", state.bookmarked_at[:10]),
            ("read", state.read_at[:10]),
            ("tags", " ".join(f"#{t}" for t in state.tags)),
        ]
    lines += [f"{name:>10}  {clean(value)}" for name, value in fields if value]
    if paper.abstract:
        lines += ["", printable(shortened(paper.display_abstract))]
    if state is not None and state.note:
        lines += ["", "note:", printable(shortened(state.note))]
    return lines


def run_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    stats = ctx.library().stats()
    stats["data_dir"] = str(ctx.paths.data_dir)
    stats["store"] = str(ctx.paths.store)
    stats["index"] = str(ctx.paths.index_dir)
    if args.json:
        ctx.print(json_text(stats, indent=2))
        return 0
    ctx.print(f"papers     {stats['papers']:,}")
    ctx.print(f"data dir   {stats['data_dir']}")
    ctx.print(f"store      {stats['store']}")
    ctx.print(f"index      {stats['index']}")
    for title, key in (
        ("by source", "by_source"),
        ("by primary category", "by_primary_category"),
        ("by year", "by_year"),
    ):
        counts: dict[str, int] = stats[key]  # type: ignore[assignment]
        if not counts:
            continue
        ctx.print(f"\n{title}:")
        shown = list(counts.items())[:15]
        for name, count in shown:
            ctx.print(f"  {name:<20} {count:>8,}")
        if len(counts) > len(shown):
            rest = sum(list(counts.values())[15:])
            ctx.print(f"  {'(others)':<20} {rest:>8,}")
        if key == "by_year" and stats.get("undated"):
            ctx.print(f"  {'undated':<20} {stats['undated']:>8,}")
    return 0
