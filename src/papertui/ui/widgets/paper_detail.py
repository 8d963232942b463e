"""The detail pane: everything about one paper, drawn with the Line API.

One `ScrollView` and no child widgets: the title and metadata, the abstract,
the user's note and the related papers are wrapped into strips (`detail_text`,
`note_view`) and `render_line` hands out the visible ones. Showing another
paper changes the strips and the virtual height, then repaints the pane: no
widget is mounted and no layout pass runs (unless the scrollbar appears or
vanishes), so a cursor move costs one repaint of the visible lines. A large
abstract is wrapped in a worker (`late_wrap`); the rest shows at once.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from papertui.models import Paper, PaperState
from papertui.ui.row_data import RelatedEntry
from papertui.ui.widgets.detail_text import (
    READ_ACTION,
    abstract_text,
    paper_header,
    related_text,
    update_text,
    wrap,
)
from papertui.ui.widgets.key_scroll import KeyScrolled
from papertui.ui.widgets.late_wrap import LARGE, AbstractWrapped, LateWrap, WrapJob
from papertui.ui.widgets.note_view import note_box

PLACEHOLDER = "No paper selected."
GAP = Strip([])  # a blank line between sections, drawn like padding (background only)


class PaperDetail(KeyScrolled, can_focus=True):
    """Scrollable view of one paper. The screen pushes data in; nothing is fetched here."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-detail--title",
        "paper-detail--label",
        "paper-detail--match",
        "paper-detail--link",
        "paper-detail--tag",
        "paper-detail--muted",
        "paper-detail--note",
        "paper-detail--note-border",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
        Binding(
            "escape,backspace,h,left",
            "leave",
            "Back",
            id="detail.leave",
            tooltip="Back to the paper list",
        ),
        Binding(
            "enter",
            READ_ACTION,
            "Read paper",
            id="detail.read_paper",
            tooltip='Read the paper\'s full text (its "Read paper" line)',
        ),
    ]

    class Leave(Message):
        """The user is done reading: back to the list."""

    @dataclass
    class ReadPaper(Message):
        """Open the shown paper's full text (its "Read paper" line)."""

        paper_id: str

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def action_read_paper(self) -> None:
        if self.paper is not None and self.paper.arxiv_id:
            self.post_message(self.ReadPaper(self.paper.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == READ_ACTION:  # only with the line: papers with an arXiv id
            return self.paper is not None and bool(self.paper.arxiv_id)
        return super().check_action(action, parameters)

    DEFAULT_CSS = "PaperDetail { overflow-x: hidden; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper: Paper | None = None
        self._header = Text(PLACEHOLDER, end="")  # the body but the abstract
        self._state: PaperState | None = None
        self._terms: tuple[str, ...] = ()
        self._saved = False  # its full text is saved (the "Read paper" line says so)
        self._note = ""
        self._update = Text(end="")  # what `papertui update` found changed
        self._related = Text(end="")
        self._lines: list[Strip] | None = None  # the whole document at the current width
        self._painted: dict[int, Strip] = {}  # lines of it as painted (padded, styled)
        self._painted_width = 0
        self._styles: dict[str, Style] = {}
        self._late = LateWrap(self)
        self._waiting: WrapJob | None = None  # the large abstract the lines wait for

    # ---- what is shown (read by tests and the screens) -------------------------
    @property
    def body(self) -> Text:
        """Title, authors, metadata and abstract (or the placeholder)."""
        if self.paper is None:
            return self._header
        abstract = abstract_text(self.paper.display_abstract, self._terms, self._style("match"))
        return Text("\n").join([self._header, abstract])

    @property
    def wrapping(self) -> bool:
        """A large abstract is being wrapped: the lines show a notice in its place."""
        return self._waiting is not None

    @property
    def note(self) -> str:
        """The user's note on the shown paper ("" if none)."""
        return self._note

    @property
    def related(self) -> Text:
        """The "Related papers" section (empty until it is asked for)."""
        return self._related

    @property
    def lines(self) -> list[Strip]:
        """Every line of the pane's document, wrapped to its width."""
        if self._lines is None:
            self._lines = self._fit()
        return self._lines

    # ---- data in --------------------------------------------------------------
    def show(
        self,
        paper: Paper | None,
        state: PaperState | None = None,
        terms: Sequence[str] = (),
        *,
        saved: bool = False,
    ) -> None:
        """Display `paper` (None: a placeholder) and its note, highlighting `terms`;
        `saved`: its full text is saved."""
        self.paper = paper
        self._related = Text(end="")
        self._update = Text(end="")
        self._state, self._terms, self._saved = state, tuple(terms), saved
        if paper is None:
            self._header, self._note = Text(PLACEHOLDER, end=""), ""
        else:
            self._header = paper_header(paper, state, terms, self._style, saved=saved)
            self._note = state.note if state is not None else ""
        self._changed()
        if paper is not None:
            self.scroll_to(y=0, animate=False, immediate=True)

    def show_saved(self, arxiv_ids: Set[str]) -> None:
        """These papers' full texts are saved now: the "Read paper" line says so."""
        paper = self.paper
        if paper is not None and not self._saved and paper.arxiv_id in arxiv_ids:
            y = self.scroll_y
            self.show(paper, self._state, self._terms, saved=True)
            self.scroll_to(y=y, animate=False, immediate=True)

    def prepare(
        self, paper: Paper, state: PaperState | None, terms: Sequence[str], *, saved: bool
    ) -> None:
        """Wrap `paper`'s text ahead of time (the likely next one): showing it is then
        quicker, its lines come from the wrap cache."""
        width, height = self.container_size
        if width <= 0 or not self.display:
            return
        console = self.app.console
        header = paper_header(paper, state, terms, self._style, saved=saved)
        bar = self.styles.scrollbar_size_vertical
        if len(paper.abstract) > LARGE:  # its abstract: wrapped by the worker once shown
            wrap(console, header, width - bar)
            return
        abstract = abstract_text(paper.display_abstract, terms, self._style("match"))
        for cells in (width - bar, width):
            lines = wrap(console, header, cells) + wrap(console, abstract, cells)
            if len(lines) >= height:  # else it may fit without a scrollbar: that width too
                return

    def show_update(self, paper_id: str, found_at: str, what: str) -> None:
        """Say what `papertui update` found changed in the shown paper (a section of its own)."""
        if self.paper is None or self.paper.id != paper_id:
            return
        self._update = update_text(found_at, what, self._style)
        self._changed()

    def show_related(
        self, paper_id: str, entries: Sequence[RelatedEntry] | None, note: str = ""
    ) -> None:
        """Fill the "Related papers" section; `None` means still loading."""
        if self.paper is None or self.paper.id != paper_id:
            return
        self._related = related_text(entries, note, self._style)
        self._changed()

    # ---- the document -----------------------------------------------------------
    def _style(self, name: str) -> Style:
        """A component's style ("": the pane's), kept until the styles change (Textual
        recomputes them after every refresh, walking up the DOM: per painted line)."""
        style = self._styles.get(name)
        if style is None:
            if name:
                style = self.get_component_rich_style(f"paper-detail--{name}")
            else:
                style = self.rich_style
            self._styles[name] = style
        return style

    def _document(self, width: int) -> list[Strip]:
        console = self.app.console
        lines = [GAP]  # above the title
        lines += wrap(console, self._header, width)
        lines += self._abstract(width)
        if self._update.plain:
            lines.append(GAP)
            lines += wrap(console, self._update, width)
        if self._note:
            lines.append(GAP)
            lines += note_box(
                console, self._note, width, self._style("note"), self._style("note-border")
            )
        lines += wrap(console, self._related, width)
        return lines

    def _abstract(self, width: int) -> list[Strip]:
        """The abstract's lines; a large one's come from the worker (a notice until then)."""
        paper = self.paper
        if paper is None:
            return []
        match = self._style("match")
        if len(paper.abstract) <= LARGE:
            return wrap(
                self.app.console, abstract_text(paper.display_abstract, self._terms, match), width
            )
        job = WrapJob(paper.abstract, self._terms, match, width)
        lines = self._late.lines(job)
        if lines is not None:
            return lines
        self._waiting = job
        notice = f"… wrapping the abstract ({len(paper.abstract):,} characters)"
        return wrap(self.app.console, Text(notice, style=self._style("muted")), width)

    @on(AbstractWrapped)
    def _abstract_wrapped(self, message: AbstractWrapped) -> None:
        message.stop()
        self._late.arrived(message)
        if message.job == self._waiting:  # else: another paper's, or another width's
            self._changed()

    def _fit(self) -> list[Strip]:
        """Wrap to the width left by the scrollbar; if that fits, to the full width."""
        self._waiting = None
        width, height = self.container_size  # inside padding and border
        if width <= 0 or not self.display:
            return []  # hidden or not laid out yet: wrapped when it is (a resize)
        overflow, bar = self.styles.overflow_y, self.styles.scrollbar_size_vertical
        if overflow != "auto":
            return self._document(width - bar if overflow == "scroll" else width)
        # Long papers (the common case) are wrapped once; a short one fits either way.
        lines = self._document(width - bar)
        if self._waiting is not None:  # a large abstract: wrapped for the scrollbar it needs
            return lines
        return lines if len(lines) > height else self._document(width)

    def _changed(self) -> None:
        """The document changed: new virtual height, then a repaint of the visible lines."""
        self._lines, self._painted = None, {}
        size = Size(self.scrollable_content_region.width, len(self.lines))
        if size != self.virtual_size:
            # Not `self.virtual_size = size`: that reactive asks for a layout pass.
            # This updates the scrollbars, which ask for one themselves only if one
            # appears or vanishes (the width to wrap to changes then).
            self.set_reactive(PaperDetail.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._changed()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines = None  # the note box takes its colours from the theme
        self._painted = {}

    # ---- Line API ---------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self.lines
        index = y + round(self.scroll_offset.y)
        if self._painted_width != width:
            self._painted, self._painted_width = {}, width
        strip = self._painted.get(index)
        if strip is None:
            style = self._style("")  # the pane's own colours (`rich_style`, kept)
            if not 0 <= index < len(lines) or lines[index] is GAP:
                strip = Strip.blank(width, Style.from_color(bgcolor=style.bgcolor))
            else:
                strip = lines[index].adjust_cell_length(width, style).apply_style(style)
            self._painted[index] = strip
        return strip
