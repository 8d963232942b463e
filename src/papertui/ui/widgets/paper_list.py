"""A list of papers that scales to millions of rows.

The widget holds only an array of compact handles (`keys`) in display order and
a `fetch` callable supplied by the screen. `render_line` asks for rows on
demand, one block at a time, and keeps recent rows in a small LRU cache (the
pattern of toolong's `log_lines.py`): painting never depends on the list size.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from papertui.ui.render.bases import LineView
from papertui.ui.row_data import Row
from papertui.ui.rows import empty_note, row_segments

RowFetcher = Callable[[Sequence[int]], Mapping[int, Row]]

READ_AHEAD = 4  # rows fetched beyond the bottom of the pane when one is missing
CACHE_ROWS = 2048
PAINTED_ROWS = 128  # a few screens (strips are many small objects: GC walks them)


class PaperList(LineView, can_focus=True):
    """Cursor-driven, lazily rendered list of papers."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--cursor",
        "paper-list--marks",
        "paper-list--unread",
        "paper-list--new",
        "paper-list--watched",
        "paper-list--marked",
        "paper-list--authors",
        "paper-list--date",
        "paper-list--category",
        "paper-list--loading",
        "paper-list--match",
        "paper-list--fulltext",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter", "select", "Details", id="list.open", tooltip="Show the paper's details"),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            id="list.mark",
            tooltip="Mark or unmark the paper (b t u y then act on all marked)",
        ),
        Binding(
            "escape",
            "clear_marks",
            "Unmark all",
            show=False,
            id="list.clear_marks",
            tooltip="Clear the marks",
        ),
    ]

    # repaint=False: watch_cursor repaints just the two rows involved, not every row.
    # The screen watches it too (synchronously: the details follow in the same frame).
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    @dataclass
    class MarksChanged(Message):
        """The set of marked papers changed (`count` of them now)."""

        paper_list: PaperList
        count: int

    @dataclass
    class Selected(Message):
        paper_list: PaperList
        key: int
        index: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: Sequence[int] = ()
        self._fetch: RowFetcher = lambda keys: {}
        self._rows: OrderedDict[int, Row] = OrderedDict()
        self._marked: dict[int, str] = {}  # key -> paper id, in marking order
        self._styles: dict[str, Style] = {}
        # Rows as painted, by (key, width, cursor?, marked?): scrolling by a line
        # (the cursor passing the bottom) repaints every row but renders only one.
        self._painted: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(PAINTED_ROWS)
        self._width: int | None = None  # the lines' width during a render_lines
        self._categories = True  # whether the category column is worth its room

    # ---- data ---------------------------------------------------------------
    @property
    def keys(self) -> Sequence[int]:
        return self._keys

    @property
    def current_key(self) -> int | None:
        return self._keys[self.cursor] if 0 <= self.cursor < len(self._keys) else None

    empty_message: str = ""  # shown when there are no rows (e.g. a search found nothing)

    def show_categories(self, show: bool) -> None:
        """Give the category column room, or (no paper has one) give it to the authors."""
        if show != self._categories:
            self._categories = show
            self._painted.clear()
            self.refresh()

    def set_data(
        self, keys: Sequence[int], fetch: RowFetcher, *, cursor: int = 0, empty_message: str = ""
    ) -> None:
        """Show `keys` (display order); rows come from `fetch` when painted."""
        self.empty_message = empty_message
        self._keys = keys
        self._fetch = fetch
        self._rows.clear()
        self._painted.clear()  # new search terms: new highlights
        self.virtual_size = Size(self.scrollable_content_region.width, len(keys))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = max(0, min(cursor, len(keys) - 1))
        self._scroll_cursor_into_view()  # (its watcher does not run if the index is the same)
        self.refresh()

    def relist(
        self, keys: Sequence[int], *, cursor: int, top: int, marks: dict[int, str], moved: bool
    ) -> None:
        """The same view listed again (papers came or went): row `top` at the top, the
        cursor on row `cursor` and the marks on `marks`. The cursor's watchers run only
        when it is on another paper (`moved`): the same paper's details stay as they are."""
        self._keys = keys
        self._rows.clear()
        self._painted.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(keys))
        if marks != self._marked:
            self._marked = dict(marks)
            self.post_message(self.MarksChanged(self, len(self._marked)))
        self.scroll_to(y=top, animate=False, immediate=True, force=True)
        index = max(0, min(cursor, len(keys) - 1))
        if moved:
            self.cursor = index
        else:
            self.set_reactive(PaperList.cursor, index)
        self._scroll_cursor_into_view()
        self.refresh()

    def extend(self, keys: Sequence[int]) -> None:
        """Append `keys` (the next page of results); the cursor and scroll stay put."""
        if not keys:
            return
        if isinstance(self._keys, array):
            self._keys.extend(keys)
        else:
            self._keys = [*self._keys, *keys]
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._keys))
        self.refresh()

    def put_rows(self, rows: Mapping[int, Row]) -> None:
        """Take `rows` (made off the UI thread) for their keys, repainting those shown."""
        self._rows.update(rows)
        self._repaint_keys(set(rows))

    def forget(self, keys: Sequence[int]) -> None:
        """Drop the cached rows of `keys` (their state changed) and repaint just those."""
        forgotten = set(keys)
        for key in forgotten:
            self._rows.pop(key, None)
        self._repaint_keys(forgotten)

    def _repaint_keys(self, keys: set[int]) -> None:
        self._painted.clear()
        top = round(self.scroll_offset.y)
        for y in range(self.size.height):
            index = top + y
            if index < len(self._keys) and self._keys[index] in keys:
                self.refresh(Region(0, y, self.size.width, 1))

    @property
    def marked_ids(self) -> list[str]:
        """Paper ids of the marked rows, in the order they were marked."""
        return list(self._marked.values())

    @property
    def marked_keys(self) -> list[int]:
        return list(self._marked)

    def clear_marks(self) -> None:
        if self._marked:
            self._marked.clear()
            self.refresh()
            self.post_message(self.MarksChanged(self, 0))

    def invalidate(self) -> None:
        """Forget cached rows (e.g. after user state changed) and repaint."""
        self._rows.clear()
        self._painted.clear()
        self.refresh()

    def cached_row(self, index: int) -> Row | None:
        """Row `index` if it is at hand (never read from the store)."""
        return self._rows.get(self._keys[index]) if 0 <= index < len(self._keys) else None

    def row_at(self, index: int) -> Row | None:
        if not 0 <= index < len(self._keys):
            return None
        key = self._keys[index]
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
            return row
        # The rows from here to the bottom of the pane, not a whole aligned block: a
        # new list (search results) pays for what it shows, and scrolling on fetches
        # only the rows that come into view.
        span = max(self.size.height, 1) + READ_AHEAD
        block = [k for k in self._keys[index : index + span] if k not in self._rows]
        for fetched_key, fetched in self._fetch(block).items():
            self._rows[fetched_key] = fetched
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)
        return self._rows.get(key)

    # ---- painting -----------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._keys))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._width = self.scrollable_content_region.width  # (~10 µs: once, not per line)
        try:
            return super().render_lines(crop)
        finally:
            self._width = None

    def render_line(self, y: int) -> Strip:
        width = self._width if self._width is not None else self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        if index >= len(self._keys):
            if not self._keys and y == 1 and self.empty_message:
                note = empty_note(self.empty_message, width, self._style("paper-list--loading"))
                strip = Strip(list(note.render(self.app.console)))
                return strip.adjust_cell_length(width, self._style(""))
            return Strip.blank(width, self._style(""))
        row = self.row_at(index)
        marked = row is not None and row.key in self._marked
        painted = (row.key, width, index == self.cursor, marked) if row is not None else None
        strip = self._painted.get(painted) if painted is not None else None
        if strip is None:
            cursor = index == self.cursor
            segments, cells = row_segments(
                row, width, self._style, marked=marked, cursor=cursor, category=self._categories
            )
            strip = Strip(segments, cells)
            if cells != width:  # (too narrow for the smallest title)
                strip = strip.adjust_cell_length(width, self._style(""))
            if painted is not None:
                self._painted[painted] = strip
        return strip

    def _style(self, name: str) -> Style:
        """A component's style ("": the list's own), kept until the styles change
        (Textual recomputes them after every refresh, walking up the DOM)."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (
                self.get_component_rich_style(name) if name else self.rich_style
            )
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._painted.clear()

    # ---- cursor -------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_offset.y)
        for index in {old, new}:
            self.refresh(Region(0, index - top, self.size.width, 1))
        self._scroll_cursor_into_view()  # the screen watches `cursor` to show the paper

    def _scroll_cursor_into_view(self) -> None:
        # force: right after new data the scrollbar may not be laid out yet, and a
        # list without one refuses to scroll
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True, force=True)
        elif height and self.cursor >= top + height:
            y = self.cursor - height + 1
            self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _move(self, index: int) -> None:
        if self._keys:
            self.cursor = max(0, min(index, len(self._keys) - 1))

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._keys) - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Selected(self, key, self.cursor))

    def action_toggle_mark(self) -> None:
        row = self.row_at(self.cursor)
        if row is None:
            return
        if self._marked.pop(row.key, None) is None:
            self._marked[row.key] = row.paper_id
        self.post_message(self.MarksChanged(self, len(self._marked)))
        self._move(self.cursor + 1)  # mark a run of papers with repeated presses
        self.refresh()

    def action_clear_marks(self) -> None:
        if not self._marked:
            raise SkipAction()  # esc goes on to the screen (clear the search)
        self.clear_marks()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_offset.y) + offset.y
        if 0 <= index < len(self._keys):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self._move(index)
