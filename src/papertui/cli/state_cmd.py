"""The user's own data from the shell: bookmark, tag, tags, note, list, state, backup, and
marking papers read (`papertui read --mark`, registered with `read` in read_cmd)."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from papertui import atomic
from papertui.cli.context import CliContext, CliError
from papertui.models import Paper, PaperState
from papertui.paths import cache_dir
from papertui.sanitize import printable
from papertui.store.state_methods import NoteChanged


def register(subparsers: argparse._SubParsersAction) -> None:
    bookmark = subparsers.add_parser("bookmark", help="bookmark papers (--remove to unbookmark)")
    bookmark.add_argument("ids", nargs="+", metavar="ID")
    bookmark.add_argument("--remove", action="store_true", help="remove the bookmarks")
    bookmark.set_defaults(func=run_bookmark)

    tag = subparsers.add_parser(
        "tag",
        help="add or remove tags: papertui tag ID... +tag -tag",
        description="Add (+tag) and remove (-tag) tags on papers. Tags are compared "
        "case-insensitively and shown as typed; spaces inside a tag become '-'.",
    )
    tag.add_argument("words", nargs="+", metavar="ID|+TAG|-TAG")
    tag.set_defaults(func=run_tag)

    tags = subparsers.add_parser("tags", help="all tags with their paper counts")
    tags.set_defaults(func=run_tags)

    note = subparsers.add_parser(
        "note",
        help="edit a paper's note in $EDITOR (or read it from stdin)",
        description="Edit the note of a paper. With stdin not a terminal, the note is read "
        "from stdin; otherwise $VISUAL / $EDITOR opens. --show prints it.",
    )
    note.add_argument("id", metavar="ID")
    note.add_argument("--show", action="store_true", help="print the note")
    note.set_defaults(func=run_note)

    listing = subparsers.add_parser(
        "list", help="list papers, optionally filtered; or manage reading lists (ACTION)"
    )
    listing.add_argument("--bookmarked", action="store_true")
    listing.add_argument("--tag", metavar="TAG")
    listing.add_argument("--unread", action="store_true")
    listing.add_argument("--limit", type=int, default=0, help="at most N papers (0 = all)")
    listing.set_defaults(func=run_list)
    from papertui.cli.reading_list_cmd import register_actions

    register_actions(listing)  # papertui list create|add|remove|move|show|delete

    state = subparsers.add_parser("state", help="export or merge your bookmarks, tags and notes")
    state_sub = state.add_subparsers(dest="state_command", metavar="ACTION", required=True)
    export = state_sub.add_parser(
        "export", help="write all user state as JSON (a private file: mode 0600)"
    )
    export.add_argument("file", help="the state file, or - for stdout")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.set_defaults(func=run_state_export)
    merge = state_sub.add_parser("import", help="merge a state file into this library")
    merge.add_argument("file", type=Path)
    merge.set_defaults(func=run_state_import)

    backup = subparsers.add_parser("backup", help="list, create or restore library backups")
    backup_sub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    backup_sub.add_parser("list", help="automatic and manual backups").set_defaults(
        func=run_backup_list
    )
    backup_sub.add_parser("create", help="back up the library now").set_defaults(
        func=run_backup_create
    )
    restore = backup_sub.add_parser("restore", help="put a backup in place of the library")
    restore.add_argument("file", nargs="?", type=Path, help="default: the latest backup")
    restore.set_defaults(func=run_backup_restore)


def _resolve(ctx: CliContext, text: str) -> Paper:
    paper = ctx.library().resolve(text)
    if paper is None:
        raise CliError(f"no paper with id {text!r} in {ctx.paths.data_dir}")
    return paper


def _daily_backup(ctx: CliContext) -> None:
    """Today's backup before the first change of the day. If it cannot be taken (a full
    disk) the change still goes ahead: it is small, and the library is sound."""
    import sqlite3

    from papertui.store.backup import BackupRefused, maybe_daily_backup

    if ctx.library().readonly:
        return  # the change itself will say why it cannot be made
    try:
        maybe_daily_backup(ctx.paths.store, ctx.paths.backups_dir)
    except (OSError, sqlite3.Error, BackupRefused) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        ctx.warn(f"papertui: warning: today's backup was skipped ({reason})")


def run_bookmark(args: argparse.Namespace, ctx: CliContext) -> int:
    papers = [_resolve(ctx, i) for i in args.ids]
    _daily_backup(ctx)
    before = ctx.library().set_bookmarked([p.id for p in papers], not args.remove)
    was = {i for i, state in before.items() if state is not None and state.bookmarked}
    if args.remove:
        changed, unchanged = sorted(was), sorted(set(before) - was)
        done, not_done = "removed the bookmark of", "not bookmarked, nothing to remove:"
    else:
        changed, unchanged = sorted(set(before) - was), sorted(was)
        done, not_done = "bookmarked", "already bookmarked:"
    if changed:
        ctx.print(f"{done} {changed[0] if len(changed) == 1 else f'{len(changed)} papers'}")
        ctx.update_index()
    if unchanged:
        ctx.print(f"{not_done} {', '.join(unchanged)}")
    return 0


def run_tag(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.tags import normalise_tag

    add = [normalise_tag(w[1:]) for w in args.words if w.startswith("+") and len(w) > 1]
    remove = [normalise_tag(w[1:]) for w in args.words if w.startswith("-") and len(w) > 1]
    ids = [w for w in args.words if not w.startswith(("+", "-"))]
    if not ids or not (add or remove):
        raise CliError("usage: papertui tag ID... +tag -tag (at least one id and one tag)", 2)
    papers = [_resolve(ctx, i) for i in ids]
    _daily_backup(ctx)
    before = ctx.library().change_tags([p.id for p in papers], add=add, remove=remove)
    had = {i: {t.casefold() for t in s.tags} if s else set() for i, s in before.items()}
    for paper_id, tags in had.items():
        added = [t for t in add if t.casefold() not in tags]
        removed = [t for t in remove if t.casefold() in tags]
        absent = [t for t in remove if t.casefold() not in tags and t not in add]
        parts = [f"+{t}" for t in added] + [f"-{t}" for t in removed]
        line = f"{paper_id}: {' '.join(parts) if parts else 'no change'}"
        if absent:
            line += f" ({', '.join(absent)} was not there)"
        ctx.print(line)
    ctx.update_index()
    return 0


def run_tags(args: argparse.Namespace, ctx: CliContext) -> int:
    counts = ctx.library().tag_counts()
    if not counts:
        ctx.warn("no tags yet (papertui tag ID +tag adds one)")
    for name, count in counts:
        ctx.print(f"{count:>6}  {printable(name, single_line=True)}")
    return 0


def run_read(args: argparse.Namespace, ctx: CliContext) -> int:
    papers = [_resolve(ctx, i) for i in args.ids]
    ctx.library().set_read([p.id for p in papers], not args.unread)
    ctx.print(f"marked {len(papers)} paper(s) {'unread' if args.unread else 'read'}")
    ctx.update_index()
    return 0


def run_note(args: argparse.Namespace, ctx: CliContext) -> int:
    paper = _resolve(ctx, args.id)
    state = ctx.library().states_for([paper.id]).get(paper.id)
    current = state.note if state else ""
    if args.show:
        ctx.print(printable(current))
        return 0
    in_editor = sys.stdin.isatty()
    text = _edit_in_editor(current) if in_editor else sys.stdin.read()
    if text is None or text.rstrip("\n") == current.rstrip("\n"):
        ctx.print("note unchanged")
        return 0
    _daily_backup(ctx)
    # an editor may stay open for long: a note saved meanwhile (the reader, another
    # shell) is not overwritten unseen
    opened = (state.note_updated_at if state else "") if in_editor else None
    try:
        ctx.library().set_note(paper.id, text.rstrip("\n"), unless_changed_since=opened)
    except NoteChanged as exc:
        kept = _keep_text(paper.id, text)
        raise CliError(
            f"the note of {paper.id} was saved elsewhere ({exc.current.note_updated_at}) "
            f"while you edited it; nothing was saved. Your text is in {kept}: "
            f"`papertui note {paper.id}` opens the saved note to merge it"
        ) from None
    ctx.print(f"note saved for {paper.id}")
    ctx.update_index()
    return 0


def _keep_text(paper_id: str, text: str) -> Path:
    """The text of a note that could not be saved, in a file of its own."""
    folder = cache_dir() / "unsaved-notes"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", paper_id)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{stem}-{stamp}.md"
    atomic.write_text(path, text, mode=0o600)  # notes are private
    return path


def _edit_in_editor(current: str) -> str | None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as fh:
        fh.write(current)
        path = Path(fh.name)
    try:
        result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if result.returncode != 0:
            raise CliError(f"{editor} exited with status {result.returncode}; note unchanged")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    library = ctx.library()
    ids = library.ids_matching(bookmarked=args.bookmarked, tag=args.tag, unread=args.unread)
    if args.limit:
        ids = ids[: args.limit]
    papers = library.get_many(ids)
    states = library.states_for(ids)
    if not ids:
        ctx.warn(_nothing_listed(args, library.count()))
    for paper_id in ids:
        paper = papers[paper_id]
        ctx.print(paper_line(paper, states.get(paper_id)))
    return 0


def _nothing_listed(args: argparse.Namespace, total: int) -> str:
    if not total:
        return "the library is empty (papertui import FILE, or papertui fetch hf)"
    which = [w for w, on in (("bookmarked", args.bookmarked), ("unread", args.unread)) if on]
    if args.tag:
        which.append(f"tagged {args.tag}")
    return f"no {' and '.join(which)} papers among {total:,}"


def paper_line(paper: Paper, state: PaperState | None) -> str:
    marks = ("★" if state and state.bookmarked else " ") + (
        "·" if not state or not state.is_read else " "
    )
    title = printable(paper.display_title, single_line=True)
    author = printable(paper.authors_short(), single_line=True)
    tags = " ".join(f"#{t}" for t in state.tags) if state else ""
    return "\t".join(
        (
            paper.id,
            paper.display_published or "-",
            marks,
            title,
            author,
            printable(tags, single_line=True),
        )
    ).rstrip()


def run_state_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.output_file import OutputRefused
    from papertui.state_io import export_state

    try:
        count = export_state(ctx.library(), args.file, force=args.force, stdout=ctx.out)
    except OutputRefused as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"cannot write {args.file}: {exc.strerror or exc}") from exc
    where = "stdout" if args.file == "-" else args.file
    ctx.warn(f"papertui: wrote the state of {count} paper(s) to {where}")
    return 0


def run_state_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.state_io import StateFileError, import_state

    _daily_backup(ctx)
    try:
        report = import_state(ctx.library(), args.file)
    except StateFileError as exc:
        raise CliError(f"{exc}; nothing was changed") from exc
    ctx.print(
        f"{args.file}: {report.papers} paper(s) read, {report.changed} changed, "
        f"{report.pending} not in this library yet (kept; attached when imported)"
    )
    ctx.update_index()
    return 0


def run_backup_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.store.backup import describe, list_backups

    backups = list_backups(ctx.paths.backups_dir)
    if not backups:
        ctx.print(f"no backups yet in {ctx.paths.backups_dir}")
    for backup in backups:
        ctx.print(describe(backup))
    return 0


def run_backup_create(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.store.backup import BackupRefused, create_backup, describe

    if not ctx.paths.store.exists():
        raise CliError(f"no library at {ctx.paths.store}")
    ctx.library()  # a damaged or emptied library is refused here, with the best backup
    try:
        backup = create_backup(ctx.paths.store, ctx.paths.backups_dir)
    except BackupRefused as exc:
        raise CliError(str(exc)) from exc
    ctx.print(f"backed up to {describe(backup)}")
    return 0


def run_backup_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from papertui.store import users
    from papertui.store.backup import best_backup
    from papertui.store.restore import restore_backup

    backup = args.file or best_backup(ctx.paths.backups_dir)
    if backup is None:
        raise CliError(f"no backup to restore in {ctx.paths.backups_dir}")
    try:
        lock = users.take_exclusive(ctx.paths.store)
    except users.LibraryInUse as exc:
        raise CliError(f"cannot restore: {exc}; close it first. Nothing was changed") from exc
    try:
        moved = restore_backup(backup, ctx.paths.store)
    except ValueError as exc:
        raise CliError(f"cannot restore: {exc}; the library was not changed") from exc
    except OSError as exc:
        raise CliError(f"cannot restore {backup}: {exc.strerror or exc}") from exc
    finally:
        users.release(lock)
    ctx.print(f"restored {backup}")
    if moved:
        ctx.print(f"the previous library file was kept as {moved}")
    return 0
