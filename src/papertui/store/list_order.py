"""The order the reader lists papers in: every handle sorted, and checks of a few
changed papers' places (whether another process's edit moved them)."""

from __future__ import annotations

import sqlite3
import threading
from array import array
from collections.abc import Iterable

SORTS: dict[str, str] = {
    "date": "published DESC, num DESC",
    "title": "title_sort, num",
    "upvotes": "upvotes DESC, num DESC",
    "added": "added_at DESC, num DESC",
}


class ListOrderMethods:
    """Mixed into `Library`, which provides the connection and the lock."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def ordered_nums(self, sort: str = "date", limit: int = -1) -> array:
        """Every paper's compact handle in display order (cheap: an index-only scan),
        or the first `limit` of them."""
        order = SORTS[sort]
        with self._lock:
            rows = self._conn.execute(f"SELECT num FROM papers ORDER BY {order} LIMIT ?", (limit,))
            return array("q", (num for (num,) in rows))

    def nums_changed_since(self, seq: int, limit: int) -> list[int] | None:
        """Handles of the papers changed after change sequence `seq` (None: over `limit`)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT num FROM papers WHERE changed > ? LIMIT ?", (seq, limit + 1)
            ).fetchall()
        return None if len(rows) > limit else [num for (num,) in rows]

    def in_order(self, nums: Iterable[int], sort: str) -> list[int]:
        """`nums` (a few handles) in the display order of `sort`."""
        wanted = list(dict.fromkeys(nums))
        order = SORTS[sort]
        with self._lock:
            rows = self._conn.execute(
                f"SELECT num FROM papers WHERE num IN ({','.join('?' * len(wanted))}) "
                f"ORDER BY {order}",
                wanted,
            )
            return [num for (num,) in rows]
