"""Keeping the detail pane cheap while the cursor moves.

`Throttle` runs the latest request at most once per interval (the first at
once), so a held-down key repaints the pane at most at frame rate and always
ends on the paper under the cursor. `LookAhead` prepares the paper the cursor
will likely land on next once the frame is out. `RelatedLoader` looks up
related papers only once the cursor rests, in a thread worker, and remembers
the answers: the lookup is pure Python and holds the GIL, so running it for
every paper passed over would slow down the keys that follow.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from textual.cache import LRUCache
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from papertui.ui.data import RelatedEntry
from papertui.ui.search_session import SearchSession

T = TypeVar("T")
ShowRelated = Callable[[str, "list[RelatedEntry] | None", str], None]

FRAME = 1 / 60
RELATED_DELAY = 0.3  # seconds the cursor must rest before related papers are looked up
RELATED_CACHE = 256


class Throttle(Generic[T]):
    """Call `action(value)` now, or at the end of the interval with the newest value."""

    def __init__(self, owner: Widget, action: Callable[[T], object], interval: float = FRAME):
        self._owner = owner
        self._action = action
        self._interval = interval
        self._last = 0.0
        self._timer: Timer | None = None
        self._pending: tuple[T] | None = None

    def __call__(self, value: T) -> None:
        wait = self._last + self._interval - time.monotonic()
        if wait <= 0 and self._timer is None:
            self._run(value)
            return
        self._pending = (value,)
        if self._timer is None:
            self._timer = self._owner.set_timer(max(wait, 0.001), self._flush)

    def _flush(self) -> None:
        self._timer = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._run(pending[0])

    def _run(self, value: T) -> None:
        self._last = time.monotonic()
        self._action(value)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer, self._pending = None, None


class LookAhead:
    """After each move, once its frame is out, `prepare(index)` the next row in the
    direction of travel (wrapping a paper's text is most of the cost of showing it)."""

    def __init__(
        self, owner: Widget, cursor: Callable[[], int], prepare: Callable[[int], None]
    ) -> None:
        self._owner = owner
        self._cursor = cursor
        self._prepare = prepare
        self._last = 0

    def moved(self, index: int) -> None:
        step = -1 if index < self._last else 1
        self._last = index
        self._owner.call_after_refresh(self._run, index, index + step)

    def _run(self, index: int, upcoming: int) -> None:
        if self._cursor() == index:  # else the cursor moved on meanwhile
            self._prepare(upcoming)


class RelatedLoader:
    """Debounced, cached related-papers lookups run in a thread worker of `owner`."""

    def __init__(
        self,
        owner: Widget,
        session: SearchSession,
        show: ShowRelated,
        delay: float = RELATED_DELAY,
    ) -> None:
        self._owner = owner
        self._session = session
        self._show = show
        self._delay = delay
        self._timer: Timer | None = None
        self._cache: LRUCache[str, list[RelatedEntry]] = LRUCache(RELATED_CACHE)

    def request(self, paper_id: str) -> None:
        """The detail pane now shows `paper_id`: fill its related section soon."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        cached = self._cache.get(paper_id)
        if cached is not None:  # next frame: the body paints first, and a just-pushed
            self._owner.call_after_refresh(self._show, paper_id, cached, "")  # view is up
            return
        if self._session.index is None:
            if self._session.index_error is not None:  # else: looked up once it is ready
                self._owner.call_after_refresh(self._show, paper_id, [], "unavailable (no index)")
            return
        self._owner.workers.cancel_group(self._owner, "related")
        self._timer = self._owner.set_timer(self._delay, lambda: self._start(paper_id))

    def forget(self) -> None:
        """Drop remembered answers (the index changed)."""
        self._cache.clear()

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
            self._owner.app.call_from_thread(self._done, paper_id, entries, note)

    def _done(self, paper_id: str, entries: list[RelatedEntry], note: str) -> None:
        if not note:
            self._cache[paper_id] = entries
        self._show(paper_id, entries, note)
