"""Noticing a library file emptied or damaged behind papertui's back.

SQLite opens a zero-length file as a new empty database, and a garbled page is
only found when something reads it: so papertui remembers, beside the library,
what it last saw (`library.sqlite3.health`: size, modification time, paper count,
the library's identity, when it was last checked). Opening for writing then

- refuses a file that is now empty but held papers (truncated or zeroed);
- runs SQLite's `quick_check` when the file changed while no papertui had it open
  (size or time differ from the record), when it is another library than the one
  recorded, or when the last check is a day old; a failed check refuses the open.

The record is rewritten after each check and when a writer closes the library.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from papertui.atomic import write_text

CHECK_EVERY = timedelta(days=1)
IDENTITY_KEY = "library_id"


class DamagedLibrary(Exception):
    """The file is not the library papertui left there; the message says why."""


def record_path(store: Path) -> Path:
    return store.with_name(store.name + ".health")


def forget(store: Path) -> None:
    """The file was replaced on purpose (a restore): nothing to compare it with."""
    record_path(store).unlink(missing_ok=True)


def _read(store: Path) -> dict[str, Any]:
    try:
        record = json.loads(record_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def check_before_open(store: Path) -> None:
    """Refuse an emptied file before SQLite turns it into a new empty library."""
    seen = _read(store)
    papers = seen.get("papers")
    if isinstance(papers, int) and papers > 0 and store.exists() and store.stat().st_size == 0:
        raise DamagedLibrary(
            f"{store} is empty (0 bytes), but it held {papers:,} papers when papertui "
            "last used it: it was truncated or zeroed"
        )


def check_after_open(store: Path, conn: sqlite3.Connection) -> None:
    """Run `quick_check` when due (see the module); raise DamagedLibrary if it fails."""
    seen = _read(store)
    stat = store.stat()
    changed = (seen.get("size"), seen.get("mtime_ns")) != (stat.st_size, stat.st_mtime_ns)
    other = seen.get("identity") not in (None, identity(conn))
    if not (changed or other or _check_is_old(seen)):
        return
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        raise DamagedLibrary(
            f"{store}: the library file is damaged (SQLite's quick check: {problems[0]})"
        )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    _write(store, {**seen, "checked_at": now, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})


def _check_is_old(seen: dict[str, Any]) -> bool:
    try:
        checked = datetime.fromisoformat(str(seen["checked_at"]))
    except (KeyError, ValueError):
        return True
    return datetime.now(UTC) - checked > CHECK_EVERY


def identity(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (IDENTITY_KEY,)).fetchone()
    except sqlite3.OperationalError:  # no meta table: a new file
        return None
    return row[0] if row else None


def ensure_identity(conn: sqlite3.Connection) -> None:
    """Give the library its identity (once; inside a transaction)."""
    import uuid  # here: its import (with `platform`) is a cost every command would pay

    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (IDENTITY_KEY, uuid.uuid4().hex)
    )


def remember(store: Path, conn: sqlite3.Connection) -> None:
    """Record what the library looks like now (called by a writer before it closes)."""
    papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    _write(store, {**_read(store), "papers": papers, "identity": identity(conn)})


def remember_file(store: Path) -> None:
    """Record the file's size and time (after the last connection closed and checkpointed)."""
    seen = _read(store)
    if not seen or not store.exists():
        return
    stat = store.stat()
    _write(store, {**seen, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})


def _write(store: Path, record: dict[str, Any]) -> None:
    with suppress(OSError):  # a read-only directory: the checks just run more often
        write_text(record_path(store), json.dumps(record) + "\n", durable=False)
