"""A block of pre-wrapped rich text painted with the Line API (used by the detail pane).

A `Static` re-wraps its whole content on every update and always asks for a
layout pass, which repaints the whole detail pane (and, through the shared
screen lines, much of the screen). `DetailText` wraps once per (text, width),
keeps the strips, and asks for a layout only when its height really changes.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from papertui.ui.lru import LRU

Lines = list[Strip]


class DetailText(Widget):
    """Shows one `Text`; `set_text` swaps it, repainting without layout if it can."""

    DEFAULT_CSS = "DetailText { height: auto; }"
    # Wrapped lines of recently shown texts, shared by every instance: moving back
    # to a paper seen a moment ago repaints without wrapping anything.
    _wrapped: ClassVar[LRU[tuple[Hashable, int], Lines]] = LRU(96)

    def __init__(self, text: Text | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text if text is not None else Text(end="")
        self._key: Hashable = None
        self._lines: tuple[int, Lines] | None = None  # (width, strips) of the current text

    @property
    def text(self) -> Text:
        return self._text

    def render(self) -> Text:  # what the widget shows, for tests and introspection
        return self._text

    def set_text(self, text: Text) -> None:
        """Show `text`; repaint only (no layout pass) when its height does not change."""
        width = self.content_size.width
        before = len(self._lines[1]) if self._lines and self._lines[0] == width else None
        self._text, self._lines = text, None
        self._key = (text.plain, tuple(text.spans), str(text.style)) if text.plain else None
        after = len(self.lines(width)) if width > 0 else None
        self.refresh(layout=before is None or before != after)

    # ---- Line API ------------------------------------------------------------
    def lines(self, width: int) -> Lines:
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        cache_key = (self._key, width)
        lines = self._wrapped.get(cache_key) if self._key is not None else None
        if lines is None:
            lines = self._wrap(width)
            if self._key is not None:
                self._wrapped[cache_key] = lines
        self._lines = (width, lines)
        return lines

    def _wrap(self, width: int) -> Lines:
        if not self._text.plain:
            return []
        console = self.app.console
        options = console.options.update_width(max(1, width))
        rendered = console.render_lines(self._text, options, pad=False, new_lines=False)
        return [Strip(line, Segment.get_line_length(line)) for line in rendered]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self.lines(width)
        style = self.rich_style
        if not 0 <= y < len(lines):
            return Strip.blank(width, style)
        return lines[y].adjust_cell_length(width, style).apply_style(style)

    def on_resize(self) -> None:
        self._lines = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Textual asks for one more layout pass whenever a widget's virtual size
        # changes *during* a layout pass; this widget's height is final by then.
        return super()._size_updated(size, virtual_size, container_size, layout=False)
