"""Reading lists: named, ordered collections of papers beside tags.

Names compare case-insensitively with inner whitespace collapsed (`list_key`).
Items are kept by paper id as added; reads follow `paper_aliases`, so a paper
merged later stays in its lists. Every change is one transaction and marks the
papers changed, so `list:NAME` searches follow.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable

from papertui.store.db import transaction
from papertui.store.user_state import now_iso

_CURRENT = "coalesce((SELECT id FROM paper_aliases WHERE alias = i.paper_id), i.paper_id)"


class ReadingListError(ValueError):
    """No such list, a list that exists already, a paper not in the list: a user error."""


def list_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class ReadingListMethods:
    """Mixed into `Library`, which provides the connection, the lock and `_touch_in_tx`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def _touch_in_tx(self, ids: Iterable[str]) -> None:
        raise NotImplementedError

    def create_list(self, name: str) -> str:
        """Create a list; its name as stored."""
        clean = " ".join(name.split())
        if not clean:
            raise ReadingListError("a list needs a name")
        with self._lock, transaction(self._conn):
            if self._list_name(list_key(clean)) is not None:
                raise ReadingListError(f"a list named {clean!r} exists already")
            self._conn.execute(
                "INSERT INTO reading_lists(key, name, created_at) VALUES (?, ?, ?)",
                (list_key(clean), clean, now_iso()),
            )
        return clean

    def delete_list(self, name: str) -> int:
        """Delete a list (not its papers): how many papers it held."""
        with self._lock, transaction(self._conn):
            key = self._existing(name)
            ids = self._items(key)
            self._conn.execute("DELETE FROM reading_list_items WHERE list_key = ?", (key,))
            self._conn.execute("DELETE FROM reading_lists WHERE key = ?", (key,))
            self._touch_in_tx(ids)
        return len(ids)

    def reading_lists(self) -> list[tuple[str, int]]:
        """(name, number of papers) of every list, by name."""
        with self._lock:
            return self._conn.execute(
                "SELECT l.name, count(i.paper_id) FROM reading_lists l "
                "LEFT JOIN reading_list_items i ON i.list_key = l.key "
                "GROUP BY l.key ORDER BY l.key"
            ).fetchall()

    def list_name(self, name: str) -> str:
        """The stored name of the list called `name` (ReadingListError if none)."""
        with self._lock:
            return self._list_name(self._existing(name)) or name

    def list_items(self, name: str) -> list[str]:
        """The papers of a list, in order (current ids)."""
        with self._lock:
            return self._items(self._existing(name))

    def add_to_list(self, name: str, ids: Iterable[str], position: int = 0) -> list[str]:
        """Add papers (at `position`, 1-based; 0 = at the end): those not there before."""
        with self._lock, transaction(self._conn):
            key = self._existing(name)
            items = self._items(key)
            new = [i for i in dict.fromkeys(ids) if i not in items]
            at = len(items) if position <= 0 else min(position - 1, len(items))
            self._write(key, [*items[:at], *new, *items[at:]], now_iso())
            self._touch_in_tx(new)
        return new

    def remove_from_list(self, name: str, ids: Iterable[str]) -> list[str]:
        """Take papers out of a list: those that were in it."""
        with self._lock, transaction(self._conn):
            key = self._existing(name)
            items = self._items(key)
            gone = [i for i in dict.fromkeys(ids) if i in items]
            self._write(key, [i for i in items if i not in gone], now_iso())
            self._touch_in_tx(gone)
        return gone

    def move_in_list(self, name: str, paper_id: str, position: int) -> int:
        """Move a paper to `position` (1-based, clamped to the list): where it ended up."""
        with self._lock, transaction(self._conn):
            key = self._existing(name)
            items = self._items(key)
            if paper_id not in items:
                raise ReadingListError(f"{paper_id} is not in the list {name!r}")
            items.remove(paper_id)
            at = max(0, min(position - 1, len(items)))
            items.insert(at, paper_id)
            self._write(key, items, now_iso())
        return at + 1

    def list_marks(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For the index: the names of the lists each paper is in."""
        wanted = set(ids)
        found: dict[str, list[str]] = {}
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_CURRENT}, l.name FROM reading_list_items i "
                "JOIN reading_lists l ON l.key = i.list_key ORDER BY l.key"
            ).fetchall()
        for paper_id, name in rows:
            if paper_id in wanted:
                found.setdefault(paper_id, []).append(name)
        return found

    # ---- inside the lock ---------------------------------------------------------------
    def _list_name(self, key: str) -> str | None:
        row = self._conn.execute("SELECT name FROM reading_lists WHERE key = ?", (key,))
        found = row.fetchone()
        return found[0] if found else None

    def _existing(self, name: str) -> str:
        key = list_key(name)
        if self._list_name(key) is None:
            raise ReadingListError(f"no list named {name!r}")
        return key

    def _items(self, key: str) -> list[str]:
        rows = self._conn.execute(
            f"SELECT {_CURRENT} FROM reading_list_items i WHERE list_key = ? ORDER BY position",
            (key,),
        )
        return list(dict.fromkeys(paper_id for (paper_id,) in rows))

    def _write(self, key: str, ids: list[str], stamp: str) -> None:
        """Store the list as `ids`, in that order (the time a paper was added is kept)."""
        added = dict(
            self._conn.execute(
                f"SELECT {_CURRENT}, added_at FROM reading_list_items i WHERE list_key = ?", (key,)
            ).fetchall()
        )
        self._conn.execute("DELETE FROM reading_list_items WHERE list_key = ?", (key,))
        self._conn.executemany(
            "INSERT INTO reading_list_items(list_key, paper_id, position, added_at) "
            "VALUES (?, ?, ?, ?)",
            [(key, i, n, added.get(i, stamp)) for n, i in enumerate(ids, 1)],
        )
