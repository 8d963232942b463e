"""`papertui digest`: what is new since the last digest, for a terminal or cron.

Quiet on success with -o (the file is the result); exit status 0 when the digest
was written, 1 when it was written but a `--fetch` feed failed, 2 for bad usage.
The time of the last digest advances only once the digest was written.
"""

from __future__ import annotations

import argparse
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from papertui.cli.context import CliContext, CliError, count_limit

FORMAT_CHOICES = ("markdown", "text", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "digest",
        help="papers new to your watches, and the top Hugging Face papers, since the last digest",
        description="Papers flagged new by each watch since the last digest (or --since "
        "DATE), then the most upvoted Hugging Face papers added since then: title, authors, "
        "abstract and links. Cron-ready: with -o it prints nothing on success.",
    )
    parser.add_argument(
        "--since",
        default="last",
        metavar="last|DATE",
        help="'last' (default: since the last digest, or the last 24 hours) or YYYY-MM-DD",
    )
    parser.add_argument("--format", choices=FORMAT_CHOICES, default="markdown")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    parser.add_argument(
        "--fetch", action="store_true", help="refresh the saved feeds first (as papertui fetch)"
    )
    parser.add_argument(
        "--per-watch", type=count_limit, default=20, metavar="N", help="papers per watch (20)"
    )
    parser.add_argument("--top", type=count_limit, default=10, metavar="N", help="top papers (10)")
    parser.set_defaults(func=run_digest)


def since_stamp(text: str, last: str, now: datetime) -> str:
    """The ISO time a digest starts from."""
    if text == "last":
        return last or (now - timedelta(days=1)).isoformat(timespec="seconds")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--since: expected 'last' or a date YYYY-MM-DD, not {text!r}", 2) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat(timespec="seconds")


def run_digest(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.atomic import write_text
    from papertui.cli.watch_cmd import configured_watches, flag_watches
    from papertui.digest import collect, render

    now = datetime.now(UTC)
    library = ctx.library()
    since = since_stamp(args.since, library.last_digest(), now)
    failed = _fetch_feeds(ctx) if args.fetch else 0
    watches = configured_watches(ctx)
    if watches:
        for run in flag_watches(ctx, watches):
            if run.problem:
                ctx.warn(f"papertui: watch {run.watch.name!r} not run: {run.problem}")
    made = now.isoformat(timespec="milliseconds")  # as the watch flags' first_seen
    digest = collect(library, watches, since, made, per_watch=args.per_watch or 10**9, top=args.top)
    text = render(digest, args.format)
    if args.output:
        write_text(args.output, text)
    else:
        ctx.out.write(text)
        ctx.out.flush()
    library.set_last_digest(made)
    return 1 if failed else 0


def _fetch_feeds(ctx: CliContext) -> int:
    """Refresh the saved feeds as `papertui fetch` does; its report is kept off stdout
    (the digest may be going there). Failures are said on stderr: how many failed."""
    from papertui.cli.fetch_cmd import refresh_feeds

    stdout = ctx.out
    ctx.out = io.StringIO()
    try:
        return refresh_feeds(ctx)
    finally:
        ctx.out = stdout
