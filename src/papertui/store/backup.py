"""Rolling backups of the library file, taken with SQLite's online backup API.

A backup is a consistent snapshot even while another papertui writes. They are
taken daily (first write of the day) and before any schema migration, and the
newest few are kept. Restoring (`store.restore`) never deletes the file it
replaces: that is kept as `library.sqlite3.replaced-<time>`.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

KEEP = 5
_PREFIX = "library-"
_SUFFIX = ".sqlite3"


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backups_dir.is_dir():
        return []
    return sorted(
        (p for p in backups_dir.glob(f"{_PREFIX}*{_SUFFIX}") if p.is_file()),
        key=lambda p: p.name,
        reverse=True,
    )


def latest_backup(backups_dir: Path) -> Path | None:
    backups = list_backups(backups_dir)
    return backups[0] if backups else None


def best_backup(backups_dir: Path) -> Path | None:
    """The newest backup that has papers (else the newest): what a restore should offer."""
    backups = list_backups(backups_dir)
    return next((b for b in backups if _papers(b) > 0), backups[0] if backups else None)


class BackupRefused(Exception):
    """The library is damaged: a copy of it would only push a good backup out."""


def create_backup(store: Path, backups_dir: Path, *, reason: str = "manual") -> Path:
    """Snapshot `store` into `backups_dir` (atomically: temp file, fsync, rename).
    The copy is checked first: a damaged library is refused (BackupRefused), and on any
    failure (a full disk) no partial file is left behind."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_dir / f"{_PREFIX}{stamp}-{reason}{_SUFFIX}"
    partial = target.with_suffix(".partial")
    try:
        _snapshot(store, partial)
        problem = _problem(partial)
        if problem:
            raise BackupRefused(
                f"{store}: not backed up, the library is damaged ({problem}); "
                "the existing backups were kept"
            )
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    prune(backups_dir)
    return target


def _snapshot(store: Path, target: Path) -> None:
    source = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
    finally:
        source.close()


def _read_only(backup: Path) -> sqlite3.Connection:
    """A backup opened for reading without leaving -wal/-shm files beside it."""
    return sqlite3.connect(f"file:{backup}?immutable=1", uri=True)


def _problem(copy: Path) -> str:
    """What SQLite's quick check finds wrong with `copy` ('' if nothing)."""
    conn = _read_only(copy)
    try:
        result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return "" if result == "ok" else result


def _papers(backup: Path) -> int:
    try:
        conn = _read_only(backup)
    except sqlite3.Error:
        return 0
    try:
        return conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
    finally:
        conn.close()


def prune(backups_dir: Path, keep: int = KEEP) -> None:
    """Keep the newest `keep` backups, and always the newest one that has papers: newer
    ones may be of a library that was emptied, and must not push it out."""
    backups = list_backups(backups_dir)
    newest_with_papers = next((b for b in backups if _papers(b) > 0), None)
    for old in backups[keep:]:
        if old != newest_with_papers:
            old.unlink(missing_ok=True)
    hour_ago = datetime.now().timestamp() - 3600
    for partial in backups_dir.glob(f"{_PREFIX}*.partial"):  # left by a killed backup
        with suppress(OSError):
            if partial.stat().st_mtime < hour_ago:
                partial.unlink()


def daily_backup_due(backups_dir: Path) -> bool:
    latest = latest_backup(backups_dir)
    if latest is None:
        return True
    today = datetime.now(UTC).strftime("%Y%m%d")
    return not latest.name.startswith(f"{_PREFIX}{today}")


def maybe_daily_backup(store: Path, backups_dir: Path) -> Path | None:
    """Take today's backup if none exists yet and the store has content."""
    if not store.exists() or not daily_backup_due(backups_dir):
        return None
    return create_backup(store, backups_dir, reason="daily")


def check_backup(backup: Path) -> None:
    """Raise ValueError, naming the file, unless `backup` is a sound papertui library."""
    if not backup.exists():
        raise ValueError(f"{backup}: no such file")
    if not backup.is_file():
        raise ValueError(f"{backup}: not a file (a backup is one .sqlite3 file)")
    try:
        check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ValueError(f"{backup}: cannot be opened ({exc})") from None
    try:
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ValueError(f"{backup}: damaged (fails SQLite's integrity check)")
        tables = {name for (name,) in check.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{backup}: not a papertui library ({exc})") from None
    finally:
        check.close()
    if "papers" not in tables:
        raise ValueError(f"{backup}: an SQLite file, but not a papertui library")


def describe(backup: Path) -> str:
    age = datetime.now().timestamp() - backup.stat().st_mtime
    hours = age / 3600
    when = f"{hours:.0f} h ago" if hours < 48 else f"{hours / 24:.0f} days ago"
    return f"{backup} ({when}, {backup.stat().st_size / 1e6:.1f} MB)"


def store_problem_message(exc: Exception, backups_dir: Path) -> str:
    """The library cannot be opened: say why, that the file is untouched, offer a backup."""
    message = f"{exc}. The file was left untouched."
    backup = best_backup(backups_dir)
    if backup:
        message += (
            f" Latest backup: {describe(backup)}; `papertui backup restore` puts it in "
            "place (the current file is kept aside)."
        )
    return message


def merged_on_upgrade_message(merged: int, backups_dir: Path) -> str:
    """Said once, after opening a library whose duplicate records the upgrade merged."""
    before = [b for b in list_backups(backups_dir) if "before-schema" in b.name]
    where = f" The library as it was: {before[0]}." if before else ""
    return (
        f"Merged {merged} duplicate record{'s' if merged != 1 else ''} (the same paper "
        "under two ids, from an earlier papertui); bookmarks, tags and notes moved with "
        f"them, and their old ids still find them.{where} `papertui dedupe --dry-run` "
        "lists what would merge now."
    )
