"""Papers `papertui update` found changed on arXiv (a new version, a journal, a DOI).

One row per paper: the latest change found and when. Reads follow
`paper_aliases`; every change marks the papers changed, so `is:updated` follows.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping

from papertui.store.db import transaction
from papertui.store.user_state import now_iso

_CURRENT = "coalesce((SELECT id FROM paper_aliases WHERE alias = u.paper_id), u.paper_id)"


class UpdateFlagMethods:
    """Mixed into `Library`, which provides the connection, the lock and `_touch_in_tx`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def _touch_in_tx(self, ids: Iterable[str]) -> None:
        raise NotImplementedError

    def flag_updated(self, changes: Mapping[str, str]) -> None:
        """Record {paper id: what changed}; a later change replaces an earlier one."""
        stamp = now_iso()
        with self._lock, transaction(self._conn):
            self._conn.executemany(
                "INSERT INTO paper_updates(paper_id, found_at, what) VALUES (?, ?, ?) "
                "ON CONFLICT(paper_id) DO UPDATE SET found_at = excluded.found_at, "
                "what = excluded.what",
                [(paper_id, stamp, what) for paper_id, what in changes.items()],
            )
            self._touch_in_tx(changes)

    def updates(self, ids: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """{paper id: (found_at, what)} of flagged papers (all, or those among `ids`)."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_CURRENT}, found_at, what FROM paper_updates u ORDER BY found_at"
            ).fetchall()
        wanted = None if ids is None else set(ids)
        return {i: (at, what) for i, at, what in rows if wanted is None or i in wanted}

    def update_of(self, paper_id: str) -> tuple[str, str] | None:
        """(found_at, what) of the change found for `paper_id` (or a record merged into
        it), newest first; None when it is not flagged."""
        with self._lock:
            # (a walk of the flagged papers, few, not of every alias: runs per paper shown)
            row = self._conn.execute(
                "SELECT u.found_at, u.what FROM paper_updates u "
                "LEFT JOIN paper_aliases a ON a.alias = u.paper_id "
                "WHERE coalesce(a.id, u.paper_id) = ? ORDER BY u.found_at DESC LIMIT 1",
                (paper_id,),
            ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def clear_updated(self) -> int:
        """Drop every flag (the changes were seen): how many there were."""
        with self._lock, transaction(self._conn):
            ids = [i for (i,) in self._conn.execute(f"SELECT {_CURRENT} FROM paper_updates u")]
            self._conn.execute("DELETE FROM paper_updates")
            self._touch_in_tx(ids)
        return len(ids)
