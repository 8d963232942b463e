"""The citation key each paper was given in each synced .bib file, kept for good:
a key written once stays the paper's key in that file, whatever its metadata does.
Reads follow `paper_aliases`, so a paper merged later keeps its key."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping

from papertui.store.db import transaction

_CURRENT = "coalesce((SELECT id FROM paper_aliases WHERE alias = b.paper_id), b.paper_id)"


class BibKeyMethods:
    """Mixed into `Library`, which provides the connection and the lock."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def bib_keys(self, file: str) -> dict[str, str]:
        """{paper id: key} of every paper ever synced to `file`."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_CURRENT}, key FROM bib_keys b WHERE file = ? ORDER BY key", (file,)
            ).fetchall()
        found: dict[str, str] = {}
        for paper_id, key in rows:
            found.setdefault(paper_id, key)  # two merged papers: the first key wins
        return found

    def remember_bib_keys(self, file: str, keys: Mapping[str, str]) -> None:
        """Record new {paper id: key} pairs of `file` (pairs already known are kept)."""
        with self._lock, transaction(self._conn):
            self._conn.executemany(
                "INSERT OR IGNORE INTO bib_keys(file, paper_id, key) VALUES (?, ?, ?)",
                [(file, paper_id, key) for paper_id, key in keys.items()],
            )

    def bib_keys_anywhere(self, ids: Iterable[str]) -> dict[str, str]:
        """{paper id: key} for the given papers that have a key in some synced file
        (the key in the first such file by path, when files gave different keys)."""
        id_list = list(dict.fromkeys(ids))
        if not id_list:
            return {}
        marks = ",".join("?" * len(id_list))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT paper_id, key FROM (SELECT {_CURRENT} AS paper_id, key, file "
                f"FROM bib_keys b) WHERE paper_id IN ({marks}) ORDER BY file DESC",
                id_list,
            ).fetchall()
        return dict(rows)  # the last row of a paper wins: its first file by path
