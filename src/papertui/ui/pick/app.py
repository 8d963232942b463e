"""`papertui pick`: a small full-screen picker. Type to filter, up/down to move, tab to
mark several, enter to accept, esc to cancel. The app returns the chosen paper ids
(the marked ones in the order they were marked, else the one under the cursor), or
None when cancelled; the CLI prints them.

Key → results: each change of the query starts one search at a time in a thread
worker (the newest query waits for the running one; queries typed in between are
skipped); the worker answers with `Found`, dropped unless it answers the query in the
box. The index opens in a worker after the first frame, which shows the newest papers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from papertui.picking import PickResults, PickRow, PickSource
from papertui.ui.idle_gc import IdleCollector
from papertui.ui.pick.first_frame import HELP, OPENING, PLACEHOLDER, FirstFrame
from papertui.ui.pick.pick_list import PickList
from papertui.ui.render.bases import OneLineInput, ReaderScreen
from papertui.ui.safe_text import clean


class PickApp(App[list[str] | None]):
    CSS = """
    Screen { layout: vertical; }
    #query { border: none; height: 1; padding: 0 1; background: $boost; }
    #status { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+c,ctrl+g,ctrl+q", "cancel", "cancel", priority=True),
        # (enter reaches the query box in turn, after the keys typed before it, which
        # a priority binding would overtake: the box sends `Submitted`)
        Binding("enter", "accept", "accept"),
        Binding("up,ctrl+p", "move(-1)", priority=True, show=False),
        Binding("down,ctrl+n", "move(1)", priority=True, show=False),
        Binding("pageup", "page(-1)", priority=True, show=False),
        Binding("pagedown", "page(1)", priority=True, show=False),
        Binding("tab", "mark(1)", "mark", priority=True),
        Binding("shift+tab", "mark(-1)", priority=True, show=False),
    ]

    @dataclass
    class Found(Message):
        results: PickResults

    @dataclass
    class IndexOpened(Message):
        error: str | None

    @dataclass
    class KeyMade(Message):
        paper_id: str

    def __init__(
        self,
        source: PickSource,
        first: PickResults,
        *,
        query: str = "",
        driver_class: type[Driver] | None = None,
    ) -> None:
        super().__init__(driver_class=driver_class)
        self.source = source
        self.first = first
        self.query_text = query
        self._searching = False  # a search worker is running
        self._wanted: str | None = None  # the query to search for when it is done
        self._total = first.total
        self._said = ""  # the status line's news: counts, notices
        self._listed_for = ""  # the query the listed rows answer
        self._accept_when_listed = False  # enter came before the rows answered the box
        self._gc = IdleCollector(self)  # collections wait until the user rests, as the reader's

    def compose(self) -> ComposeResult:
        yield OneLineInput(self.query_text, placeholder=PLACEHOLDER, id="query")
        yield PickList(id="rows")
        yield StatusLine(id="status")

    def get_default_screen(self) -> Screen:
        return ReaderScreen(id="_default")  # paints awaited results at once

    def on_mount(self) -> None:
        self._gc.start()
        # (watched, not told by `Changed`: that message reaches the app three message
        # loops later, after the typed letter's own frame, which delayed every search)
        self.watch(self.query_one(OneLineInput), "value", self._query_changed, init=False)
        self.query_one(PickList).show(self.first.rows)
        self._said = f"{self._total:,} papers · {OPENING}"
        self.query_one(StatusLine).show(f"{self._said} · {HELP}")  # the cursor's key: later
        self.call_after_refresh(self._open_index)  # (its imports would hold up the first frame)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._gc.input()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._gc.stop()

    # ---- searching ------------------------------------------------------------------
    @work(thread=True, exit_on_error=False, group="index")
    def _open_index(self) -> None:
        try:
            self.source.open_index()
            if self.first.rows:  # made here: the first key loads the citation code (~0.1 s)
                self.source.cite_key(self.first.rows[0])
        except Exception as exc:
            self.post_message(self.IndexOpened(str(exc) or type(exc).__name__))
        else:
            self.post_message(self.IndexOpened(None))

    @on(IndexOpened)
    def _index_opened(self, message: IndexOpened) -> None:
        if message.error is not None:
            self._status(f"the search index could not be opened: {message.error}")
            return
        self._status(f"{self._total:,} papers")
        self._search(self.query_one(OneLineInput).value)

    def _query_changed(self, query: str) -> None:
        if self.source.index is not None:
            self._search(query)

    def _search(self, query: str) -> None:
        if self._searching:
            self._wanted = query
            return
        self._searching = True
        self._run_search(query)

    @work(thread=True, exit_on_error=False, group="search")
    def _run_search(self, query: str) -> None:
        try:
            results = self.source.search(query)
        except Exception as exc:
            results = PickResults(query, [], 0, f"search failed: {exc}")
        self.post_message(self.Found(results))

    @on(Found)
    def _found(self, message: Found) -> None:
        self._searching = False
        wanted, self._wanted = self._wanted, None
        current = self.query_one(OneLineInput).value
        if wanted is not None and wanted != message.results.query:
            self._search(current)
        if message.results.query != current:
            return
        results = message.results
        self.screen.paint_promptly()  # type: ignore[attr-defined]
        self.query_one(PickList).show(results.rows)
        self._listed_for = current
        shown = f"{results.total:,}"
        if results.total > len(results.rows):
            shown = f"{len(results.rows):,} of {shown}"
        said = f"{shown} matching “{current}”" if current.strip() else f"{self._total:,} papers"
        self._status(f"{said} · {results.notice}" if results.notice else said)
        if self._accept_when_listed:
            self.action_accept()

    # ---- keys -----------------------------------------------------------------------
    @on(OneLineInput.Submitted, "#query")
    def _submitted(self) -> None:
        self.action_accept()

    def action_move(self, delta: int) -> None:
        self.query_one(PickList).move(delta)
        self._status()

    def action_page(self, direction: int) -> None:
        rows = self.query_one(PickList)
        rows.move(direction * max(rows.scrollable_content_region.height - 1, 1))
        self._status()

    def action_mark(self, delta: int) -> None:
        rows = self.query_one(PickList)
        rows.toggle_mark()
        rows.move(delta)
        self._status()

    def action_accept(self) -> None:
        rows = self.query_one(PickList)
        self._accept_when_listed = False
        if rows.marked:
            self.exit(list(rows.marked))
        elif self._listed_for != self.query_one(OneLineInput).value:
            self._accept_when_listed = True  # the row under the cursor answers another query
            self._status("searching…")
        elif rows.current is not None:
            self.exit([rows.current.id])
        else:
            self.bell()

    def action_cancel(self) -> None:
        self.exit(None)

    def _status(self, said: str | None = None) -> None:
        status = self.query_one(StatusLine)
        if said is not None:
            self._said = said
        rows = self.query_one(PickList)
        marks = f"{len(rows.marked)} marked · " if rows.marked else ""
        key = ""
        if rows.current is not None:
            known = self.source.known_key(rows.current)
            if known is None:
                # (after the frame: a worker running meanwhile slows its painting)
                self.call_after_refresh(self._make_key, rows.current)
            key = f" · {clean(known)}" if known else ""
        status.show(f"{marks}{self._said}{key} · {HELP}")

    @work(thread=True, exclusive=True, exit_on_error=False, group="key")
    def _make_key(self, row: PickRow) -> None:
        self.source.cite_key(row)  # (a store read and the title's TeX: ~6 ms)
        self.post_message(self.KeyMade(row.id))

    @on(KeyMade)
    def _key_made(self, message: KeyMade) -> None:
        current = self.query_one(PickList).current
        if current is not None and current.id == message.paper_id:
            self._status()


class StatusLine(Widget):
    """One line of plain text. (A `Static` lays the whole screen out again on every
    update, which took longer than the search at each keystroke.)"""

    DEFAULT_CSS = "StatusLine { height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    def show(self, text: str) -> None:
        self._text = Text(text, no_wrap=True, overflow="ellipsis")
        self.refresh()

    def render(self) -> Text:
        return self._text


def run_picker(
    source: PickSource,
    first: PickResults,
    query: str,
    terminal_fd: int,
    first_frame: FirstFrame | None = None,
) -> list[str] | None:
    """Run the picker on terminal descriptor `terminal_fd` (taking over `first_frame`,
    painted there already); the chosen ids, or None."""
    from papertui.ui.pick.tty_driver import on_terminal

    driver = on_terminal(terminal_fd, first_frame)
    return PickApp(source, first, query=query, driver_class=driver).run()
