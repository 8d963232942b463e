"""The user's own data per paper: bookmark, tags, note, read state.

Kept in its own tables keyed by paper id (not by row), so state survives
re-imports and can exist for a paper the library does not have yet (it attaches
when the paper arrives). Every change is one committed transaction, and it marks
the paper changed so the search index picks up tags and flags.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from papertui.models import PaperState
from papertui.tags import normalise_tag, normalise_tags, tag_key

STATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS paper_state (
    paper_id        TEXT PRIMARY KEY,
    bookmarked_at   TEXT NOT NULL DEFAULT '',
    read_at         TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    note_updated_at TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paper_state_bookmarked ON paper_state(bookmarked_at)
    WHERE bookmarked_at != '';
CREATE TABLE IF NOT EXISTS paper_tags (
    paper_id TEXT NOT NULL,
    tag_key  TEXT NOT NULL,   -- casefolded, for comparison
    tag      TEXT NOT NULL,   -- as the user typed it
    added_at TEXT NOT NULL,
    PRIMARY KEY (paper_id, tag_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paper_tags_by_key ON paper_tags(tag_key);
"""

_CHUNK = 900


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def read_states(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, PaperState]:
    id_list = list(dict.fromkeys(ids))
    rows: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    for chunk in _chunks(id_list):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            "SELECT paper_id, bookmarked_at, read_at, note, note_updated_at FROM paper_state "
            f"WHERE paper_id IN ({marks})",
            chunk,
        ):
            rows[row[0]] = list(row[1:])
        for paper_id, tag in conn.execute(
            f"SELECT paper_id, tag FROM paper_tags WHERE paper_id IN ({marks}) "
            "ORDER BY paper_id, added_at, tag_key",
            chunk,
        ):
            tags.setdefault(paper_id, []).append(tag)
    states: dict[str, PaperState] = {}
    for paper_id in id_list:
        if paper_id not in rows and paper_id not in tags:
            continue
        bookmarked_at, read_at, note, note_updated_at = rows.get(paper_id, ["", "", "", ""])
        states[paper_id] = PaperState(
            paper_id=paper_id,
            tags=tuple(tags.get(paper_id, ())),
            bookmarked_at=bookmarked_at,
            read_at=read_at,
            note=note,
            note_updated_at=note_updated_at,
        )
    return states


def _ensure_rows(conn: sqlite3.Connection, ids: list[str], stamp: str) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO paper_state(paper_id, updated_at) VALUES (?, ?)",
        [(i, stamp) for i in ids],
    )


def set_bookmarked(conn: sqlite3.Connection, ids: list[str], on: bool) -> None:
    stamp = now_iso()
    _ensure_rows(conn, ids, stamp)
    conn.executemany(
        "UPDATE paper_state SET bookmarked_at = CASE WHEN ? THEN "
        "CASE WHEN bookmarked_at = '' THEN ? ELSE bookmarked_at END ELSE '' END, "
        "updated_at = ? WHERE paper_id = ?",
        [(on, stamp, stamp, i) for i in ids],
    )


def set_read(conn: sqlite3.Connection, ids: list[str], read: bool) -> None:
    stamp = now_iso()
    _ensure_rows(conn, ids, stamp)
    conn.executemany(
        "UPDATE paper_state SET read_at = CASE WHEN ? THEN "
        "CASE WHEN read_at = '' THEN ? ELSE read_at END ELSE '' END, "
        "updated_at = ? WHERE paper_id = ?",
        [(read, stamp, stamp, i) for i in ids],
    )


def set_note(conn: sqlite3.Connection, paper_id: str, note: str, stamp: str | None = None) -> None:
    if stamp is None:
        stamp = now_iso()
        row = conn.execute(
            "SELECT note_updated_at FROM paper_state WHERE paper_id = ?", (paper_id,)
        ).fetchone()
        if row and row[0] and stamp <= row[0]:
            # the stamp is the note's version (an editor's save checks it): two saves
            # within one millisecond must still differ
            later = datetime.fromisoformat(row[0]) + timedelta(milliseconds=1)
            stamp = later.isoformat(timespec="milliseconds")
    _ensure_rows(conn, [paper_id], stamp)
    conn.execute(
        "UPDATE paper_state SET note = ?, note_updated_at = ?, updated_at = ? WHERE paper_id = ?",
        (note, stamp, now_iso(), paper_id),
    )


def add_tags(conn: sqlite3.Connection, ids: list[str], tags: Iterable[str]) -> None:
    stamp = now_iso()
    clean = [normalise_tag(t) for t in tags if normalise_tag(t)]
    conn.executemany(
        "INSERT OR IGNORE INTO paper_tags(paper_id, tag_key, tag, added_at) VALUES (?, ?, ?, ?)",
        [(i, t.casefold(), t, stamp) for i in ids for t in clean],
    )


def remove_tags(conn: sqlite3.Connection, ids: list[str], tags: Iterable[str]) -> None:
    keys = [tag_key(t) for t in tags if tag_key(t)]
    conn.executemany(
        "DELETE FROM paper_tags WHERE paper_id = ? AND tag_key = ?",
        [(i, k) for i in ids for k in keys],
    )


