"""Which papers each watch has matched, and when each was first seen.

A watch's first run records what it matches as a baseline (not flagged); papers
it matches on later runs are flagged new. Rows are keyed by paper id as it was
when seen; reads follow `paper_aliases`, so a paper merged later keeps its flags.
Every change marks the papers changed, so `is:watched` / `watch:NAME` follow.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from papertui.models import Paper
from papertui.store.db import transaction
from papertui.store.records import decode
from papertui.store.user_state import now_iso

_CURRENT = "coalesce((SELECT id FROM paper_aliases WHERE alias = h.paper_id), h.paper_id)"
_LAST_DIGEST = "last_digest"


@dataclass(frozen=True)
class WatchHit:
    watch: str  # the watch's key
    paper_id: str  # the paper's current id
    first_seen: str


class WatchMethods:
    """Mixed into `Library`, which provides the connection, the lock and `_touch_in_tx`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def _touch_in_tx(self, ids: Iterable[str]) -> None:
        raise NotImplementedError

    def record_watch_matches(self, watch: str, ids: Iterable[str]) -> list[str]:
        """Store a run of `watch` (a key) matching `ids`: the ids flagged new by it (none on
        the watch's first run, which records the baseline). One transaction."""
        stamp = now_iso()
        with self._lock, transaction(self._conn):
            conn = self._conn
            first_run = (
                conn.execute("SELECT 1 FROM watch_runs WHERE watch = ?", (watch,)).fetchone()
                is None
            )
            known = {
                paper_id
                for (paper_id,) in conn.execute(
                    f"SELECT {_CURRENT} FROM watch_hits h WHERE watch = ?", (watch,)
                )
            }
            new = [i for i in dict.fromkeys(ids) if i not in known]
            conn.executemany(
                "INSERT OR IGNORE INTO watch_hits(watch, paper_id, first_seen, flagged) "
                "VALUES (?, ?, ?, ?)",
                [(watch, i, stamp, 0 if first_run else 1) for i in new],
            )
            conn.execute(
                "INSERT INTO watch_runs(watch, last_run) VALUES (?, ?) "
                "ON CONFLICT(watch) DO UPDATE SET last_run = excluded.last_run",
                (watch, stamp),
            )
            if first_run:
                return []
            self._touch_in_tx(new)
        return new

    def has_watch_run(self, watch: str) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT 1 FROM watch_runs WHERE watch = ?", (watch,))
            return row.fetchone() is not None

    def forget_watch(self, watch: str) -> int:
        """Drop everything recorded for `watch` (a key): how many flags it had."""
        with self._lock, transaction(self._conn):
            flagged = [
                paper_id
                for (paper_id,) in self._conn.execute(
                    f"SELECT {_CURRENT} FROM watch_hits h WHERE watch = ? AND flagged = 1",
                    (watch,),
                )
            ]
            self._conn.execute("DELETE FROM watch_hits WHERE watch = ?", (watch,))
            self._conn.execute("DELETE FROM watch_runs WHERE watch = ?", (watch,))
            self._touch_in_tx(flagged)
        return len(flagged)

    def watch_flags(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For the index: each paper's watches (keys) that flagged it new."""
        wanted = set(ids)
        found: dict[str, list[str]] = {}
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_CURRENT}, watch FROM watch_hits h WHERE flagged = 1 ORDER BY watch"
            ).fetchall()
        for paper_id, watch in rows:
            if paper_id in wanted and watch not in found.get(paper_id, []):
                found.setdefault(paper_id, []).append(watch)
        return found

    def unseen_watch_hits(self) -> dict[str, list[str]]:
        """{watch key: paper ids} of the papers watches flagged new that are still unread
        (the reader's `!` and "3 new for …"), oldest first."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT watch, cur FROM (SELECT watch, first_seen, {_CURRENT} AS cur "
                "FROM watch_hits h WHERE flagged = 1) "
                "WHERE NOT EXISTS (SELECT 1 FROM paper_state s "
                "WHERE s.paper_id = cur AND s.read_at != '') "
                "AND EXISTS (SELECT 1 FROM papers WHERE id = cur) "
                "ORDER BY watch, first_seen, cur"
            ).fetchall()
        found: dict[str, list[str]] = {}
        for watch, paper_id in rows:
            found.setdefault(watch, []).append(paper_id)
        return found

    def watch_hits_since(self, since: str) -> list[WatchHit]:
        """Papers flagged new at or after the ISO time `since` ('' = ever), oldest first."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT watch, {_CURRENT}, first_seen FROM watch_hits h "
                "WHERE flagged = 1 AND first_seen >= ? ORDER BY first_seen, watch, paper_id",
                (since,),
            ).fetchall()
        return [WatchHit(*row) for row in rows]

    def top_upvoted_added_since(self, since: str, limit: int) -> list[Paper]:
        """Papers with upvotes (Hugging Face's) added at or after `since`, most upvoted first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, data FROM papers WHERE added_at >= ? AND upvotes > 0 "
                "ORDER BY upvotes DESC, num DESC LIMIT ?",
                (since, limit),
            ).fetchall()
        return [decode(data, paper_id) for paper_id, data in rows]

    def last_digest(self) -> str:
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = ?", (_LAST_DIGEST,)
            ).fetchone()
        return str(row[0]) if row else ""

    def set_last_digest(self, stamp: str) -> None:
        with self._lock, transaction(self._conn):
            self._conn.execute(
                "INSERT INTO meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (_LAST_DIGEST, stamp),
            )
