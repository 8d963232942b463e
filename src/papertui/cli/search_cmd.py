"""`papertui search`, `papertui related` and `papertui reindex`."""

from __future__ import annotations

import argparse
import atexit
import gc
import re
from typing import Any

from papertui.cli.context import CliContext, CliError, count_limit
from papertui.models import Paper
from papertui.sanitize import json_text
from papertui.search.highlight import clean
from papertui.search.results import IN_FULL_TEXT, Hit, Spans

_BOLD, _RESET = "\x1b[1;7m", "\x1b[0m"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


SEARCH_OPTIONS = {
    "--limit": True,
    "--sort": True,
    "--json": False,
    "--strict": False,
    "-h": False,
    "--help": False,
}  # fmt: skip  (option: takes a value)


def query_last(words: list[str]) -> list[str]:
    """`papertui search` arguments with the query words moved after `--`, so a query
    word starting with `-` (`-survey`, `-(a OR b)`) is a word, not an option. The
    options above are options wherever they stand (`--limit=5` too); a `--` the user
    typed is dropped, so options after it still count."""
    options: list[str] = []
    query: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        name = word.split("=", 1)[0]
        if name in SEARCH_OPTIONS:
            options.append(word)
            if SEARCH_OPTIONS[name] and "=" not in word and i + 1 < len(words):
                options.append(words[i + 1])
                i += 1
        elif word != "--":
            query.append(word)
        i += 1
    return [*options, "--", *query] if query else options


def register(subparsers: Any) -> None:
    search = subparsers.add_parser(
        "search",
        help="search the library (see the query language)",
        description="Search titles, abstracts, authors, notes and saved full texts "
        '(a hit found mainly in its full text says "in full text"). '
        'Syntax: words, "phrases", OR, -word, prefix*, word~, '
        "title: abstract: body: author: cat: year: date: tag: is: has: id:. "
        "Words starting with - "
        "(-survey) are query words; the options may stand anywhere.",
    )
    search.add_argument("query", nargs="+", help="the query")
    search.add_argument(
        "--limit", type=count_limit, default=20, metavar="N",
        help="show at most N papers (default 20; 0 = all); stderr says how many matched",
    )  # fmt: skip
    search.add_argument(
        "--sort", choices=("relevance", "date", "title", "upvotes"), default="relevance"
    )
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.add_argument(
        "--strict",
        action="store_true",
        help="only papers with all the words (by default, when none has them all, "
        "the papers with most of them are shown, and stderr says so)",
    )
    search.set_defaults(func=run_search)

    related = subparsers.add_parser("related", help="papers similar to one paper")
    related.add_argument("id", help="a paper id in any form (arXiv id, URL, DOI)")
    related.add_argument(
        "--limit", type=count_limit, default=10, metavar="N", help="default 10; 0 = all"
    )
    related.add_argument("--json", action="store_true", help="machine-readable output")
    related.set_defaults(func=run_related)

    reindex = subparsers.add_parser("reindex", help="rebuild the search index from the library")
    reindex.set_defaults(func=run_reindex)


def matching(shown: int, total: int, estimate: bool = False) -> str:
    """ "20 of 113 matching papers", "1 matching paper", "about 2,000 matching papers"."""
    noun = "paper" if total == 1 else "papers"
    about = "about " if estimate else ""
    if shown < total:
        return f"{shown:,} of {about}{total:,} matching {noun}"
    return f"{about}{total:,} matching {noun}"


def _safe(text: str) -> str:
    return _UNSAFE.sub("", clean(text))


def _styled(spans: Spans, tty: bool) -> str:
    if not tty:
        return _safe("".join(text for text, _ in spans))
    return "".join(f"{_BOLD}{_safe(t)}{_RESET}" if hit else _safe(t) for t, hit in spans)


def _record(paper: Paper, hit: Hit) -> dict[str, Any]:
    return {
        "id": paper.id,
        "score": round(hit.score, 4),
        "in_full_text": hit.in_full_text,
        "title": paper.display_title,
        "authors": [a.display_name for a in paper.authors],
        "published": paper.published,
        "published_precision": paper.date_precision,
        "categories": list(paper.categories),
    }


def _print_hits(ctx: CliContext, hits: list[Hit], as_json: bool) -> None:
    papers = ctx.library().get_many([h.id for h in hits])
    shown = [(h, papers[h.id]) for h in hits if h.id in papers]
    if as_json:
        ctx.print(json_text([_record(p, h) for h, p in shown], indent=1))
        return
    tty = ctx.out.isatty()
    width = max((len(p.id) for _, p in shown), default=2)
    for hit, paper in shown:
        title = _styled(hit.title_spans, tty) if hit.title_spans else _safe(paper.display_title)
        first = paper.authors[0].display_name if paper.authors else ""
        if len(paper.authors) > 1:
            first += " et al."
        by = f"  — {_safe(first)}" if first else ""
        where = f"  [{IN_FULL_TEXT}]" if hit.in_full_text else ""
        ctx.print(
            f"{_safe(paper.id):<{width}}  {paper.display_published or '----------':10}  "
            f"{title}{by}{where}"
        )


def quick_exit() -> None:
    """When the process ends, its objects are frozen (`gc.freeze`), so that the
    interpreter's last collections do not walk every object of numpy, Whoosh and
    the index: ~0.04 s of CPU, a tenth of a `papertui search` process
    (docs/BENCHMARKS.md). Only for commands that write nothing but their output
    (standard streams are flushed at exit all the same)."""
    atexit.unregister(gc.freeze)  # once, however often a test calls `main`
    atexit.register(gc.freeze)


def run_search(args: argparse.Namespace, ctx: CliContext) -> int:
    quick_exit()
    query = " ".join(args.query)
    results = ctx.search(
        query, sort=args.sort, limit=args.limit, highlight=True, strict=args.strict
    )
    _print_hits(ctx, results.hits, args.json)
    ctx.warn(matching(len(results.hits), results.total, results.total_is_estimate))
    if results.notice:
        ctx.warn(results.notice)
    if results.suggestion:
        ctx.warn(f"Did you mean: {_safe(results.suggestion.strip())}")
    return 0


def run_related(args: argparse.Namespace, ctx: CliContext) -> int:
    quick_exit()
    paper = ctx.library().resolve(args.id)
    if paper is None:
        raise CliError(f"no paper {_safe(args.id)!r} in the library")
    limit = args.limit or ctx.library().count()
    hits = ctx.reading_index(lambda index: index.related(paper.id, limit=limit))
    _print_hits(ctx, hits, args.json)
    if not hits:
        ctx.warn("no closely related papers in the library")
    return 0


def run_reindex(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.search.sync import rebuild

    index = ctx.index(sync=False)
    count = rebuild(ctx.library(), index, progress=ctx.progress_printer())
    ctx.warn(f"indexed {count:,} papers")
    return 0
