"""Keeping the detail pane cheap while the cursor moves.

`CursorThrottle` lets the pane follow the cursor at most once a frame: the
first move shows at once, later ones within the frame come as one
`PaperDue` at its end (the newest paper), so a held-down key repaints at frame
rate and always ends on the paper under the cursor. `RelatedLoader` looks up
related papers only once the cursor rests, in a thread worker, and remembers
the answers until the index changes: the lookup is pure Python and holds the
GIL, so running it for every paper passed over would slow the keys that follow.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.cache import LRUCache
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from papertui.ui.messages import RelatedReady
from papertui.ui.row_data import RelatedEntry
from papertui.ui.search_session import SearchSession

FRAME = 1 / 60
RELATED_DELAY = 0.3  # seconds the cursor must rest before related papers are looked up
RELATED_CACHE = 256


@dataclass
class PaperDue(Message):
    """The cursor rests on list handle `key` at the end of a throttled frame."""

    key: int


class CursorThrottle:
    def __init__(self, owner: Widget, interval: float = FRAME) -> None:
        self._owner = owner
        self._interval = interval
        self._last = 0.0
        self._timer: Timer | None = None
        self._pending: int | None = None

    def now(self, key: int) -> bool:
        """True: show `key` now. False: it comes as `PaperDue` at the frame's end."""
        wait = self._last + self._interval - time.monotonic()
        if wait <= 0 and self._timer is None:
            self._last = time.monotonic()
            return True
        self._pending = key
        if self._timer is None:
            self._timer = self._owner.set_timer(max(wait, 0.001), self._flush)
        return False

    def _flush(self) -> None:
        self._timer = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._last = time.monotonic()
            self._owner.post_message(PaperDue(pending))


class RelatedLoader:
    """Debounced, cached related-papers lookups in a thread worker of `owner`, which
    answers with `RelatedReady`."""

    def __init__(self, owner: Widget, session: SearchSession, delay: float = RELATED_DELAY) -> None:
        self._owner = owner
        self._session = session
        self.delay = delay
        self._timer: Timer | None = None
        self._cache: LRUCache[str, list[RelatedEntry]] = LRUCache(RELATED_CACHE)

    def request(self, paper_id: str) -> RelatedReady | None:
        """The detail pane now shows `paper_id`: the answer if it is known now, else
        None and a lookup once the cursor rests (or none: the index is not ready)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        cached = self._cache.get(paper_id)
        if cached is not None:
            return RelatedReady(paper_id, cached, "")
        if self._session.index is None:
            if self._session.index_error is not None:  # else: looked up once it is ready
                return RelatedReady(paper_id, [], "unavailable (no index)")
            return None
        self._owner.workers.cancel_group(self._owner, "related")
        if self.delay <= 0:
            self._start(paper_id)
        else:
            self._timer = self._owner.set_timer(self.delay, lambda: self._start(paper_id))
        return None

    def forget(self) -> None:
        """Drop remembered answers (the index changed)."""
        self._cache.clear()

    def arrived(self, message: RelatedReady) -> None:
        if not message.note:
            self._cache[message.paper_id] = message.entries

    def _start(self, paper_id: str) -> None:
        self._timer = None
        self._owner.run_worker(
            lambda: self._lookup(paper_id),
            thread=True,
            group="related",
            exclusive=True,
            exit_on_error=False,
        )

    def _lookup(self, paper_id: str) -> None:
        try:
            entries: list[RelatedEntry] = self._session.related(paper_id)
            note = ""
        except Exception as exc:  # a side section: say so in place, no error modal
            entries, note = [], f"unavailable ({type(exc).__name__})"
        if not get_current_worker().is_cancelled:
            self._owner.post_message(RelatedReady(paper_id, entries, note))
