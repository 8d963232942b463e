"""Garbage collections while the user rests, rather than between a key and its frame.

CPython runs a full (generation 2) collection every few seconds of activity.
In the reader it walks every object the process holds and takes 50-250 ms at
100k papers (bench/bench_tui.py --only inproc, on a loaded 2-core machine);
one landing between a key and its frame delays that frame by as much. Young
collections are small but many: painting a frame allocates thousands of
objects (Textual's strips), so 10-20 of them, 3-8 ms in all, fell between a
key and its frame. So:

- from an input until `PAUSE` seconds after the last one (at most `MAX_PAUSE`
  in a row, for a held-down key) there are no collections at all: the frame
  answering a key, and search results ~50 ms later, are painted first, and the
  garbage is collected in one go after;
- a second after start the objects that exist then (modules, styles, the
  screen and its widgets, usually the opened index) are frozen (`gc.freeze`,
  which only moves them to a list full collections skip: no pause), so later
  full collections walk only newer objects;
- automatic full collections become 10x rarer (a safety valve for long bursts
  of activity, which still bounds the garbage that piles up);
- once the user has rested `IDLE` seconds and a full collection is due, one
  runs then.

The previous settings come back when the app stops (tests run many apps).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from textual.app import App
from textual.timer import Timer

IDLE = 1.5  # seconds without input before a full collection may run
PAUSE = 0.15  # no collections at all until this long after an input...
MAX_PAUSE = 1.0  # ...for at most this long in a row (a held-down key)
CHECK = 1.0  # how often to look
RARER = 10  # automatic full collections: this many times fewer


class IdleCollector:
    def __init__(
        self,
        app: App[object],
        idle: float = IDLE,
        pause: float = PAUSE,
        max_pause: float = MAX_PAUSE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._idle = idle
        self._pause, self._max_pause = pause, max_pause
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None
        self._timer: Timer | None = None
        self._frozen = False
        self._paused_at: float | None = None
        self._resume_timer: Timer | None = None

    def start(self) -> None:
        self._saved = gc.get_threshold()
        young, middle, old = self._saved
        gc.set_threshold(young, middle, old * RARER)
        self._timer = self._app.set_interval(CHECK, self.check, name="idle-gc")

    def input(self) -> None:
        """The user did something: put the next collection off."""
        now = self._last_input = self._clock()
        if self._saved is None:
            return
        if self._paused_at is None:
            if not gc.isenabled():
                return  # someone else turned collections off: leave them be
            gc.disable()
            self._paused_at = now
        if self._resume_timer is None:
            self._resume_after(self._pause)

    def resume(self) -> None:
        """Collections back on if the user has paused long enough (its timer's step)."""
        self._resume_timer = None
        if self._paused_at is None:
            return
        now = self._clock()
        wait = self._last_input + self._pause - now
        if wait > 0 and now - self._paused_at < self._max_pause:
            self._resume_after(wait)
            return
        self._paused_at = None
        gc.enable()

    def _resume_after(self, seconds: float) -> None:
        # (a Textual timer of 0 s divides by zero)
        self._resume_timer = self._app.set_timer(max(seconds, 1e-3), self.resume, name="gc-resume")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._resume_timer is not None:
            self._resume_timer.stop()
            self._resume_timer = None
        if self._paused_at is not None:
            self._paused_at = None
            gc.enable()
        if self._saved is not None:
            gc.set_threshold(*self._saved)
        if self._frozen:
            gc.unfreeze()
        self._timer, self._saved, self._frozen = None, None, False

    def check(self) -> None:
        """Freeze the startup objects once; a full collection if due and the user rests."""
        if not self._frozen:
            gc.freeze()
            self._frozen = True
        if self._clock() - self._last_input < self._idle:
            return
        if gc.get_count()[2]:  # the middle generation was collected since the last full one
            gc.collect()