def restore_states(conn: sqlite3.Connection, states: dict[str, PaperState | None]) -> None:
    """Put papers back exactly as `states` describes (None = no state): used by undo."""
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="milliseconds")
    # tags are listed in the order added: one microsecond apart keeps the given order
    tag_stamps = [
        (now + timedelta(microseconds=i + 1)).isoformat(timespec="microseconds")
        for i in range(max((len(s.tags) for s in states.values() if s), default=0))
    ]
    for paper_id, state in states.items():
        conn.execute("DELETE FROM paper_tags WHERE paper_id = ?", (paper_id,))
        conn.execute("DELETE FROM paper_state WHERE paper_id = ?", (paper_id,))
        if state is None:
            continue
        conn.execute(
            "INSERT INTO paper_state(paper_id, bookmarked_at, read_at, note, note_updated_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                paper_id,
                state.bookmarked_at,
                state.read_at,
                state.note,
                state.note_updated_at,
                stamp,
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO paper_tags(paper_id, tag_key, tag, added_at) "
            "VALUES (?, ?, ?, ?)",
            [
                (paper_id, tag_key(t), t, tag_stamps[i])
                for i, t in enumerate(normalise_tags(state.tags))
            ],
        )


def insert_states(conn: sqlite3.Connection, states: list[PaperState]) -> None:
    """Write the state of papers that have none yet, in bulk (an import's tags/notes)."""
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="milliseconds")
    conn.executemany(
        "INSERT INTO paper_state(paper_id, bookmarked_at, read_at, note, note_updated_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (s.paper_id, s.bookmarked_at, s.read_at, s.note, s.note_updated_at, stamp)
            for s in states
        ],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO paper_tags(paper_id, tag_key, tag, added_at) VALUES (?, ?, ?, ?)",
        [
            (s.paper_id, tag_key(t), t, (now + timedelta(microseconds=i + 1)).isoformat())
            for s in states
            for i, t in enumerate(normalise_tags(s.tags))
        ],
    )


def tag_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag with the number of papers carrying it, most used first.

    The spelling shown is the most recently added one of its case-insensitive group.
    """
    rows = conn.execute(
        "SELECT tag_key, count(*), (SELECT tag FROM paper_tags t2 WHERE t2.tag_key = t.tag_key "
        "ORDER BY added_at DESC LIMIT 1) FROM paper_tags t GROUP BY tag_key "
        "ORDER BY 2 DESC, 1"
    ).fetchall()
    return [(shown, count) for _key, count, shown in rows]


def ids_matching(
    conn: sqlite3.Connection,
    *,
    bookmarked: bool = False,
    tag: str | None = None,
    unread: bool = False,
) -> list[str]:
    """Ids of papers in the library matching every given filter."""
    clauses = ["1 = 1"]
    params: list[object] = []
    if bookmarked:
        clauses.append("s.bookmarked_at != ''")
    if unread:
        clauses.append("coalesce(s.read_at, '') = ''")
    if tag:
        clauses.append("p.id IN (SELECT paper_id FROM paper_tags WHERE tag_key = ?)")
        params.append(tag_key(tag))
    sql = (
        "SELECT p.id FROM papers p LEFT JOIN paper_state s ON s.paper_id = p.id "
        f"WHERE {' AND '.join(clauses)} ORDER BY p.published DESC, p.num DESC"
    )
    return [row[0] for row in conn.execute(sql, params)]


def _united(tags: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """`tags`, then those of `more` not among them (case-insensitively), normalised."""
    united = list(tags)
    keys = {tag_key(t) for t in tags}
    for tag in more:
        if normalise_tag(tag) and tag_key(tag) not in keys:
            united.append(normalise_tag(tag))
            keys.add(tag_key(tag))
    return tuple(united)


def _earliest(a: str, b: str) -> str:
    """The earlier of two ISO times, ignoring an empty one ("" if both are)."""
    return min((t for t in (a, b) if t), default="")


def combine_states(target: PaperState | None, other: PaperState, paper_id: str) -> PaperState:
    """Two records' state joined for the one paper they turned out to be: nothing lost
    (tags united, earliest bookmark and read times, both notes kept, older first)."""
    base = target or PaperState(paper_id=paper_id)
    notes = sorted((s.note_updated_at, s.note) for s in (base, other) if s.note.strip())
    texts = list(dict.fromkeys(note for _, note in notes))
    return PaperState(
        paper_id=paper_id,
        tags=_united(base.tags, other.tags),
        bookmarked_at=_earliest(base.bookmarked_at, other.bookmarked_at),
        read_at=_earliest(base.read_at, other.read_at),
        note="\n\n".join(texts),
        note_updated_at=max((s.note_updated_at for s in (base, other)), default=""),
    )


def move_states(conn: sqlite3.Connection, moves: dict[str, str]) -> None:
    """Give each target the state kept under its source ids, joined with its own."""
    moves = {old: new for old, new in moves.items() if old != new}
    if not moves:
        return
    states = read_states(conn, [*moves, *moves.values()])
    if not any(old in states for old in moves):
        return
    changed: dict[str, PaperState | None] = {}
    for old, new in moves.items():
        if old in states:
            current = changed.get(new) or states.get(new)
            changed[new] = combine_states(current, states[old], new)
            changed[old] = None
    restore_states(conn, changed)


def merge_imported(current: PaperState | None, incoming: PaperState) -> PaperState:
    """State a file carries merged into the user's: tags united, bookmarked / read if
    either says so (earliest time kept), and the file's note only when there is none
    or the file's is newer (`note_updated_at`): a newer note is never overwritten."""
    base = current or PaperState(paper_id=incoming.paper_id)
    note, note_at = base.note, base.note_updated_at
    newer = not note.strip() or incoming.note_updated_at > note_at
    if incoming.note.strip() and incoming.note != note and newer:
        note, note_at = incoming.note, incoming.note_updated_at
    return PaperState(
        paper_id=base.paper_id,
        tags=_united(base.tags, incoming.tags),
        bookmarked_at=_earliest(base.bookmarked_at, incoming.bookmarked_at),
        read_at=_earliest(base.read_at, incoming.read_at),
        note=note,
        note_updated_at=note_at,
    )
