"""The user-state half of `Library`: bookmarks, tags, notes, read state.

Every change is one transaction that also marks the papers changed (so the
search index picks up tags and flags) and returns the previous states, which
`restore_states` puts back (undo).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace

from papertui.models import PaperState
from papertui.store import user_state

StateSnapshot = dict[str, PaperState | None]


class NoteChanged(Exception):
    """The note was saved elsewhere after the editor opened it; nothing was written."""

    def __init__(self, current: PaperState) -> None:
        super().__init__(f"the note of {current.paper_id} was changed at {current.note_updated_at}")
        self.current = current


class UserStateMethods:
    """Mixed into `Library`, which provides the connection, the lock and `_touch_in_tx`."""

    _conn: sqlite3.Connection
    _lock: threading.RLock

    def _touch_in_tx(self, ids: Iterable[str]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def _current_ids(self, ids: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(self._current_map(ids).values()))

    def _current_map(self, ids: Iterable[str]) -> dict[str, str]:
        """Each id as it is now: an id a merge retired stands for its merged record
        (an undo, a state file or a second reader may still hold the old one)."""
        id_list = list(dict.fromkeys(ids))
        current = dict(zip(id_list, id_list, strict=True))
        for start in range(0, len(id_list), 900):
            chunk = id_list[start : start + 900]
            marks = ",".join("?" * len(chunk))
            current.update(
                self._conn.execute(
                    f"SELECT alias, id FROM paper_aliases WHERE alias IN ({marks})", chunk
                )
            )
        return current

    def states_for(self, ids: Iterable[str]) -> dict[str, PaperState]:
        """User state of the given papers; papers without any state are absent."""
        with self._lock:
            return user_state.read_states(self._conn, ids)

    def _change_state(
        self, ids: Iterable[str], apply: Callable[[sqlite3.Connection, list[str]], None]
    ) -> StateSnapshot:
        """Apply one state change durably; return the previous states (for undo)."""
        with self._transaction():
            id_list = self._current_ids(ids)
            before = user_state.read_states(self._conn, id_list)
            apply(self._conn, id_list)
            self._touch_in_tx(id_list)
        return {i: before.get(i) for i in id_list}

    def set_bookmarked(self, ids: Iterable[str], on: bool) -> StateSnapshot:
        return self._change_state(ids, lambda c, i: user_state.set_bookmarked(c, i, on))

    def set_read(self, ids: Iterable[str], read: bool) -> StateSnapshot:
        return self._change_state(ids, lambda c, i: user_state.set_read(c, i, read))

    def change_tags(
        self, ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> StateSnapshot:
        add, remove = list(add), list(remove)

        def apply(conn: sqlite3.Connection, id_list: list[str]) -> None:
            user_state.remove_tags(conn, id_list, remove)
            user_state.add_tags(conn, id_list, add)

        return self._change_state(ids, apply)

    def set_note(
        self, paper_id: str, note: str, *, unless_changed_since: str | None = None
    ) -> StateSnapshot:
        """Save the note. With `unless_changed_since` (the `note_updated_at` the editor
        started from), refuse with NoteChanged if another process saved one since."""

        def apply(conn: sqlite3.Connection, ids: list[str]) -> None:
            if unless_changed_since is not None:
                current = user_state.read_states(conn, ids).get(ids[0])
                if current and current.note_updated_at != unless_changed_since:
                    raise NoteChanged(current)
            user_state.set_note(conn, ids[0], note)

        return self._change_state([paper_id], apply)

    def restore_states(self, snapshot: StateSnapshot) -> None:
        """Undo: put the papers' state back exactly as `snapshot` recorded it."""

        def apply(conn: sqlite3.Connection, id_list: list[str]) -> None:
            current = self._current_map(snapshot)
            user_state.restore_states(
                conn,
                {current[i]: s and replace(s, paper_id=current[i]) for i, s in snapshot.items()},
            )

        self._change_state(snapshot, apply)

    def update_states(
        self,
        ids: Iterable[str],
        compute: Callable[[dict[str, PaperState]], dict[str, PaperState | None]],
    ) -> int:
        """Read the papers' states, let `compute` return replacements, write them: one
        transaction, so a concurrent writer cannot slip in between. Returns how many changed."""
        with self._transaction():
            id_list = self._current_ids(ids)
            updated = compute(user_state.read_states(self._conn, id_list))
            user_state.restore_states(self._conn, updated)
            self._touch_in_tx(updated)
        return len(updated)

    def state_ids(self) -> list[str]:
        """Ids of every paper with any user state (including papers not in the library)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT paper_id FROM paper_state UNION SELECT paper_id FROM paper_tags ORDER BY 1"
            )
            return [r[0] for r in rows]

    def tag_counts(self) -> list[tuple[str, int]]:
        with self._lock:
            return user_state.tag_counts(self._conn)

    def ids_matching(
        self, *, bookmarked: bool = False, tag: str | None = None, unread: bool = False
    ) -> list[str]:
        with self._lock:
            return user_state.ids_matching(
                self._conn, bookmarked=bookmarked, tag=tag, unread=unread
            )
