"""The reading view's text: a paper's document drawn with the Line API.

The document's pieces (`document_text`) are wrapped once per width and kept;
`render_line` hands out the visible lines. Each wrapped line remembers its
block, so the outline and search can scroll to a block. Search matches and the
selected citation are highlighted by re-wrapping only the blocks they are in.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.strip import Strip

from papertui.reading.document import Document
from papertui.reading.find import Match
from papertui.ui.widgets.detail_text import wrap_uncached
from papertui.ui.widgets.document_text import (
    Cite,
    Piece,
    document_pieces,
    line_starts,
    reference_piece,
    shown,
)
from papertui.ui.widgets.key_scroll import KeyScrolled

GAP = Strip([])
WRAP_SLICE = 0.02  # seconds of wrapping between two looks at the keyboard


class ReadingPane(KeyScrolled, can_focus=True):
    """A paper's full text (or one line saying why there is none). Data is pushed in."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-pane--title",
        "reading-pane--heading",
        "reading-pane--subheading",
        "reading-pane--label",
        "reading-pane--muted",
        "reading-pane--em",
        "reading-pane--math",
        "reading-pane--tex",
        "reading-pane--cite",
        "reading-pane--ref",
        "reading-pane--link",
        "reading-pane--caption",
        "reading-pane--table-head",
        "reading-pane--match",
        "reading-pane--current-match",
        "reading-pane--selected",
        "reading-pane--cite-selected",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="reading.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="reading.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reading.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="reading.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reading.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reading.bottom"),
    ]
    DEFAULT_CSS = "ReadingPane { overflow-x: hidden; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self._pieces: list[Piece] = []
        self._matches: Sequence[Match] = ()
        self._current = -1  # index into _matches
        self._selected: range = range(0)  # blocks selected for quoting
        self._cite: Cite | None = None  # the citation selected
        self._in_library: Mapping[str, str] | None = None  # entry key → library id
        self._lines: list[Strip] | None = None
        self._complete = False  # _lines hold the whole document (not just its start)
        self._continuing = False
        self._wrapped: dict[int, list[Strip]] = {}  # piece → its lines at _wrapped_width
        self._wrapped_width = 0
        self._line_blocks: list[int] = []  # the block of each line (-1: none)
        self._block_lines: dict[int, int] = {}  # block → its first line
        self._styles: dict[str, Style] = {}
        self._jumped: tuple[int, int] | None = None  # (block, scroll y) of the last jump
        self._pending_block = -1  # to scroll to once the pane has a size
        self._frame: tuple[int, Style] | None = None  # (width, base style) while painting
        self._painted: dict[int, Strip] = {}  # line → painted, of `_painted_lines`...
        self._painted_lines: list[Strip] | None = None
        self._painted_for: tuple[int, Style] | None = None  # ...at this width and style

    def action_scroll_end(self) -> None:
        if not self.wrapped_whole:  # the end of the paper, not of the screens wrapped so far
            self._lines = self.lines
            self._changed()
        super().action_scroll_end()

    # ---- data in ----------------------------------------------------------------
    def show_document(self, document: Document, in_library: Mapping[str, str] | None) -> None:
        self.document = document
        self._in_library = in_library
        self._pieces = document_pieces(document, self._style, in_library)
        self._matches, self._current, self._selected = (), -1, range(0)
        self._cite = None
        self._wrapped = {}
        self._changed()

    def show_message(self, message: str) -> None:
        """One line of plain text instead of a paper (loading, or why it cannot be read)."""
        self.document = None
        self._pieces = [Piece(-1, Text(shown(message), end=""), gap=False)]
        self._matches, self._current, self._selected = (), -1, range(0)
        self._cite = None
        self._wrapped = {}
        self._changed()

    def block_texts(self) -> list[str]:
        """The plain text of each block as shown (what in-paper search runs over)."""
        return [p.text.plain for p in self._pieces if p.block >= 0]

    def show_matches(self, matches: Sequence[Match], current: int) -> None:
        """Highlight `matches` (`current` apart): only the blocks they were or are in
        are wrapped again."""
        self._rewrap({m.block for m in self._matches} | {m.block for m in matches})
        self._matches, self._current = matches, current
        self._changed()
        if 0 <= current < len(matches):
            self.scroll_to_block(matches[current].block)

    def show_selection(self, blocks: range) -> None:
        self._rewrap({*self._selected, *blocks})
        self._selected = blocks
        self._changed()

    def mark_references(self, in_library: Mapping[str, str]) -> None:
        """Mark the bibliography entries ● in the library, ○ not (only they are re-wrapped)."""
        self._in_library = in_library
        if self.document is None:
            return
        refs = {ref.key: ref for ref in self.document.references}
        for n, piece in enumerate(self._pieces):
            if piece.reference in refs:
                known = bool(in_library.get(piece.reference))
                self._pieces[n] = reference_piece(refs[piece.reference], known)
                self._wrapped.pop(n, None)
        self._changed()

    def show_cite(self, cite: Cite | None) -> None:
        """Highlight the citation `cite` (None: none) and bring its line into view."""
        before, self._cite = self._cite, cite
        self._rewrap({c.block for c in (before, cite) if c is not None})
        self._changed()
        line = self.cite_line(cite) if cite is not None else None
        if line is not None:
            self.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True, force=True)

    def cites_in_view(self) -> list[Cite]:
        """The in-text citations on the lines shown, in reading order."""
        lines = self._shown_lines()
        top = round(self.scroll_offset.y)
        bottom = min(len(lines), top + self.size.height)
        blocks = dict.fromkeys(b for b in self._line_blocks[top:bottom] if b >= 0)
        found = []
        for block in blocks:
            for cite in self._pieces[self._block_piece(block)].cites:
                line = self.cite_line(cite)
                if line is not None and top <= line < bottom:
                    found.append(cite)
        return found

    def cite_line(self, cite: Cite) -> int | None:
        """The line `cite` is on (None while its block is not wrapped yet)."""
        n = self._block_piece(cite.block)
        first, wrapped = self._block_lines.get(cite.block), self._wrapped.get(n)
        if first is None or wrapped is None:
            return None
        starts = line_starts(self._pieces[n].text.plain, [strip.text for strip in wrapped])
        return first + max(0, bisect_right(starts, cite.start) - 1)

    def _block_piece(self, block: int) -> int:
        """The piece of `block` (block pieces follow the title, authors and abstract)."""
        first = next(n for n, piece in enumerate(self._pieces) if piece.block >= 0)
        return first + block

    def _rewrap(self, blocks: set[int]) -> None:
        for n, piece in enumerate(self._pieces):
            if piece.block in blocks:
                self._wrapped.pop(n, None)

    # ---- where things are ---------------------------------------------------------
    @property
    def lines(self) -> list[Strip]:
        """Every line of the document at the pane's width."""
        if self._lines is None or not self._complete:
            self._lines = self._wrap()
        return self._lines

    def _shown_lines(self) -> list[Strip]:
        """The lines wrapped so far: a long paper's first screens at once, the rest a
        slice at a time (`_continue`), so opening it and keys stay quick meanwhile."""
        if self._lines is None:
            self._lines = self._wrap(budget=WRAP_SLICE)
            if not self._complete and not self._continuing:
                self._continuing = True
                self.call_after_refresh(self._continue)
        return self._lines

    def _continue(self) -> None:
        self._continuing = False
        if self._lines is None or self._complete:
            return
        self._lines = None
        self._changed()

    @property
    def wrapped_whole(self) -> bool:
        """Every line of the document is wrapped and shown (not just its first screens)."""
        return self._lines is not None and self._complete

    @property
    def text(self) -> str:
        """Every line as shown (for tests and screenshots)."""
        return "\n".join(line.text.rstrip() for line in self.lines)

    def top_block(self) -> int:
        """The block being read: the one last jumped to while the view has not moved
        (near the end the view cannot bring it to the top), else the one at the top."""
        lines = self.lines
        top = min(round(self.scroll_offset.y), len(lines) - 1)
        if self._jumped is not None and self._jumped[1] == top:
            return self._jumped[0]
        blocks = self._line_blocks
        for y in range(top, -1, -1):
            if blocks[y] >= 0:
                return blocks[y]
        return -1

    def scroll_to_visible_block(self, block: int) -> None:
        """Scroll as little as needed for the start of `block` to be in view."""
        line = self._block_lines.get(block) if self.lines else None
        if line is not None:
            self.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True, force=True)

    def scroll_to_block(self, block: int) -> None:
        if not self.lines or not self.size.height:  # not laid out yet: once it is
            self._pending_block = block
            return
        self._pending_block = -1
        line = self._block_lines.get(block)
        if line is not None:
            y = min(max(0, line - 1), self.max_scroll_y)
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
            self._jumped = (block, y)

    # ---- wrapping -------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(f"reading-pane--{name}")
            self._styles[name] = style
        return style

    def _highlighted(self, piece: Piece) -> Text:
        found = [(n, m) for n, m in enumerate(self._matches) if m.block == piece.block]
        selected = piece.block >= 0 and piece.block in self._selected
        cite = self._cite if self._cite and self._cite.block == piece.block >= 0 else None
        if not found and not selected and cite is None:
            return piece.text
        text = piece.text.copy()
        if selected:
            text.stylize(self._style("selected"))
        if cite is not None:
            text.stylize(self._style("cite-selected"), cite.start, cite.end)
        for n, match in found:
            name = "current-match" if n == self._current else "match"
            text.stylize(self._style(name), match.start, match.end)
        return text

    def _wrap(self, budget: float | None = None) -> list[Strip]:
        """The document's lines (cached per piece); with a `budget` (seconds), wrapping
        stops once it is spent and the view's lines are there (`_complete` says which)."""
        self._complete = True
        width = self.scrollable_content_region.width
        if width <= 0:
            return []
        width = max(10, width - 1)  # one column of margin on the right
        console = self.app.console
        if width != self._wrapped_width:
            self._wrapped, self._wrapped_width = {}, width
        deadline = None if budget is None else time.perf_counter() + budget
        needed = round(self.scroll_offset.y) + 2 * self.size.height
        lines: list[Strip] = [GAP]
        blocks: list[int] = [-1]
        self._block_lines = {}
        for n, piece in enumerate(self._pieces):
            if piece.gap:
                lines.append(GAP)
                blocks.append(piece.block)
            if piece.block >= 0:
                self._block_lines[piece.block] = len(lines)
            wrapped = self._wrapped.get(n)
            if wrapped is None:
                if deadline and len(lines) > needed and time.perf_counter() > deadline:
                    self._complete = False
                    break
                wrapped = self._wrapped[n] = wrap_uncached(console, self._highlighted(piece), width)
            lines += wrapped
            blocks += [piece.block] * len(wrapped)
        self._line_blocks = blocks
        return lines

    def _changed(self) -> None:
        self._lines = None
        size = Size(self.scrollable_content_region.width, len(self._shown_lines()))
        self.virtual_size = size
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._changed()
        if self._pending_block >= 0:
            self.call_after_refresh(self.scroll_to_block, self._pending_block)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        if self.document is not None:
            self._pieces = document_pieces(self.document, self._style, self._in_library)
        self._lines, self._wrapped = None, {}

    # ---- Line API -------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """The frame's lines: its width and base style looked up once, not per line."""
        self._frame = (self.scrollable_content_region.width, self._base_style())
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _base_style(self) -> Style:
        base = self._styles.get("")  # cleared with the others when the styles change
        if base is None:
            base = self._styles[""] = self.rich_style
        return base

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view, painted once and handed out again while it shows the same
        text (so `ReusedLines` reuses its finished line when the view scrolls)."""
        width, base = self._frame or (self.scrollable_content_region.width, self._base_style())
        lines = self._shown_lines()
        if self._painted_lines is not lines or self._painted_for != (width, base):
            self._painted, self._painted_lines, self._painted_for = {}, lines, (width, base)
        index = y + round(self.scroll_offset.y)
        painted = self._painted.get(index)
        if painted is None:
            if not 0 <= index < len(lines) or lines[index] is GAP:
                index = -1  # every blank line is one strip
                painted = self._painted.get(index)
            if painted is None:
                painted = self._painted[index] = (
                    Strip.blank(width, Style.from_color(bgcolor=base.bgcolor))
                    if index < 0
                    else lines[index].adjust_cell_length(width, base).apply_style(base)
                )
        return painted
