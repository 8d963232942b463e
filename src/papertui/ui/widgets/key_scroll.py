"""Scrolling by key for the panes that are read line by line (detail, full text).

Textual animates a key's scroll (the first line moved ~50 ms after the key,
bench/bench_reading_scroll.py), and its home and end wait for the next refresh: of
keys that arrive together (`G` then `b`, pasted or batched over SSH) the later ones
then started from the old place and `G`'s late move undid them. Here every key moves
the text at once, from where the key before left it. `force`: Textual drops a scroll
until the pane's first layout has shown its scrollbar (the position is clamped to
the text anyway)."""

from __future__ import annotations

from papertui.ui.render.bases import LineView


class KeyScrolled(LineView):
    def action_scroll_down(self) -> None:
        self._scroll(self.scroll_y + 1)

    def action_scroll_up(self) -> None:
        self._scroll(self.scroll_y - 1)

    def action_page_down(self) -> None:
        self._scroll(self.scroll_y + self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll(self.scroll_y - self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self._scroll(0)

    def action_scroll_end(self) -> None:
        self._scroll(self.max_scroll_y)

    def _scroll(self, y: float) -> None:
        self.scroll_to(y=y, animate=False, immediate=True, force=True)
