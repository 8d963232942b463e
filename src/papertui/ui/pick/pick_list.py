"""The picker's rows: a Line API view (one strip per visible row, nothing per row kept),
with a cursor and marks. Titles and names are untrusted: cleaned and drawn as plain
segments, never parsed as markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.strip import Strip

from papertui.picking import PickRow
from papertui.ui.render.bases import LineView
from papertui.ui.safe_text import clean

MARK = "●"
STRIPS_KEPT = 400  # painted rows kept: a few queries' worth
_AUTHORS, _YEAR, _ID, _KEY = 20, 4, 12, 28
_WIDE = 110  # from this width the key gets a column of its own


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
        self._texts: dict[tuple[str, int], _Texts] = {}  # (paper id, width) -> its cells
        self._looks: tuple[Style, Style, Style, Style] | None = None
        self._strips: LRUCache[tuple[str, int, bool, bool], Strip] = LRUCache(STRIPS_KEPT)

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

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base, cursor, mark, dim = self._styles()
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        look = (row.id, width, index == self.cursor, row.id in self.marked)
        strip = self._strips.get(look)
        if strip is None:  # the same content gives the same strip: its painted line is reused
            line = cursor if index == self.cursor else base
            strip = Strip(self._cells(row, width, line, mark, dim)).adjust_cell_length(width, line)
            self._strips[look] = strip
        return strip

    def _cells(
        self, row: PickRow, width: int, base: Style, mark: Style, dim: Style
    ) -> list[Segment]:
        texts = self._texts.get((row.id, width))
        if texts is None:
            texts = self._texts[row.id, width] = _Texts.of(row, width)
        marked = row.id in self.marked
        segments = [
            Segment(f"{MARK} " if marked else "  ", base + mark),
            Segment(texts.title, base + (mark if marked else Style())),
            Segment(texts.authors, base),
            Segment(texts.small, base + dim),
        ]
        if texts.key:
            segments.append(Segment(texts.key, base + (mark if marked else dim)))
        return segments


@dataclass(frozen=True, slots=True)
class _Texts:
    """A row's texts cleaned and cut to their columns (the costly part of drawing it)."""

    title: str
    authors: str
    small: str  # year and id
    key: str

    @classmethod
    def of(cls, row: PickRow, width: int) -> _Texts:
        key = " " + _fit(clean(row.key), _KEY) if width >= _WIDE else ""
        fixed = 2 + (_AUTHORS + 1) + (_YEAR + 1) + (_ID + 1) + len(key)
        return cls(
            _fit(clean(row.title), max(width - fixed, 10)),
            " " + _fit(clean(row.authors), _AUTHORS),
            f" {_fit(row.year, _YEAR)} {_fit(clean(row.id), _ID)}",
            key,
        )


def _fit(text: str, size: int) -> str:
    """`text` in exactly `size` cells, cut with an ellipsis when too long."""
    if cell_len(text) <= size:
        return set_cell_size(text, size)
    return set_cell_size(text, size - 1) + "…"
