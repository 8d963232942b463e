"""Scrollbars that repaint only when they look different.

Textual re-renders a scrollbar whenever its position or sizes change (and on
every layout pass), through the whole widget pipeline: 2-7 ms for a 35-line
bar on the bench machine. On a list of 100k papers a cursor move scrolls the
list by one row, which moves the thumb by 1/100000 of the bar: not one
eighth of a cell (the finest step drawn), so the bar looks the same and the
paint was wasted. `QuietScrollBar` keeps the lines of its last few looks (thumb
cells, size, style) and returns them when a look comes back: while the list
scrolls, and when the detail pane shows a paper whose text is as long as one
shown before (at the top, its thumb depends on the length only).

`QuietScrollbars` gives a scrolling widget such a vertical scrollbar. It
replaces Textual's `Widget.vertical_scrollbar` property, which builds its
scrollbar in place (private parts: `_vertical_scrollbar`, `App._start_widget`;
Textual is pinned below 9).
"""

from __future__ import annotations

from math import ceil
from typing import Any

from textual.cache import LRUCache
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

STEPS = len(ScrollBarRender.VERTICAL_BARS)  # a cell is drawn in eighths


def thumb_cells(
    size: int, virtual_size: float, window_size: float, position: float
) -> tuple[int, int] | None:
    """The thumb's start and end in eighths of a cell, as `ScrollBarRender` draws it
    (None: no thumb)."""
    if not (window_size and size and virtual_size and size != virtual_size):
        return None
    thumb = max(1, window_size / (virtual_size / size))
    span = virtual_size - window_size
    offset = (size - thumb) * (position / span) if span else 0.0
    start = int(offset * STEPS)
    return start, start + ceil(thumb * STEPS)


LOOKS_KEPT = 32


class QuietScrollBar(ScrollBar):
    _painted: LRUCache[object, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        look = self._look(crop)
        if look is None:
            return super().render_lines(crop)
        if self._painted is None:
            self._painted = LRUCache(LOOKS_KEPT)
        strips = self._painted.get(look)
        if strips is None:
            strips = super().render_lines(crop)
            self._painted[look] = strips
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._painted is not None:
            self._painted.clear()  # a new theme: the style in a look may not show it all

    def _look(self, crop: Region) -> object:
        """What the bar would draw, as a comparable value (None: unknown, always paint)."""
        bar = self.render()
        if type(bar) is not ScrollBarRender:
            return None
        size = self.size.height if self.vertical else self.size.width
        thumb = thumb_cells(size, bar.virtual_size, bar.window_size, bar.position)
        return (crop, self.size, bar.vertical, bar.thickness, bar.style, thumb)


class QuietScrollbars:
    """Mixin for a scrolling widget: its vertical scrollbar is a `QuietScrollBar`.
    (Not a `Widget` subclass: that would bring `Widget`'s default CSS in ahead of
    the scrolling widget's own.)"""

    @property
    def vertical_scrollbar(self: Any) -> ScrollBar:
        if self._vertical_scrollbar is None:
            thickness = self.scrollbar_size_vertical
            bar = QuietScrollBar(vertical=True, name="vertical", thickness=thickness)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar
