"""The picker's rows: a Line API view (one strip per visible row, nothing per row kept),
with a cursor and marks. Titles and names are untrusted: cleaned and drawn as plain
segments, never parsed as markup."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip

from papertui.picking import PickRow
from papertui.ui.pick.row_texts import RowTexts
from papertui.ui.render.bases import LineView

MARK = "●"
STRIPS_KEPT = 400  # painted rows kept: a few queries' worth


class PickList(LineView, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pick-list--cursor",
        "pick-list--marked",
        "pick-list--dim",
    }
    DEFAULT_CSS = """
    PickList { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }
    PickList > .pick-list--cursor { background: $primary 40%; text-style: bold; }
    PickList > .pick-list--marked { color: $accent; text-style: bold; }
    PickList > .pick-list--dim { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[PickRow] = []
        self.cursor = 0
        self.marked: dict[str, PickRow] = {}  # in the order they were marked
        self._texts: dict[tuple[str, int], RowTexts] = {}  # (paper id, width) -> its cells
        self._looks: tuple[Style, Style, Style, Style] | None = None
        self._strips: LRUCache[tuple[str, int, bool, bool], Strip] = LRUCache(STRIPS_KEPT)
        self._frame: tuple[int, int] | None = None  # (top row, width) while lines are painted

    @property
    def current(self) -> PickRow | None:
        return self.rows[self.cursor] if self.rows else None

    def show(self, rows: list[PickRow]) -> None:
        self.rows = rows
        self.cursor = 0
        if len(self._texts) > 1000:
            self._texts.clear()
        size = Size(self.size.width, len(rows))
        if size != self.virtual_size:  # (a new size lays the screen out again)
            self.virtual_size = size
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def move(self, delta: int) -> None:
        if not self.rows:
            return
        self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)
        self.refresh()

    def toggle_mark(self) -> None:
        row = self.current
        if row is None:
            return
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = row
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks = None
        self._strips.clear()

    def _styles(self) -> tuple[Style, Style, Style, Style]:
        """(base, cursor, marked, dim), worked out once per look of the widget."""
        if self._looks is None:
            base, get = self.rich_style, self.get_component_rich_style
            self._looks = (
                base,
                base + get("pick-list--cursor"),
                get("pick-list--marked"),
                get("pick-list--dim"),
            )
        return self._looks

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = self._place()  # (once, not per line: it costs more than a kept line)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _place(self) -> tuple[int, int]:
        """(the top row shown, the rows' width)"""
        return int(self.scroll_offset.y), self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        top, width = self._frame or self._place()
        index = top + y
        base, cursor, mark, dim = self._styles()
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        look = (row.id, width, index == self.cursor, row.id in self.marked)
        strip = self._strips.get(look)
        if strip is None:  # the same content gives the same strip: its painted line is reused
            line = cursor if index == self.cursor else base
            strip = self._strip(row, width, line, mark, dim)
            self._strips[look] = strip
        return strip

    def _strip(self, row: PickRow, width: int, base: Style, mark: Style, dim: Style) -> Strip:
        texts = self._texts.get((row.id, width))
        if texts is None:
            texts = self._texts[row.id, width] = RowTexts.of(row, width)
        if row.id in self.marked:
            segments = [
                Segment(f"{MARK} ", base + mark),
                Segment(texts.title, base + mark),
                Segment(texts.authors, base),
                Segment(texts.small, base + dim),
            ]
            if texts.key:
                segments.append(Segment(texts.key, base + mark))
        else:  # (a segment a style: each one is an escape sequence more to the terminal)
            segments = [
                Segment("  ", base + mark),
                Segment(texts.title + texts.authors, base),
                Segment(texts.small + texts.key, base + dim),
            ]
        if texts.cells == width:  # (the usual case: the columns fill the row exactly)
            return Strip(segments, width)
        return Strip(segments).adjust_cell_length(width, base)
