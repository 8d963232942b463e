"""Scrolling by key for the panes that are read line by line (detail, full text).

Textual animates a key's scroll (the first line moved ~50 ms after the key,
bench/bench_reading_scroll.py) and defers it until the next refresh, so of keys that
arrive together (`G` then `b`, pasted or batched over SSH) the later ones acted on
the old position and the deferred scroll then overrode them. Here each key moves
the text at once, from where the previous key left it."""

from __future__ import annotations

from papertui.ui.render.bases import LineView


class KeyScrolled(LineView):
    def action_scroll_down(self) -> None:
        self.scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_up(animate=False, immediate=True)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)

    def _page(self, direction: int) -> None:
        page = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_y + direction * page, animate=False, immediate=True)
