"""Painted lines reused wherever their content comes back (a list scrolled by a row).

Textual's `StylesCache` keeps a widget's finished lines (padding, border,
colours, the terminal's colour filter applied) by their place in the widget,
and a scroll marks every place dirty. Scrolling a 36-row list by one row then
finishes all 36 lines again, ~50 µs each on the bench machine, though 35 of
them show what they showed a row lower a moment ago. The compositor also cuts
every new line again (a cut is kept per `Strip` object).

A line-API widget whose `render_line` returns the same `Strip` object for the
same content (a cache of painted rows) can mix in `ReusedLines`: each finished
line is kept by the identity of its content strip, and reused wherever that
strip comes back. Lines whose content is new are finished by Textual as usual.
A widget with opacity, tint, text opacity, hatch or links paints as usual.
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip

LINES_KEPT = 512  # finished lines; a few screens of a tall pane

# content strip, then what else the finished line depends on: crop columns, widget size
Kept = tuple[Strip, int, int, Size, Strip]


class ReusedLines:
    """Mixin for a line-API widget (plain class, ahead of the `Widget` base)."""

    _finished: LRUCache[int, Kept] | None = None

    def render_lines(self: Any, crop: Region) -> list[Strip]:
        if not _finished_from_content_alone(self):
            return super().render_lines(crop)  # type: ignore[misc]
        if self._finished is None:
            self._finished = LRUCache(LINES_KEPT)
        finished: LRUCache[int, Kept] = self._finished
        top, _, bottom, _ = self.styles.gutter
        size: Size = self.region.size  # (`self.size` is inside the padding)
        x, width = crop.x, crop.width
        strips: list[Strip | None] = []
        contents: dict[int, Strip] = {}  # y -> content strip, for lines painted now
        missing: list[int] = []
        for y in crop.line_range:
            if top <= y < size.height - bottom:
                content = self.render_line(y - top)
                kept = finished.get(id(content))
                if kept is not None and kept[0] is content and kept[1:4] == (x, width, size):
                    strips.append(kept[4])
                    continue
                contents[y] = content
            strips.append(None)
            missing.append(y)
        for start, end in _runs(missing):
            painted = super().render_lines(Region(x, start, width, end - start))  # type: ignore[misc]
            for y, strip in zip(range(start, end), painted, strict=True):
                strips[y - crop.y] = strip
                content = contents.get(y)
                if content is not None:
                    finished[id(content)] = (content, x, width, size, strip)
        return strips  # type: ignore[return-value]  # every None was painted

    def notify_style_update(self: Any) -> None:
        super().notify_style_update()  # type: ignore[misc]
        if self._finished is not None:
            self._finished.clear()  # new colours, focus border...


def _finished_from_content_alone(widget: Any) -> bool:
    """True when a finished line depends on its content strip, the styles and the size only."""
    styles = widget.styles
    if widget.opacity != 1.0 or styles.tint.a or styles.text_opacity != 1.0:
        return False
    if styles.has_rule("hatch") and styles.hatch != "none":
        return False
    return not (widget.auto_links and widget.hover_style._link_id)


def _runs(lines: list[int]) -> list[tuple[int, int]]:
    """Consecutive line numbers as (start, end) ranges: one Textual render per run."""
    runs: list[tuple[int, int]] = []
    for y in lines:
        if runs and runs[-1][1] == y:
            runs[-1] = (runs[-1][0], y + 1)
        else:
            runs.append((y, y + 1))
    return runs
