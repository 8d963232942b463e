"""The reading view: one paper's full text, full screen (`r` in the reader).

Opening runs `reading.api.open_paper` in a thread worker (the saved copy, else a
download through the sources chain), which answers with `PaperTextReady`; the
handler shows the document, or one plain line saying why there is none. `esc`
pops this screen: the reader underneath is exactly as it was left. The position is
written once the text has rested a moment (so a killed reader keeps it), and on
`esc` and `q`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from papertui.reading.api import arxiv_id_for, open_paper
from papertui.reading.document import Document, Reference
from papertui.reading.errors import ReadingError
from papertui.ui import messages as msg
from papertui.ui.cited_papers import CitedPapers, library_ids
from papertui.ui.position_keeper import PositionKeeper
from papertui.ui.reading_context import ReadingContext
from papertui.ui.reading_moves import FLOATS, SECTIONS, InPaperFind, next_block, section_entry
from papertui.ui.reading_pdf import PdfOpener
from papertui.ui.reading_quote import QuoteCopier, Selection
from papertui.ui.render.bases import KeyFooter
from papertui.ui.screens.reading_keys import READING_KEYS
from papertui.ui.widgets.document_text import Cite
from papertui.ui.widgets.outline import Outline, OutlinePicker
from papertui.ui.widgets.reading_pane import ReadingPane
from papertui.ui.widgets.reference_panel import ReferencePanel, ReferencesPicker

WIDE = 100  # columns from which the outline is a side pane (below: a picker screen)


class ReadingScreen(Screen[tuple[str, ...]]):
    """Answers (dismissed with) the arXiv ids of the papers whose text was shown: this
    one's, and those of the cited papers read from it."""

    BINDINGS: ClassVar[list[BindingType]] = READING_KEYS

    def __init__(self, paper_id: str, context: ReadingContext) -> None:
        super().__init__()
        self.context = context
        self._positions = context.positions
        self._quotes = QuoteCopier(self, context.library, context.copier)
        self.selection: Selection | None = None
        self.arxiv_id = ""
        self.paper_id = paper_id
        self._library = context.library
        self._store = context.store
        self._make_downloader = context.make_downloader
        self.positions = PositionKeeper(
            self, context.positions, context.position_delay, lambda: self.pane.top_block()
        )
        self.cited = CitedPapers(self, context)
        self._pdf = PdfOpener(self, context.store)
        self._read: list[str] = []  # arXiv ids read in views opened from this one
        self.document: Document | None = None
        self.source_line = ""
        self.found = InPaperFind()

    def compose(self) -> ComposeResult:
        with Horizontal(id="reading-panes"):
            yield Outline(id="outline")
            yield ReadingPane(id="reading")
        yield ReferencePanel(id="reference", markup=False)
        yield Input(placeholder="find in the paper", id="find", compact=True)
        yield Static(id="reading-status", markup=False)
        yield KeyFooter()

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def status_text(self) -> str:
        return str(self.query_one("#reading-status", Static).render())

    def _status(self, line: str) -> None:
        self.query_one("#reading-status", Static).update(Text(line, end=""))

    def on_mount(self) -> None:
        self.query_one(Outline).display = False
        self.query_one("#find", Input).display = False
        self.query_one(ReferencePanel).display = False
        self.pane.show_message(f"Opening {self.paper_id}…")
        self.set_focus(self.pane)
        self.run_worker(self._open, thread=True, group="reading", exit_on_error=False)
        self.watch(self.pane, "scroll_y", self._scrolled, init=False)

    # ---- opening (worker thread) -----------------------------------------------------
    def _open(self) -> None:
        paper_id = self.paper_id
        try:
            arxiv_id = arxiv_id_for(paper_id, self._library)
            if self._store.has(arxiv_id):
                opened = open_paper(arxiv_id, self._store, None)
            else:
                self.post_message(
                    msg.PaperTextProgress(paper_id, f"{arxiv_id}: downloading from arXiv HTML…")
                )
                opened = open_paper(arxiv_id, self._store, self._make_downloader())
        except ReadingError as exc:
            self.post_message(msg.PaperTextReady(paper_id, None, str(exc)))
        except OSError as exc:
            problem = f"cannot save the text of {paper_id}: {exc.strerror or exc}"
            self.post_message(msg.PaperTextReady(paper_id, None, problem))
        else:
            position = self._positions.get(opened.arxiv_id)
            in_library = library_ids(opened.document, self._library)
            self.post_message(msg.PaperTextReady(paper_id, opened, "", position, in_library))

    @on(msg.PaperTextProgress)
    def _progress(self, message: msg.PaperTextProgress) -> None:
        self.pane.show_message(message.label)
        self._status(message.label)

    @on(msg.PaperTextReady)
    def _ready(self, message: msg.PaperTextReady) -> None:
        if message.opened is None:
            self.pane.show_message(message.problem)
            self._status(message.problem)
            return
        self.document = message.opened.document
        self.arxiv_id = message.opened.arxiv_id
        self.positions.opened(self.arxiv_id, message.position)
        self.source_line = message.opened.source_line
        self.cited.opened(self.document, message.in_library)
        self.pane.show_document(self.document, self.cited.in_library)
        if message.position >= 0:  # once the pane knows the document's height
            self.call_after_refresh(self.pane.scroll_to_block, message.position)
        self.query_one(Outline).show(self.document)
        self._status(self.source_line)

    # ---- leaving ------------------------------------------------------------------------
    def action_back(self) -> None:
        box = self.query_one("#find", Input)
        if self.selection is not None:
            self._select(None)
            return
        if self.reference is not None:
            self.cited.show(None)
            return
        outline = self.query_one(Outline)
        if box.has_focus or outline.has_focus:  # the box or the outline closes
            box.display = box.display and not box.has_focus
            outline.display = outline.display and not outline.has_focus
            self.set_focus(self.pane)
            return
        self.positions.keep(self.pane.top_block())
        self.dismiss(tuple(self._read) + ((self.arxiv_id,) if self.document is not None else ()))

    def on_unmount(self) -> None:
        self.cited.cancel()

    def action_quit(self) -> None:
        self.positions.keep_now(self.pane.top_block())
        self.app.exit()

    def _scrolled(self, _y: float) -> None:
        self.positions.moved()

    # ---- the outline and jumps ------------------------------------------------------------
    def action_toggle_outline(self) -> None:
        if self.document is None:
            return
        if self.size.width < WIDE:
            self.app.push_screen(
                OutlinePicker(self.document, section_entry(self.document, self.pane.top_block())),
                self._jump,
            )
            return
        outline = self.query_one(Outline)
        outline.display = not outline.display
        if outline.display:
            outline.highlighted = section_entry(self.document, self.pane.top_block())
            self.set_focus(outline)
        else:
            self.set_focus(self.pane)

    def _jump(self, block: int | None) -> None:
        if block is not None and block >= 0:
            self.pane.scroll_to_block(block)
        self.set_focus(self.pane)

    @on(OptionList.OptionSelected, "#outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        self._jump(int(event.option.id or -1))

    def _step(self, kinds: tuple[type, ...], forward: bool) -> None:
        if self.document is None:
            return
        block = next_block(self.document, kinds, self.pane.top_block(), forward)
        if block >= 0:
            self.pane.scroll_to_block(block)
        else:
            self.notify("No more." if forward else "None before.", timeout=1.5)

    def action_next_section(self) -> None:
        self._step(SECTIONS, forward=True)

    def action_previous_section(self) -> None:
        self._step(SECTIONS, forward=False)

    def action_next_float(self) -> None:
        self._step(FLOATS, forward=True)

    def action_previous_float(self) -> None:
        self._step(FLOATS, forward=False)

    # ---- in-paper search ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_box = isinstance(self.focused, Input)  # the find box (asked before mounting too)
        if action == "extend":
            return self.selection is not None and not in_box
        if action == "find_done":
            return in_box  # elsewhere enter is the focused widget's (the outline's)
        if action in ("open_reference", "bookmark_reference"):
            return self.reference is not None and not in_box
        if action == "next_cite":
            return self.document is not None and not in_box
        return not (action == "find" and in_box)  # "/" typed in the box is text

    def action_find(self) -> None:
        if self.document is None:
            return
        self._select(None)
        box = self.query_one("#find", Input)
        box.display = True
        self.set_focus(box)

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        if self.document is not None:
            texts = self.pane.block_texts()
            self.found.search(self.document, event.value, texts, self.pane.top_block())
            self._show_matches()

    def action_find_done(self) -> None:
        self.set_focus(self.pane)

    def _show_matches(self) -> None:
        self.pane.show_matches(self.found.matches, self.found.current)
        self._status(self.found.status() or self.source_line)

    def action_next_match(self) -> None:
        if self.found.step(1):
            self._show_matches()

    def action_previous_match(self) -> None:
        if self.found.step(-1):
            self._show_matches()

    # ---- quoting -----------------------------------------------------------------------------
    def _select(self, selection: Selection | None) -> None:
        self.selection = selection
        self.pane.show_selection(selection.blocks if selection else range(0))
        if selection is not None:
            self.pane.scroll_to_visible_block(selection.end)
            n = len(selection.blocks)
            self._status(f"{n} paragraph{'s' if n > 1 else ''} selected: y copies, esc cancels")
        else:
            self._status(self.source_line)

    def action_select(self) -> None:
        if self.document is None or not self.document.blocks:
            return
        if self.selection is not None:
            self._select(None)
            return
        self.cited.show(None)
        self._select(Selection(max(0, self.pane.top_block())))

    def action_extend(self, step: int) -> None:
        if self.selection is None or self.document is None:
            return
        end = min(max(0, self.selection.end + step), len(self.document.blocks) - 1)
        self.selection.end = end
        self._select(self.selection)

    def action_copy(self) -> None:
        if self.document is None:
            return
        if self.selection is None and self.reference is not None:
            self.cited.act("cite")
            return
        if self.selection is None:
            self.notify("Select paragraphs (v) or a citation (tab) first.", timeout=2)
            return
        blocks = list(self.selection.blocks)
        self._quotes.copy(self.document, blocks, self.paper_id, self.arxiv_id)
        self._select(None)

    @on(msg.QuoteCopied)
    def _quote_copied(self, message: msg.QuoteCopied) -> None:
        self._quotes.copied(message)

    # ---- the PDF ---------------------------------------------------------------------------
    def action_open_pdf(self) -> None:
        if not self.arxiv_id:
            why = f"No PDF of {self.paper_id} here: its text could not be opened."
            self.notify(why, markup=False)
            return
        self._pdf.open(self.arxiv_id)

    @on(msg.PdfOpened)
    def _pdf_opened(self, message: msg.PdfOpened) -> None:
        self._pdf.opened(message)

    # ---- citations and references -------------------------------------------------------
    @property
    def reference(self) -> Reference | None:
        return self.cited.shown

    @property
    def cite(self) -> Cite | None:
        return self.cited.cite

    def action_next_cite(self, step: int) -> None:
        self._select(None)
        self.cited.next_cite(step)

    def action_references(self) -> None:
        if self.document is None:
            return
        if not self.document.references:
            self.notify("No bibliography was found in this paper.", timeout=3)
            return

        def chosen(key: str | None) -> None:
            if key:
                self._select(None)
                self.cited.show(key)

        picker = ReferencesPicker(self.document.references, self.cited.in_library)
        self.app.push_screen(picker, chosen)

    def action_open_reference(self) -> None:
        self.cited.act("open")

    def action_bookmark_reference(self) -> None:
        self.cited.act("bookmark")

    @on(msg.ReferenceFound)
    def _reference_found(self, message: msg.ReferenceFound) -> None:
        to_read = self.cited.found(message)
        if to_read:
            self.app.push_screen(ReadingScreen(to_read, self.context), self._cited_closed)

    def _cited_closed(self, arxiv_ids: tuple[str, ...] | None) -> None:
        self._read.extend(arxiv_ids or ())

    @on(msg.ReferenceBookmarked)
    def _reference_bookmarked(self, message: msg.ReferenceBookmarked) -> None:
        self.cited.bookmarked(message)

    @on(msg.CitationCopied)
    def _citation_copied(self, message: msg.CitationCopied) -> None:
        self.cited.copied(message)

    @on(msg.PageOpened)
    def _page_opened(self, message: msg.PageOpened) -> None:
        self.cited.pages.opened(message)
