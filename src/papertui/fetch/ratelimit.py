"""A polite-client rate limiter: one request at a time, at least `interval` seconds apart.

The time of the last request is kept in a small file in the cache directory, so
two papertui processes run one after the other (or at once: the file is locked
while a request is in flight) also keep the spacing. The clock and the sleep
function are injectable so tests never really wait.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from papertui import atomic

try:  # POSIX only; elsewhere the in-process lock still applies
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    def __init__(
        self,
        interval: float,
        state_path: Path | None = None,
        *,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.interval = interval
        self.state_path = state_path
        self.clock = clock
        self.sleep = sleep
        self._last = 0.0
        self._lock = threading.Lock()

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold the only request slot: wait until `interval` has passed since the last
        request ended, run the request, then record when it finished."""
        with self._lock, self._file_lock():
            last = max(self._last, self._read_last())
            wait = self.interval - (self.clock() - last)
            if wait > 0:
                self.sleep(min(wait, self.interval))  # a clock set back never means a long wait
            try:
                yield
            finally:
                self._last = self.clock()
                self._write_last(self._last)

    # ---- persisted state ------------------------------------------------------
    def _read_last(self) -> float:
        if self.state_path is None:
            return 0.0
        try:
            value = json.loads(self.state_path.read_text(encoding="utf-8"))["last_request"]
        except (OSError, ValueError, KeyError, TypeError):
            return 0.0
        return float(value) if isinstance(value, int | float) else 0.0

    def _write_last(self, when: float) -> None:
        if self.state_path is None:
            return
        with suppress(OSError):  # a read-only cache must not break fetching
            atomic.write_text(self.state_path, json.dumps({"last_request": when}), durable=False)

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        if self.state_path is None or fcntl is None:
            yield
            return
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.state_path.with_name(self.state_path.name + ".lock"), "a")  # noqa: SIM115
        except OSError:
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            handle.close()  # closing releases the lock
