"""Paper records as rows: the JSON record and its sort columns, identity keys,
aliases of ids that merges retired, and tombstones for the search index.

`RecordTable` is every statement on those tables; it runs inside the caller's
transaction, all writes stamped with the transaction's change sequence.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from papertui.identity import lookup_keys
from papertui.ids import normalise_title
from papertui.models import Paper

IDENTITY_SCHEMA = """
CREATE TABLE IF NOT EXISTS paper_keys (
    key TEXT NOT NULL,      -- a:<arXiv id> | d:<DOI> | t:<title hash> (papertui.identity)
    num INTEGER NOT NULL,
    PRIMARY KEY (key, num)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS paper_keys_by_num ON paper_keys(num);
CREATE TABLE IF NOT EXISTS paper_aliases (
    alias TEXT PRIMARY KEY, -- an id a merged record no longer has
    id    TEXT NOT NULL     -- the id of the record it became
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS removed_papers (
    id  TEXT PRIMARY KEY,   -- an id whose record was merged into another
    seq INTEGER NOT NULL    -- change sequence of the merge (the index drops the document)
) WITHOUT ROWID;
"""

CHUNK = 900  # stays below SQLite's bound-parameter limit
TITLE_ID = "title:"


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    merged: int = 0  # records found to be the same paper under another id (subset of updated)
    removed: int = 0  # records deleted because they joined another (the library shrank by it)

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged

    def __iadd__(self, other: ImportCounts) -> ImportCounts:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.merged += other.merged
        self.removed += other.removed
        return self


def encode(paper: Paper) -> tuple[str, str, str, int, str]:
    data = json.dumps(paper.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (data, normalise_title(paper.title), paper.published, paper.upvotes,
            paper.primary_category)  # fmt: skip


def decode(data: str, record: object) -> Paper:
    """The stored record as a `Paper`; a damaged one (edited by hand, a bad disk) is a
    `StoreError` naming it, not a bare JSON error from deep inside a worker."""
    from papertui.store.db import StoreError

    try:
        return Paper.from_dict(json.loads(data))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"paper {record} in the library is damaged ({exc})") from exc


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def placeholders(column: str, count: int) -> str:
    return f"{column} IN ({','.join('?' * count)})"


class RecordTable:
    """The statements on paper rows, keys, aliases and tombstones (one transaction)."""

    def __init__(self, conn: sqlite3.Connection, seq: int) -> None:
        self.conn = conn
        self.seq = seq
        self.now = datetime.now(UTC).isoformat(timespec="seconds")

    # ---- looking up ------------------------------------------------------------------
    def rows_by_id(self, ids: list[str]) -> dict[str, tuple[int, Paper]]:
        found: dict[str, tuple[int, Paper]] = {}
        for chunk in chunks(ids):
            for num, paper_id, data in self.conn.execute(
                f"SELECT num, id, data FROM papers WHERE {placeholders('id', len(chunk))}", chunk
            ):
                found[paper_id] = (num, decode(data, paper_id))
        return found

    def key_hits(self, keys: list[str]) -> dict[str, int]:
        """Each key's record; -1 where several records share it."""
        hits: dict[str, int] = {}
        for chunk in chunks(list(dict.fromkeys(keys))):
            for key, num in self.conn.execute(
                f"SELECT key, num FROM paper_keys WHERE {placeholders('key', len(chunk))}", chunk
            ):
                hits[key] = num if hits.get(key, num) == num else -1
        return hits

    def aliased(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(ids):
            rows = self.conn.execute(
                f"SELECT alias FROM paper_aliases WHERE {placeholders('alias', len(chunk))}",
                chunk,
            )
            found.update(alias for (alias,) in rows)
        return found

    def by_id_or_alias(self, paper_id: str) -> list[tuple[int, Paper, bool]]:
        """The record with this id, and the one it is an alias of: (num, record, alias?)."""
        rows = self.conn.execute(
            "SELECT num, id, data, 0 FROM papers WHERE id = ? UNION ALL "
            "SELECT p.num, p.id, p.data, 1 FROM paper_aliases a JOIN papers p ON p.id = a.id "
            "WHERE a.alias = ?",
            (paper_id, paper_id),
        )
        return [(num, decode(data, stored_id), bool(alias)) for num, stored_id, data, alias in rows]

    def by_keys(self, keys: list[str]) -> list[tuple[str, int, Paper]]:
        """(key, num, record) of every record under any of `keys`, oldest record first.

        When `keys` hold an arXiv id, records under its DOI or title key that have
        another arXiv id are left out unread: they are other papers, and a proceedings
        DOI or a common title can be shared by thousands of them.
        """
        arxiv = next((key for key in keys if key.startswith("a:")), None)
        other_paper = (
            " AND (k.key = ? OR NOT EXISTS (SELECT 1 FROM paper_keys o WHERE o.num = k.num"
            " AND o.key > 'a:' AND o.key < 'a;' AND o.key != ?))"
            if arxiv
            else ""
        )
        rows = self.conn.execute(
            "SELECT k.key, k.num, p.id, p.data FROM paper_keys k JOIN papers p ON p.num = k.num "
            f"WHERE {placeholders('k.key', len(keys))}{other_paper} ORDER BY k.num",
            [*keys, arxiv, arxiv] if arxiv else keys,
        )
        return [(key, num, decode(data, stored_id)) for key, num, stored_id, data in rows]

    def arxiv_ids_under(self, key: str, limit: int = 2) -> set[str]:
        """Up to `limit` different arXiv ids of the records under an identity key."""
        rows = self.conn.execute(
            "SELECT DISTINCT a.key FROM paper_keys k JOIN paper_keys a ON a.num = k.num "
            "WHERE k.key = ? AND a.key > 'a:' AND a.key < 'a;' LIMIT ?",
            (key, limit),
        )
        return {arxiv_key for (arxiv_key,) in rows}

    def with_state(self, ids: list[str]) -> set[str]:
        """Which of `ids` have user state (a bookmark, tags, a note, a read mark)."""
        have: set[str] = set()
        for chunk in chunks(ids, CHUNK // 2):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT paper_id FROM paper_state WHERE paper_id IN ({marks}) "
                f"UNION SELECT paper_id FROM paper_tags WHERE paper_id IN ({marks})",
                chunk + chunk,
            )
            have.update(paper_id for (paper_id,) in rows)
        return have

    def any_state(self) -> bool:
        """Whether the user has any state at all (a fresh bulk import skips its checks)."""
        return bool(
            self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM paper_state) OR EXISTS (SELECT 1 FROM paper_tags)"
            ).fetchone()[0]
        )

    def free_title_id(self, paper_id: str) -> str:
        """`paper_id`, or for a title hash another record (or alias) holds, the first
        free numbered variant (`title:<hash>-2`)."""
        if not paper_id.startswith(TITLE_ID):
            return paper_id
        candidate, number = paper_id, 1
        while self.conn.execute(
            "SELECT 1 FROM papers WHERE id = ? UNION ALL SELECT 1 FROM paper_aliases "
            "WHERE alias = ?",
            (candidate, candidate),
        ).fetchone():
            number += 1
            candidate = f"{paper_id}-{number}"
        return candidate

    # ---- writing -----------------------------------------------------------------------
    def insert(self, papers: list[Paper], keys: dict[str, list[str]]) -> None:
        if not papers:
            return
        # Handles given here, not read back: this transaction is the only writer.
        top = self.conn.execute("SELECT coalesce(max(num), 0) FROM papers").fetchone()[0]
        nums = {p.id: top + i for i, p in enumerate(papers, 1)}
        self.conn.executemany(
            "INSERT INTO papers(num, id, data, title_sort, published, upvotes, primary_cat, "
            "added_at, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(nums[p.id], p.id, *encode(p), self.now, self.seq) for p in papers],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_keys(key, num) VALUES (?, ?)",
            [(key, nums[p.id]) for p in papers for key in keys[p.id]],
        )
        self._add_sources([(s, nums[p.id]) for p in papers for s in p.sources])

    def rewrite(self, num: int, record: Paper, *, keys: bool) -> None:
        """Store `record` (perhaps under a new id) in row `num`; `keys` refreshes its keys."""
        self.conn.execute(
            "UPDATE papers SET id = ?, data = ?, title_sort = ?, published = ?, upvotes = ?, "
            "primary_cat = ?, changed = ? WHERE num = ?",
            (record.id, *encode(record), self.seq, num),
        )
        self._add_sources([(s, num) for s in record.sources])
        if keys:
            self.conn.execute("DELETE FROM paper_keys WHERE num = ?", (num,))
            self.conn.executemany(
                "INSERT OR IGNORE INTO paper_keys(key, num) VALUES (?, ?)",
                [(key, num) for key in lookup_keys(record)],
            )

    def mark_changed(self, ids: list[str]) -> None:
        for chunk in chunks(ids):
            self.conn.execute(
                f"UPDATE papers SET changed = ? WHERE {placeholders('id', len(chunk))}",
                (self.seq, *chunk),
            )

    def remove(self, num: int, into: int) -> None:
        """Delete row `num`, merged into row `into` (which takes its sources)."""
        self.conn.execute("UPDATE OR IGNORE paper_sources SET num = ? WHERE num = ?", (into, num))
        self.conn.execute("DELETE FROM paper_sources WHERE num = ?", (num,))
        self.conn.execute("DELETE FROM paper_keys WHERE num = ?", (num,))
        self.conn.execute("DELETE FROM papers WHERE num = ?", (num,))

    def retire(self, ids: list[str], into: str, *, indexed: bool) -> None:
        """`ids` now resolve to `into`; `indexed` ones also leave the search index."""
        for old in ids:
            self.conn.execute("UPDATE paper_aliases SET id = ? WHERE id = ?", (into, old))
            self.conn.execute(
                "INSERT OR REPLACE INTO paper_aliases(alias, id) VALUES (?, ?)", (old, into)
            )
            if indexed:
                self.conn.execute(
                    "INSERT OR REPLACE INTO removed_papers(id, seq) VALUES (?, ?)",
                    (old, self.seq),
                )
        self.conn.execute("DELETE FROM paper_aliases WHERE alias = ?", (into,))
        self.conn.execute("DELETE FROM removed_papers WHERE id = ?", (into,))

    def _add_sources(self, pairs: list[tuple[str, int]]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO paper_sources(source, num) VALUES (?, ?)", pairs
        )
