"""Bookmarks, tags, notes and read state: the reader's controller, with undo.

Every change runs in a thread worker as ONE committed store transaction (the
store returns the previous states). Reads that decide a toggle happen in the
same worker under one lock, so two quick presses can never both act on a stale
state. After the commit the worker reads back what the repaint needs (the new
states, the changed list rows) and answers with `StatesChanged`; the screen's
handler repaints and confirms, then calls `confirmed` to keep the undo step.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.widget import Widget

from papertui.models import PaperState
from papertui.store import Library
from papertui.ui.messages import StatesChanged
from papertui.ui.rows import RowSource

UNDO_DEPTH = 50

StateSnapshot = dict[str, PaperState | None]


@dataclass(frozen=True)
class Change:
    description: str  # "bookmark on 2401.00001", used in "Undone: …"
    snapshot: StateSnapshot


def subject(ids: Sequence[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{len(ids)} papers"


class StateActions:
    def __init__(self, owner: Widget, library: Library, rows: RowSource) -> None:
        self._owner = owner
        self.library = library
        self._rows = rows
        self.undo_stack: deque[Change] = deque(maxlen=UNDO_DEPTH)
        self._lock = threading.Lock()

    # ---- plumbing -----------------------------------------------------------
    def _run(
        self,
        ids: Sequence[str],
        change: Callable[[], tuple[StateSnapshot, str, str] | None],
        *,
        explicit: bool = True,
    ) -> None:
        """Run `change` (in a worker, under the lock); it returns (snapshot, message,
        undo description) or None when there was nothing to do."""
        ids = list(ids)

        def job() -> None:
            with self._lock:
                seq_before = self.library.change_seq()
                outcome = change()
                if outcome is None:
                    return
                seqs = (seq_before, self.library.change_seq())
                look = self._rows.look()
                states = self.library.states_for(ids)
                keys = list(self.library.nums_for_ids(ids).values())
                rows = self._rows(keys)
            snapshot, message, description = outcome
            undo = Change(description, snapshot) if explicit and description else None
            done = StatesChanged(ids, states, rows, look, message, explicit, undo, seqs)
            self._owner.post_message(done)

        self._owner.run_worker(job, thread=True, group="state", exit_on_error=False)

    def confirmed(self, message: StatesChanged) -> None:
        """The screen showed the change: it may now be undone."""
        if message.undo is not None:
            self.undo_stack.append(message.undo)

    def _states(self, ids: Sequence[str]) -> dict[str, PaperState]:
        return self.library.states_for(ids)

    # ---- changes ------------------------------------------------------------
    def toggle_bookmark(self, ids: Sequence[str]) -> None:
        def change() -> tuple[StateSnapshot, str, str]:
            states = self._states(ids)
            on = not all(states.get(i) and states[i].bookmarked for i in ids)
            snapshot = self.library.set_bookmarked(ids, on)
            verb = "Bookmarked" if on else "Removed the bookmark of"
            return snapshot, f"{verb} {subject(ids)}", f"{verb.lower()} {subject(ids)}"

        self._run(ids, change)

    def toggle_read(self, ids: Sequence[str]) -> None:
        def change() -> tuple[StateSnapshot, str, str]:
            states = self._states(ids)
            read = not all(states.get(i) and states[i].is_read for i in ids)
            snapshot = self.library.set_read(ids, read)
            verb = "Marked read:" if read else "Marked unread:"
            return snapshot, f"{verb} {subject(ids)}", f"{verb.lower()} {subject(ids)}"

        self._run(ids, change)

    def mark_read_quietly(self, paper_id: str) -> None:
        """The dwell timer's change: no notification, not on the undo stack."""

        def change() -> tuple[StateSnapshot, str, str] | None:
            state = self._states([paper_id]).get(paper_id)
            if state is not None and state.is_read:
                return None
            return self.library.set_read([paper_id], True), "", ""

        self._run([paper_id], change, explicit=False)

    def change_tags(self, ids: Sequence[str], add: Sequence[str], remove: Sequence[str]) -> None:
        def change() -> tuple[StateSnapshot, str, str]:
            snapshot = self.library.change_tags(ids, add=add, remove=remove)
            parts = [f"+{t}" for t in add] + [f"−{t}" for t in remove]
            what = f"{subject(ids)}: {' '.join(parts)}"
            return snapshot, f"Tags of {what}", f"tags of {what}"

        self._run(ids, change)

    def set_note(self, paper_id: str, note: str) -> None:
        def change() -> tuple[StateSnapshot, str, str]:
            snapshot = self.library.set_note(paper_id, note)
            verb = "Saved the note" if note else "Deleted the note"
            return snapshot, f"{verb} of {paper_id}", f"{verb.lower()} of {paper_id}"

        self._run([paper_id], change)

    def undo(self) -> bool:
        """Undo the newest change; False when there is none."""
        if not self.undo_stack:
            return False
        last = self.undo_stack.pop()

        def change() -> tuple[StateSnapshot, str, str]:
            self.library.restore_states(last.snapshot)
            return last.snapshot, f"Undone: {last.description}", ""

        self._run(list(last.snapshot), change)
        return True
