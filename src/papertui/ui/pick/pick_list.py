"""The picker's rows: a Line API view (one strip per visible row, nothing per row kept),
with a cursor and marks. Titles and names are untrusted: cleaned and drawn as plain
segments, never parsed as markup."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from papertui.picking import PickRow
from papertui.ui.safe_text import clean

MARK = "●"
_AUTHORS, _YEAR, _ID, _KEY = 20, 4, 12, 28
_WIDE = 110  # from this width the key gets a column of its own


class PickList(ScrollView, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pick-list--cursor",
        "pick-list--marked",
        "pick-list--dim",
    }
    DEFAULT_CSS = """
    PickList { height: 1fr; scrollbar-size-vertical: 1; }
    PickList > .pick-list--cursor { background: $primary 40%; text-style: bold; }
    PickList > .pick-list--marked { color: $accent; text-style: bold; }
    PickList > .pick-list--dim { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[PickRow] = []
        self.cursor = 0
        self.marked: dict[str, PickRow] = {}  # in the order they were marked

    @property
    def current(self) -> PickRow | None:
        return self.rows[self.cursor] if self.rows else None

    def show(self, rows: list[PickRow]) -> None:
        self.rows = rows
        self.cursor = 0
        self.virtual_size = Size(self.size.width, len(rows))
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

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        base = self.rich_style
        if index == self.cursor:
            base += self.get_component_rich_style("pick-list--cursor")
        mark = self.get_component_rich_style("pick-list--marked")
        dim = self.get_component_rich_style("pick-list--dim")
        return Strip(self._cells(row, width, base, mark, dim)).adjust_cell_length(width, base)

    def _cells(
        self, row: PickRow, width: int, base: Style, mark: Style, dim: Style
    ) -> list[Segment]:
        marked = row.id in self.marked
        right = [
            (clean(row.authors), _AUTHORS, Style()),
            (row.year, _YEAR, dim),
            (clean(row.id), _ID, dim),
        ]
        if width >= _WIDE:
            right.append((clean(row.key), _KEY, mark if marked else dim))
        fixed = 2 + sum(size + 1 for _, size, _ in right)
        title = max(width - fixed, 10)
        segments = [
            Segment(f"{MARK} " if marked else "  ", base + mark),
            Segment(_fit(clean(row.title), title), base + (mark if marked else Style())),
        ]
        for text, size, style in right:
            segments.append(Segment(" " + _fit(text, size), base + style))
        return segments


def _fit(text: str, size: int) -> str:
    """`text` in exactly `size` cells, cut with an ellipsis when too long."""
    if cell_len(text) <= size:
        return set_cell_size(text, size)
    return set_cell_size(text, size - 1) + "…"
