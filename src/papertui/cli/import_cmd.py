"""`papertui import PATH...`: fill the library from files of any supported format."""

from __future__ import annotations

import argparse
from pathlib import Path

from papertui.cli.context import CliContext

FORMAT_NAMES = ("hf-listing", "hf-api", "arxiv-atom", "arxiv-snapshot", "bibtex", "papertui-json")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import papers from files (format detected from the content)",
        description="Import papers from files. The format is detected from the content: "
        "Hugging Face listing text or API JSON, arXiv API Atom, arXiv bulk snapshot "
        "(JSON lines, optionally .gz), BibTeX, papertui JSON export. Each file is "
        "imported all-or-nothing unless --skip-invalid is given. A paper already in the "
        "library, from this or another source (same arXiv id, DOI, or title with nothing "
        "contradicting it), updates its one record; it never makes a duplicate.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--format", choices=FORMAT_NAMES, help="skip detection and read as FORMAT")
    parser.add_argument(
        "--category",
        metavar="CAT",
        help="arXiv snapshot only: keep papers in CAT (cs.LG) or a whole archive (cs)",
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the good records of a file and list the bad ones",
    )
    parser.add_argument(
        "--no-index", action="store_true", help="do not update the search index afterwards"
    )
    parser.set_defaults(func=run_import)


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.importers import ImportFailed
    from papertui.library_import import import_file
    from papertui.store import ImportCounts

    library = ctx.library()
    total = ImportCounts()
    failures = 0
    for path in args.paths:
        progress = ctx.progress_printer()
        try:
            report = import_file(
                library,
                path,
                fmt=args.format,
                category=args.category,
                skip_invalid=args.skip_invalid,
                on_progress=lambda done, p=progress, name=path.name: p(
                    done, None, f"importing {name}"
                ),
            )
        except ImportFailed as exc:
            progress.finish()
            ctx.warn(f"papertui: {exc} (nothing imported from this file)")
            failures += 1
            continue
        progress.finish()
        c = report.counts
        total += c
        merged = f" ({c.merged} joined a record of the same paper)" if c.merged else ""
        ctx.print(
            f"{path}: {c.added} added, {c.updated} updated{merged}, {c.unchanged} unchanged, "
            f"{c.failed} failed"
        )
        for bad in report.bad:
            ctx.warn(f"  skipped {path}:{bad.location}: {bad.message}")
    if len(args.paths) > 1:
        ctx.print(
            f"total: {total.added} added, {total.updated} updated, {total.unchanged} unchanged, "
            f"{total.failed} failed, {failures} file(s) not imported"
        )
    if not args.no_index and total.added + total.updated:
        from papertui.cli.watch_cmd import flag_new_papers

        ctx.update_index(answers=True)
        flag_new_papers(ctx)
    return 1 if failures else 0
