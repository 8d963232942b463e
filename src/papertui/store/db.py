"""SQLite connection handling: WAL, busy timeout, schema creation and versioning.

The store is the single source of truth. Every write happens in a transaction;
WAL mode lets readers (a second papertui, the TUI's workers) run beside one
writer, and a killed process leaves the database at its last commit.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from papertui.store import health
from papertui.store.records import IDENTITY_SCHEMA
from papertui.store.tracking_schema import (
    BIB_SCHEMA,
    LIST_SCHEMA,
    UPDATE_SCHEMA,
    WATCH_SCHEMA,
)
from papertui.store.user_state import STATE_SCHEMA

# 2: identity keys, aliases and tombstones (one record per paper)
# 3: watch hits, reading lists, synced .bib keys, papers found updated
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS papers (
    num          INTEGER PRIMARY KEY,          -- compact handle for lists
    id           TEXT NOT NULL UNIQUE,         -- stable key (papertui.ids)
    data         TEXT NOT NULL,                -- JSON of Paper.to_dict()
    title_sort   TEXT NOT NULL,
    published    TEXT NOT NULL DEFAULT '',
    upvotes      INTEGER NOT NULL DEFAULT 0,
    primary_cat  TEXT NOT NULL DEFAULT '',
    added_at     TEXT NOT NULL,
    changed      INTEGER NOT NULL              -- change sequence, drives index sync
);
CREATE INDEX IF NOT EXISTS papers_by_published ON papers(published DESC, num DESC);
CREATE INDEX IF NOT EXISTS papers_by_title ON papers(title_sort, num);
CREATE INDEX IF NOT EXISTS papers_by_upvotes ON papers(upvotes DESC, num DESC);
CREATE INDEX IF NOT EXISTS papers_by_added ON papers(added_at DESC, num DESC);
CREATE INDEX IF NOT EXISTS papers_by_changed ON papers(changed);
CREATE INDEX IF NOT EXISTS papers_by_category ON papers(primary_cat);
CREATE TABLE IF NOT EXISTS paper_sources (
    source TEXT NOT NULL,
    num    INTEGER NOT NULL REFERENCES papers(num),
    PRIMARY KEY (source, num)
) WITHOUT ROWID;
"""


class StoreError(Exception):
    """The store cannot be used (corrupt, newer schema, unreadable)."""


class ReadOnlyLibrary(StoreError):
    """A change was asked of a library that can only be read; the message says why."""


def write_problem(path: Path) -> str:
    """Why the library at `path` cannot be written ('' if it can)."""
    if path.parent.exists() and not os.access(path.parent, os.W_OK):
        return f"the data directory {path.parent} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the library file {path} is read-only"
    return ""


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not readonly:
        try:
            health.check_before_open(path)
        except health.DamagedLibrary as exc:
            raise StoreError(f"{exc}") from exc
    if readonly:
        # SQLite reads a WAL library only with a -shm file beside it, which a read-only
        # directory cannot get: there the file is read as it is (no writer can change it)
        mode = "immutable=1" if not os.access(path.parent, os.W_OK) else "mode=ro"
        conn = sqlite3.connect(
            f"file:{path}?{mode}",
            uri=True,
            timeout=30,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            health.check_after_open(path, conn)
        conn.execute("PRAGMA foreign_keys = ON")
        _ensure_schema(conn, readonly=readonly)
        if not readonly and health.identity(conn) is None:
            with transaction(conn):
                health.ensure_identity(conn)
    except health.DamagedLibrary as exc:
        conn.close()
        raise StoreError(f"{exc}") from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable papertui library ({exc})") from exc
    return conn


def _ensure_schema(conn: sqlite3.Connection, *, readonly: bool) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"written by a newer papertui (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    if version == SCHEMA_VERSION or readonly:
        return
    if version > 0:  # an older papertui's library: keep a copy before migrating it
        from papertui.store.backup import create_backup

        db_path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
        create_backup(db_path, db_path.parent / "backups", reason=f"before-schema-{SCHEMA_VERSION}")
    with transaction(conn):
        schema = _SCHEMA + STATE_SCHEMA + IDENTITY_SCHEMA
        schema += WATCH_SCHEMA + LIST_SCHEMA + BIB_SCHEMA + UPDATE_SCHEMA
        for statement in schema.split(";"):
            if statement.strip():
                conn.execute(statement)
        if 0 < version < 2:
            from papertui.store.dedupe import index_and_merge_existing

            index_and_merge_existing(conn)  # the previous release made duplicates
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (incl. KeyboardInterrupt)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite ends it by itself on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def next_change_seq(conn: sqlite3.Connection) -> int:
    """Advance the change sequence (inside a transaction): what the index syncs by."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()
    seq = int(row[0]) + 1 if row else 1
    conn.execute(
        "INSERT INTO meta(key, value) VALUES('change_seq', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (str(seq),),
    )
    return seq
