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
from papertui.reading.document import Document
from papertui.reading.errors import ReadingError
from papertui.ui import messages as msg
from papertui.ui.reading_context import ReadingContext
from papertui.ui.reading_moves import FLOATS, SECTIONS, InPaperFind, next_block, section_entry
from papertui.ui.reading_quote import QuoteCopier, Selection
from papertui.ui.widgets.outline import Outline, OutlinePicker
from papertui.ui.widgets.reading_pane import ReadingPane

WIDE = 100  # columns from which the outline is a side pane (below: a picker screen)


def _key(key: str, action: str, title: str, name: str, tip: str, show: bool = False) -> Binding:
    return Binding(key, action, title, show=show, id=f"reading.{name}", tooltip=tip)


class ReadingScreen(Screen[str]):
    """Answers (dismissed with) the arXiv id of the paper when its text was shown."""

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
        _key(
            "y", "copy_quote", "Quote", "quote", "Copy the selection as a quote with its citation"
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
        self._rest_timer: Timer | None = None
        self.document: Document | None = None
        self.source_line = ""
        self.found = InPaperFind()

    def compose(self) -> ComposeResult:
        with Horizontal(id="reading-panes"):
            yield Outline(id="outline")
            yield ReadingPane(id="reading")
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
            self.post_message(msg.PaperTextReady(paper_id, opened, position=position))

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
        self.pane.show_document(self.document)
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
        outline = self.query_one(Outline)
        if box.has_focus or outline.has_focus:  # the box or the outline closes
            box.display = box.display and not box.has_focus
            outline.display = outline.display and not outline.has_focus
            self.set_focus(self.pane)
            return
        self._remember()
        self.dismiss(self.arxiv_id if self.document is not None else "")

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
        in_box = self.query_one("#find", Input).has_focus
        if action == "extend":
            return self.selection is not None and not in_box
        if action == "find_done":
            return in_box  # elsewhere enter is the focused widget's (the outline's)
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
        self._select(Selection(max(0, self.pane.top_block())))

    def action_extend(self, step: int) -> None:
        if self.selection is None or self.document is None:
            return
        end = min(max(0, self.selection.end + step), len(self.document.blocks) - 1)
        self.selection.end = end
        self._select(self.selection)

    def action_copy_quote(self) -> None:
        if self.document is None:
            return
        if self.selection is None:
            self.notify("Select paragraphs first (v).", timeout=2)
            return
        blocks = list(self.selection.blocks)
        self._quotes.copy(self.document, blocks, self.paper_id, self.arxiv_id)
        self._select(None)

    @on(msg.QuoteCopied)
    def _quote_copied(self, message: msg.QuoteCopied) -> None:
        self._quotes.copied(message)
