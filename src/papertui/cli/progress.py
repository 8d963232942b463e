"""A minimal progress line on stderr: redrawn in place on a terminal, silent otherwise."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Call with (done, total, label); total may be None when unknown."""

    def __init__(self, stream: TextIO, *, interval: float = 0.1) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.interval = interval
        self._last = 0.0
        self._started = time.monotonic()
        self._drawn = False

    def __call__(self, done: int, total: int | None = None, label: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.interval and (total is None or done < total):
            return
        self._last = now
        rate = done / max(now - self._started, 1e-6)
        if total:
            width = 30
            filled = int(width * min(done / total, 1.0))
            bar = "█" * filled + "░" * (width - filled)
            line = f"{label} {bar} {done:,}/{total:,} ({rate:,.0f}/s)"
        else:
            line = f"{label} {done:,} ({rate:,.0f}/s)"
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False
