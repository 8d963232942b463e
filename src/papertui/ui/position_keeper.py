"""Keeping the reading position of the paper shown: once the text has rested for
`delay` seconds (so a killed reader loses at most the last moment), and on leaving.

Writes run in a thread worker of the app's (the screen may be going away); quitting
writes on the spot, since quitting cancels workers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from papertui.ui.reading_positions import ReadingPositions


class PositionKeeper:
    def __init__(
        self,
        screen: Screen[Any],
        positions: ReadingPositions,
        delay: float,
        top_block: Callable[[], int],
    ) -> None:
        self._screen = screen
        self._top_block = top_block  # the block being read (asked at rest, not per scroll)
        self._positions = positions
        self._delay = delay
        self._arxiv_id = ""  # "" until a paper is shown
        self._kept = -1  # the block last written for it
        self._timer: Timer | None = None

    def opened(self, arxiv_id: str, kept: int) -> None:
        self._arxiv_id, self._kept = arxiv_id, kept

    def moved(self) -> None:
        """The text scrolled: keep the block being read once it rests."""
        self._stop()
        if self._delay <= 0:
            self.keep(self._top_block())
        else:
            self._timer = self._screen.set_timer(self._delay, self._rested)

    def _rested(self) -> None:
        self.keep(self._top_block())

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def keep(self, block: int) -> None:
        """Write `block` in a worker (nothing when it is the one written last)."""
        self._stop()
        if not self._arxiv_id or block == self._kept:
            return
        app, positions, arxiv_id = self._screen.app, self._positions, self._arxiv_id
        self._kept = block

        def save() -> None:
            try:
                positions.put(arxiv_id, block)
            except OSError as exc:
                problem = f"Could not remember where you were in {arxiv_id}: {exc.strerror or exc}"
                app.call_from_thread(app.notify, problem, severity="warning", markup=False)

        app.run_worker(save, thread=True, group="reading-position", exit_on_error=False)

    def keep_now(self, block: int) -> None:
        """Write `block` on this thread (the reader is quitting)."""
        self._stop()
        if self._arxiv_id and block != self._kept:
            with contextlib.suppress(OSError):  # leaving anyway: the one kept at rest stays
                self._positions.put(self._arxiv_id, block)
