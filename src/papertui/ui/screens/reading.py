"""The reading view: one paper's full text, full screen (`r` in the reader).

Opening runs `reading.api.open_paper` in a thread worker (the saved copy, else a
download through the sources chain), which answers with `PaperTextReady`; the
handler shows the document, or one plain line saying why there is none. `esc`
pops this screen: the reader underneath is exactly as it was left. The position is
written once the text has rested a moment (so a killed reader keeps it), and on
`esc` and `q`.
"""

from __future__ import annotations

import contextlib
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static

from papertui.reading.api import arxiv_id_for, open_paper
from papertui.reading.document import Document, Reference
from papertui.reading.errors import ReadingError
from papertui.ui import messages as msg
from papertui.ui.cite_actions import describe, severity
from papertui.ui.cited_papers import CitedPapers, library_ids
from papertui.ui.page_opener import PageOpener
from papertui.ui.reading_context import ReadingContext
from papertui.ui.reading_moves import FLOATS, SECTIONS, InPaperFind, next_block, section_entry
from papertui.ui.reading_quote import QuoteCopier, Selection
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.widgets.document_text import Cite
from papertui.ui.widgets.outline import Outline, OutlinePicker
from papertui.ui.widgets.reading_pane import ReadingPane
from papertui.ui.widgets.reference_panel import ReferencePanel, ReferencesPicker, doi_url

WIDE = 100  # columns from which the outline is a side pane (below: a picker screen)


def _key(key: str, action: str, title: str, name: str, tip: str, show: bool = False) -> Binding:
    return Binding(key, action, title, show=show, id=f"reading.{name}", tooltip=tip)


