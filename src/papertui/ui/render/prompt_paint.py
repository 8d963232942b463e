"""Paint an awaited update at once instead of at the screen's next update tick.

Textual paints a screen on a 60 Hz timer: a change marks widgets dirty, and
the frame waits for the timer's next tick. After a keystroke's own frame (the
typed character) that tick is one or two periods away, so search results
that arrive ~10 ms after the key waited another 10-25 ms before any work on
them began (measured with `bench/traced_reader.py` in search mode). A screen
built on `PromptPaintScreen` paints on the first idle after `paint_promptly()`
instead.

Relies on private parts of Textual (`Screen._on_idle`, `_on_timer_update`,
`_dirty_widgets`, `Widget._repaint_required`), which is why Textual is
pinned below 9.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class PromptPaintScreen(Screen[None]):
    _paint_promptly = False

    def paint_promptly(self) -> None:
        """The changes being made now are awaited: paint them as soon as they are queued."""
        self._paint_promptly = True

    async def _on_idle(self, event: events.Idle) -> None:
        await super()._on_idle(event)
        if self._paint_promptly and self.is_current:
            self._collect_pending_repaints()
            if self._dirty_widgets:
                self._paint_promptly = False
                self._on_timer_update()  # what the timer's tick would do, now

    def _collect_pending_repaints(self) -> None:
        """A widget hands its repaint to the screen from its own message loop, which
        may not have run by now: such a widget (the status line, counting results
        the list already shows) would trail one tick, 20-35 ms, behind the rest."""
        for widget in self._compositor.visible_widgets:
            if widget._repaint_required and widget.display:
                widget._repaint_required = False
                self._dirty_widgets.add(widget)
