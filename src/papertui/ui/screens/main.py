"""The reader: search pane on top, the paper list and the detail pane below.

The screen owns the data: it asks the store for handles and rows, runs searches
and the index catch-up in thread workers, and pushes results into widgets.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState

from papertui.browser import graphical_session, open_page
from papertui.models import Paper, PaperState
from papertui.ui.data import RelatedEntry, Row
from papertui.ui.detail_controller import LookAhead, RelatedLoader, Throttle
from papertui.ui.index_opener import IndexOpener
from papertui.ui.rows import display_paper, make_row
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.screens.paper_actions import PaperActionsScreen, paper_binding
from papertui.ui.search_controller import SearchController
from papertui.ui.search_session import SearchSession
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput, SearchBar, SearchStatus

NARROW = 100  # below this many columns the detail pane opens full-screen
BROWSE_SORTS = ("date", "title", "upvotes")
SEARCH_SORTS = ("relevance", "date", "title", "upvotes")


class MainScreen(PaperActionsScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: handled before later keys of the same burst are routed, so
        # "/diffusion" typed fast lands entirely in the search box.
        Binding(
            "slash",
            "focus_search",
            "Search",
            id="main.search",
            tooltip="Search as you type",
            priority=True,
        ),
        Binding("s", "cycle_sort", "Sort", id="main.sort", tooltip="Cycle the sort order"),
        Binding(
            "o",
            "open_page",
            "Web page",
            show=False,  # listed in help; the footer keeps room for quit and help
            id="main.open",
            tooltip="Open the paper's page in the browser",
        ),
        Binding("escape", "clear_search", "Clear search", show=False, id="main.clear_search"),
        Binding(
            "ctrl+y",
            "accept_suggestion",
            "Use suggestion",
            id="main.accept_suggestion",
            tooltip='Search for the "did you mean" suggestion',
        ),
        # Not under "marked, else current": they act on one paper, or on none.
        paper_binding("n", "edit_note", "Note", "note", "Write a note on the current paper", False),
        paper_binding("ctrl+z", "undo", "Undo", "undo", "Undo the last change", show=False),
        paper_binding("F", "fetch_today", "Fetch", "fetch", "Fetch today's HF papers", show=False),
    ]

    def __init__(self, session: SearchSession) -> None:
        super().__init__()
        self.session = session
        self.library = session.library
        self.browse_sort = "date"
        self.search_sort = "relevance"
        self.terms: tuple[str, ...] = ()
        self.status = SearchStatus(library_size=self.library.count())
        self._related = RelatedLoader(self, session, self._show_related)
        self._show_throttled = Throttle(self, self._show_paper)
        self._searches = SearchController(self, session, self._show_results, self._add_rows)
        self._shown_query = ""
        self._look_ahead = LookAhead(self, lambda: self.paper_list.cursor, self._prepare_row)
        self._index = IndexOpener(
            self,
            session,
            lambda label: self._set_status(indexing=label),
            self._index_ready,
            self._index_failed,
        )

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield PaperList(id="paper-list")
            yield PaperDetail(id="detail")
        yield Footer()

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def query_text(self) -> str:
        return self.query_one(QueryInput).value.strip()

    def on_mount(self) -> None:
        # Watched (not a message, which arrives after the list has repainted): the row
        # and the paper go out in one frame, not two frames 17-33 ms apart.
        self.watch(self.paper_list, "cursor", self._cursor_moved, init=False)
        self._show_browse()
        self.paper_list.focus()
        self.call_after_refresh(self._index.start)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        footer = self.query_one(Footer)
        # Quit and help come last in the footer: at 80 columns make room for them
        # (^p still opens the palette; every key is in help).
        footer.compact = narrow
        footer.show_command_palette = not narrow

    # ---- rows ---------------------------------------------------------------
    def _fetch_rows(self, keys: Sequence[int]) -> Mapping[int, Row]:
        pairs = self.session.papers_by_nums(keys)
        states = self.library.states_for(p.id for _, p in pairs)
        match = self.paper_list.get_component_rich_style("paper-list--match")
        return {
            k: make_row(k, p, states.get(p.id), self.terms, match, new=self.is_new(p.id))
            for k, p in pairs
        }

    def _show_browse(self, keep: int | None = None) -> None:
        self.terms = ()
        self._shown_query = ""
        keys = self.library.ordered_nums(self.browse_sort)
        self.paper_list.show_categories(self.library.has_categories())
        self._set_keys(keys, keep)
        self._set_status(
            query="",
            total=len(keys),
            sort=self.browse_sort,
            notice="",
            suggestion="",
            is_estimate=False,
            searching=False,
            shown=0,
            library_size=len(keys),
        )

    def _set_keys(self, keys: Sequence[int], keep: int | None, empty: str = "") -> None:
        cursor = 0
        if keep is not None and isinstance(keys, array):
            try:
                cursor = keys.index(keep)
            except ValueError:
                cursor = 0
        self.paper_list.set_data(keys, self._fetch_rows, cursor=cursor, empty_message=empty)
        if not keys:
            for detail in self._detail_views():
                detail.show(None)
            self._paper_shown(None, None)

    def _set_status(self, **changes: object) -> None:
        had_suggestion = bool(self.status.suggestion)
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self.query_one(SearchBar).set_status(self.status)
        if had_suggestion != bool(self.status.suggestion):
            self.refresh_bindings()

    # ---- detail -------------------------------------------------------------
    def _detail_views(self) -> list[PaperDetail]:
        views = [self.query_one(PaperDetail)]
        views += [s.detail for s in self.app.screen_stack if isinstance(s, DetailScreen)]
        return views

    def _details_visible(self) -> bool:
        """The paper's details are on screen: the side pane, or the full-screen view."""
        narrow = self.app.size.width < NARROW  # known before the first resize event
        return not narrow or any(isinstance(s, DetailScreen) for s in self.app.screen_stack)

    def _cursor_moved(self, index: int) -> None:
        key = self.paper_list.current_key
        if key is not None:
            self._show_throttled(key)  # a held-down key: at most once a frame
            self._searches.cursor_at(index, len(self.paper_list.keys))  # next page?
            self._look_ahead.moved(index)

    def _prepare_row(self, index: int) -> None:
        keys = self.paper_list.keys
        paper, state = self._paper(keys[index]) if 0 <= index < len(keys) else (None, None)
        if paper is not None:
            self.query_one(PaperDetail).prepare(display_paper(paper), state, self.terms)

    def _paper(self, key: int) -> tuple[Paper | None, PaperState | None]:
        pairs = self.session.papers_by_nums([key])
        paper = pairs[0][1] if pairs else None
        return paper, self.library.states_for([paper.id]).get(paper.id) if paper else None

    @on(PaperList.Selected)
    def _selected(self, message: PaperList.Selected) -> None:
        paper = self._show_paper(message.key)
        if paper is None:
            return
        if self.has_class("-narrow"):
            state = self.library.states_for([paper.id]).get(paper.id)
            self.app.push_screen(DetailScreen(display_paper(paper), state, self.terms))
            self._schedule_related(paper.id)
            self._paper_shown(paper, state)  # shown now: the read dwell starts
        else:
            self.query_one(PaperDetail).focus()

    def _show_paper(self, key: int) -> Paper | None:
        paper, state = self._paper(key)
        for detail in self._detail_views():
            detail.show(display_paper(paper) if paper else None, state, self.terms)
        self._paper_shown(paper, state)
        if paper is not None:
            self._schedule_related(paper.id)
        return paper

    def _schedule_related(self, paper_id: str) -> None:
        self._related.request(paper_id)  # once the cursor rests; cached per paper

    def _show_related(self, paper_id: str, entries: list[RelatedEntry] | None, note: str) -> None:
        for detail in self._detail_views():
            detail.show_related(paper_id, entries, note)

    # ---- search -------------------------------------------------------------
    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        self._start_search(typed=True)

    @on(QueryInput.Leave)
    @on(PaperDetail.Leave)
    def _back_to_list(self) -> None:
        self.set_focus(self.paper_list)

    def _start_search(self, typed: bool = False) -> None:
        query = self.query_text
        if not query:
            self._searches.cancel()
            if self._shown_query:
                self._show_browse(keep=self.paper_list.current_key)
            return
        if self.session.index is None:  # runs once the index is ready, if it can be
            self._set_status(query=query, searching=self.session.index_error is None)
            return
        self._set_status(searching=True)
        self._searches.submit(query, self.search_sort, typed=typed)  # one at a time, newest

    def _show_results(self, query: str, sort: str, outcome: SearchSession.Outcome) -> None:
        if query != self.query_text or sort != self.search_sort:
            return  # stale: the user typed on
        results = outcome.results
        self.paint_promptly()  # the user is waiting for exactly this
        self.terms = tuple(results.highlight_terms)
        again = query == self._shown_query  # a refresh (state changed): keep the cursor
        self._shown_query = query
        empty = "No papers match this search."
        if results.suggestion:
            empty = f"No papers match. Did you mean {results.suggestion.strip()}? (ctrl+y)"
        self._set_keys(outcome.keys, self.paper_list.current_key if again else None, empty)
        self._searches.listed(query, sort, outcome)
        self._set_status(
            query=query,
            total=results.total,
            is_estimate=results.total_is_estimate,
            sort=sort,
            notice=results.notice or "",
            suggestion=results.suggestion or "",
            searching=False,
            shown=0,  # every hit is reachable: later pages load as the cursor nears them
        )

    def _add_rows(self, keys: Sequence[int]) -> None:
        self.paper_list.extend(keys)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group in ("search", "related"):
            self._set_status(searching=False)
            self.notify(f"{event.worker.group} failed: {event.worker.error}", severity="error")

    # ---- index --------------------------------------------------------------
    def _index_ready(self) -> None:
        self._set_status(indexing="")
        if self.query_text:
            self._start_search()
        key = self.paper_list.current_key
        if key is not None:
            self._show_paper(key)

    def _index_failed(self, reason: str) -> None:
        self._set_status(indexing="search unavailable", searching=False)
        self.notify(
            f"Search is unavailable: {reason}. Browsing works; `papertui reindex` retries.",
            severity="warning",
            timeout=12,
        )
        for detail in self._detail_views():  # their related sections say why they are empty
            if detail.paper is not None:
                self._schedule_related(detail.paper.id)

    # ---- actions ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search" and isinstance(self.focused, QueryInput):
            return False  # a priority binding: "/" typed in the box is text
        return not (action == "accept_suggestion" and not self.status.suggestion)

    def action_accept_suggestion(self) -> None:
        if self.status.suggestion:
            box = self.query_one(QueryInput)
            box.value = self.status.suggestion
            box.cursor_position = len(box.value)

    def restyle(self) -> None:
        """Re-render rows and details after a theme change (styles are baked into rows)."""
        self.paper_list.invalidate()
        key = self.paper_list.current_key
        if key is not None:
            self._show_paper(key)

    def action_focus_search(self) -> None:
        # set_focus, not box.focus() (deferred): the rest of the burst must reach the box
        self.set_focus(self.query_one(QueryInput))

    def action_clear_search(self) -> None:
        if self.query_text:
            self.query_one(QueryInput).value = ""  # fires Changed -> browse

    def action_cycle_sort(self) -> None:
        searching = bool(self._shown_query or self.query_text)
        current = self.search_sort if searching else self.browse_sort
        self.action_sort_by(_next(SEARCH_SORTS if searching else BROWSE_SORTS, current))
        self.notify(f"Sorted by {self.status.sort}", timeout=1.5)

    def action_sort_by(self, sort: str) -> None:
        if self._shown_query or self.query_text:
            self.search_sort = sort
            self._set_status(sort=sort)
            self._start_search()
        elif sort in BROWSE_SORTS:
            self.browse_sort = sort
            self._show_browse(keep=self.paper_list.current_key)

    def action_open_page(self) -> None:
        detail = self.query_one(PaperDetail)
        paper = detail.paper
        url = paper.abstract_page if paper else ""
        if not url:
            self.notify("This paper has no web page.", severity="warning")
            return
        if not graphical_session():
            self._show_address(url, "No graphical display here (over SSH or on a console).")
            return

        def job() -> None:
            problem = open_page(url)
            self.app.call_from_thread(self._page_opened, url, problem)

        threading.Thread(target=job, name="papertui-browser", daemon=True).start()

    def _page_opened(self, url: str, problem: str) -> None:
        if problem:
            self._show_address(url, f"{problem[0].upper()}{problem[1:]}.")
        else:
            self.notify(f"Opened in the browser: {url}", timeout=3, markup=False)

    def _show_address(self, url: str, why: str) -> None:
        self.app.push_screen(
            CopyFallbackScreen(
                url, None, why, title="Not opened in a browser: copy the address", saved=False
            )
        )


def _next(options: Sequence[str], current: str) -> str:
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]
