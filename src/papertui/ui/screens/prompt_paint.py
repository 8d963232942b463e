"""Paint an awaited update at once instead of at the screen's next update tick.

Textual paints a screen on a 60 Hz timer: a change marks widgets dirty, and
the frame waits for the timer's next tick. After a keystroke's own frame (the
typed character) that tick is one or two periods away, so search results
that arrive ~10 ms after the key waited another 10-25 ms before any work on
them began (measured with `bench/traced_reader.py` in search mode). A screen
with this mixin paints on the first idle after `paint_promptly()` instead.

Relies on two private parts of Textual's `Screen` (`_on_idle`,
`_on_timer_update`), which is why Textual is pinned below 9.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class PromptPaint(Screen[None]):
    _paint_promptly = False

    def paint_promptly(self) -> None:
        """The changes being made now are awaited: paint them as soon as they are queued."""
        self._paint_promptly = True

    async def _on_idle(self, event: events.Idle) -> None:
        await super()._on_idle(event)
        if self._paint_promptly and self._dirty_widgets and self.is_current:
            self._paint_promptly = False
            self._on_timer_update()  # what the timer's tick would do, now