class ReadingScreen(Screen[tuple[str, ...]]):
    """Answers (dismissed with) the arXiv ids of the papers whose text was shown: this
    one's, and those of the cited papers read from it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _key("escape", "back", "Back", "back", "Back to the list (or close the search)", True),
        _key("q", "quit", "Quit", "quit", "Quit papertui (the position is kept)"),
        _key("T", "toggle_outline", "Outline", "outline", "Show or hide the outline", True),
        # priority, as in the reader: "/sort" typed fast lands entirely in the box
        Binding(
            "slash",
            "find",
            "Find",
            id="reading.find",
            tooltip="Search inside the paper",
            priority=True,
        ),
        # priority: "enter n" typed fast ends the search, then goes to the next match
        Binding("enter", "find_done", "Done", show=False, id="reading.find_done", priority=True),
        _key("v", "select", "Select", "select", "Select paragraphs to quote (j k extend)", True),
        _key("tab", "next_cite(1)", "Citations", "next_cite", "The next citation on screen", True),
        _key("shift+tab", "next_cite(-1)", "Prev. citation", "prev_cite", "The one before"),
        _key("R", "references", "References", "references", "Every reference (● in library)"),
        _key("enter", "open_reference", "Read it", "open_reference", "Read the cited paper"),
        # priority over the text's b (page up) while a reference is shown
        Binding(
            "b",
            "bookmark_reference",
            "Bookmark it",
            id="reading.bookmark_reference",
            tooltip="Bookmark the cited paper (fetched into the library)",
            priority=True,
        ),
        _key(
            "y",
            "copy",
            "Copy",
            "quote",
            "Copy the selection as a quote, or the cited paper's citation",
        ),
        # priority while selecting (over the text's scrolling): they move the selection
        Binding("j,down", "extend(1)", "Extend", show=False, id="reading.extend", priority=True),
        Binding("k,up", "extend(-1)", "Shrink", show=False, id="reading.shrink", priority=True),
        _key("n", "next_match", "Next match", "next_match", "The next match"),
        _key("N", "previous_match", "Previous match", "previous_match", "The previous match"),
        _key(
            "right_square_bracket",
            "next_section",
            "Next section",
            "next_section",
            "Jump to the next section",
        ),
        _key("left_square_bracket", "previous_section", "Prev. section", "prev_section", "Jump"),
        _key("right_curly_bracket", "next_float", "Next figure", "next_float", "Or table"),
        _key("left_curly_bracket", "previous_float", "Prev. figure", "prev_float", "Or table"),
    ]

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
        self._kept_position = -1  # the block last written for this paper
        self.cited = CitedPapers(self, context)
        self.reference: Reference | None = None  # the entry shown (tab, R)
        self.cite: Cite | None = None  # the in-text citation selected (tab)
        self._read: list[str] = []  # arXiv ids read in views opened from this one
        self._pages = PageOpener(self)
        self._rest_timer: Timer | None = None
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
        yield Footer()

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
        self._kept_position = message.position
        self.source_line = message.opened.source_line
        self.cited.in_library = dict(message.in_library)
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
            self._show_reference(None)
            return
        outline = self.query_one(Outline)
        if box.has_focus or outline.has_focus:  # the box or the outline closes
            box.display = box.display and not box.has_focus
            outline.display = outline.display and not outline.has_focus
            self.set_focus(self.pane)
            return
        self._remember()
        self.dismiss(tuple(self._read) + ((self.arxiv_id,) if self.document is not None else ()))

    def on_unmount(self) -> None:
        self.cited.cancel()

    def action_quit(self) -> None:
        """Keep the position now, on this thread (quitting cancels workers), then quit."""
        if self.document is not None and self.pane.top_block() != self._kept_position:
            with contextlib.suppress(OSError):  # leaving anyway: the one kept at rest stays
                self._positions.put(self.arxiv_id, self.pane.top_block())
        self.app.exit()

    def _scrolled(self, _y: float) -> None:
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        if self.context.position_delay <= 0:
            self._remember()
        else:
            self._rest_timer = self.set_timer(self.context.position_delay, self._remember)

    def _remember(self) -> None:
        """Keep the position in a worker of the app's (this screen may be going away)."""
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        if self.document is None or self.pane.top_block() == self._kept_position:
            return
        app, positions = self.app, self._positions
        arxiv_id, block = self.arxiv_id, self.pane.top_block()
        self._kept_position = block

        def save() -> None:
            try:
                positions.put(arxiv_id, block)
            except OSError as exc:
                problem = f"Could not remember where you were in {arxiv_id}: {exc.strerror or exc}"
                app.call_from_thread(app.notify, problem, severity="warning", markup=False)

        app.run_worker(save, thread=True, group="reading-position", exit_on_error=False)

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
        self._show_reference(None)
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
            self._with_cited_paper("cite")
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

    # ---- citations and references -------------------------------------------------------
    def action_next_cite(self, step: int) -> None:
        """Select the next (previous) in-text citation on screen, and show its entry."""
        cites = self.pane.cites_in_view()
        if not cites:
            self.notify("No citations on this screen.", timeout=2)
            return
        here = cites.index(self.cite) if self.cite in cites else (-1 if step > 0 else 0)
        cite = cites[(here + step) % len(cites)]
        assert self.document is not None
        ref = self.document.reference(cite.key)
        if ref is None:
            self.notify("This citation points to no entry of the bibliography.", timeout=3)
        self._select(None)
        self._show_reference(ref, cite)

    def action_references(self) -> None:
        if self.document is None:
            return
        if not self.document.references:
            self.notify("No bibliography was found in this paper.", timeout=3)
            return

        def chosen(key: str | None) -> None:
            ref = self.document.reference(key) if key and self.document else None
            if ref is not None:
                self._select(None)
                self._show_reference(ref)

        picker = ReferencesPicker(self.document.references, self.cited.in_library)
        self.app.push_screen(picker, chosen)

    def _show_reference(self, ref: Reference | None, cite: Cite | None = None) -> None:
        self.reference, self.cite = ref, cite
        self.pane.show_cite(cite)
        panel = self.query_one(ReferencePanel)
        if ref is None:
            panel.display = False
        else:
            panel.show_entry(ref, self.cited.in_library.get(ref.key, ""))
        self.refresh_bindings()

    def action_open_reference(self) -> None:
        self._with_cited_paper("open")

    def action_bookmark_reference(self) -> None:
        self._with_cited_paper("bookmark")

    def _with_cited_paper(self, action: str) -> None:
        """Open, bookmark or cite the paper the shown entry is (fetched when needed)."""
        ref = self.reference
        if ref is None:
            return
        if self.cited.in_library.get(ref.key) or ref.arxiv_id:
            self.cited.find(ref, action)
        elif ref.doi and action == "open":
            self._pages.open(doi_url(ref))
        elif ref.doi:
            self.notify(
                f"{ref.label or 'This entry'} has no arXiv id: papertui fetches papers by arXiv "
                f"id only. Its DOI link: {doi_url(ref)} (enter opens it)",
                severity="warning",
                markup=False,
            )
        else:
            what = ref.label or "This entry"
            self.notify(f"{what} has no arXiv id or DOI: nothing to fetch.", markup=False)

    @on(msg.ReferenceFound)
    def _reference_found(self, message: msg.ReferenceFound) -> None:
        if message.problem:
            self.notify(message.problem, severity="error", timeout=8, markup=False)
            return
        self.cited.in_library[message.key] = message.library_id
        if message.fetched:
            self.pane.mark_references(self.cited.in_library)
            if self.reference is not None and self.reference.key == message.key:
                self.query_one(ReferencePanel).show_entry(self.reference, message.library_id)
            self.notify(f"Added {message.library_id} to your library from arXiv", markup=False)
        if message.action == "open":
            reading = ReadingScreen(message.library_id, self.context)
            self.app.push_screen(reading, self._read.extend)
        elif message.action == "bookmark":
            self.cited.bookmark(message.library_id)
        else:
            self.cited.cite(message.library_id)

    @on(msg.ReferenceBookmarked)
    def _reference_bookmarked(self, message: msg.ReferenceBookmarked) -> None:
        if message.problem:
            problem = f"Could not bookmark {message.paper_id}: {message.problem}"
            self.notify(problem, severity="error", timeout=8, markup=False)
        elif message.on:
            self.notify(f"Bookmarked {message.paper_id}", markup=False)
        else:
            self.notify(f"Removed the bookmark of {message.paper_id}", markup=False)

    @on(msg.CitationCopied)
    def _citation_copied(self, message: msg.CitationCopied) -> None:
        result = message.result
        said = describe(message.fmt, message.ids, result, message.dropped)
        self.notify(said, severity=severity(message), timeout=5, markup=False)  # type: ignore[arg-type]
        if not result.copied and result.method == "file":
            self.app.push_screen(CopyFallbackScreen(message.text, result.path, result.detail))

    @on(msg.PageOpened)
    def _page_opened(self, message: msg.PageOpened) -> None:
        self._pages.opened(message)
