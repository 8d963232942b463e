"""Scrolling by key for the panes that are read line by line (detail, full text).

Textual animates a key's scroll (the first line moved ~50 ms after the key,
bench/bench_reading_scroll.py) and works out where to go when the key arrives but
moves only after the next refresh. Of keys that arrive together (`G` then `b`,
pasted or batched over SSH) the later ones then started from the old place, and
`G`'s late move undid them. Here each key's move is worked out after the refresh,
in the order the keys came (so from where the one before left the text, and from
the text's laid-out height), and made without animation. `force`: Textual drops a
scroll until the pane's first layout has shown its scrollbar; the position is
clamped to the text anyway."""

from __future__ import annotations

from collections.abc import Callable

from papertui.ui.render.bases import LineView


class KeyScrolled(LineView):
    def action_scroll_down(self) -> None:
        self._scroll_after_refresh(lambda: self.scroll_y + 1)

    def action_scroll_up(self) -> None:
        self._scroll_after_refresh(lambda: self.scroll_y - 1)

    def action_page_down(self) -> None:
        self._scroll_after_refresh(lambda: self.scroll_y + self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_after_refresh(lambda: self.scroll_y - self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self._scroll_after_refresh(lambda: 0)

    def action_scroll_end(self) -> None:
        self._scroll_after_refresh(lambda: self.max_scroll_y)

    def _scroll_after_refresh(self, to: Callable[[], float]) -> None:
        self.call_after_refresh(
            lambda: self.scroll_to(y=to(), animate=False, immediate=True, force=True)
        )
