"""What the reader lists: the whole library in a sort order, or a search's results.

`ReaderSearch` keeps the browse and search sorts, the query whose results are
listed and the status line, and pushes them into the list and the search bar.
The searches themselves run in `SearchController`'s worker; the screen hands
their answers (`ResultsReady`, `PageReady`) to `results_ready` / `page_ready`.
When the library or the index changes, `requery` lists the shown view again in
`ListRefresh`'s worker (`ListRefreshed` → `refreshed`).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import replace

from textual.screen import Screen

from papertui.ui.details import Details
from papertui.ui.list_refresh import ListRefresh, View
from papertui.ui.messages import ListRefreshed, PageReady, ResultsReady
from papertui.ui.rows import RowSource
from papertui.ui.search_controller import SearchController
from papertui.ui.search_session import SearchSession
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput, SearchBar, SearchStatus

BROWSE_SORTS = ("date", "title", "upvotes")
SEARCH_SORTS = ("relevance", "date", "title", "upvotes")


class ReaderSearch:
    def __init__(
        self, screen: Screen[None], session: SearchSession, rows: RowSource, details: Details
    ) -> None:
        self._screen = screen
        self._details = details
        self._session = session
        self._library = session.library
        self._rows = rows
        self.searches = SearchController(screen, session, rows)
        self.refresher = ListRefresh(screen, session, rows)
        self._refresh_due = False  # asked while a search ran: once its answer is shown
        self.browse_sort = "date"
        self.search_sort = "relevance"
        self.shown_query = ""  # the query whose results are listed ("": browsing)
        self.status = SearchStatus(library_size=self._library.count())

    @property
    def query_text(self) -> str:
        return self._screen.query_one(QueryInput).value.strip()

    @property
    def searching(self) -> bool:
        return bool(self.shown_query or self.query_text)

    def set_status(self, **changes: object) -> None:
        had_suggestion = bool(self.status.suggestion)
        self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self._screen.query_one(SearchBar).set_status(self.status)
        if had_suggestion != bool(self.status.suggestion):
            self._screen.refresh_bindings()  # ctrl+y comes or goes

    def show_keys(self, keys: Sequence[int], keep: int | None, empty: str = "") -> None:
        """List `keys`, the cursor on `keep` if it is among them."""
        cursor = 0
        if keep is not None and isinstance(keys, array):
            try:
                cursor = keys.index(keep)
            except ValueError:
                cursor = 0
        self._screen.query_one(PaperList).set_data(
            keys, self._rows, cursor=cursor, empty_message=empty
        )
        if not keys:
            self._details.show(None, None)

    def browse(self, keep: int | None = None) -> None:
        self.shown_query = ""
        self._rows.terms = ()
        self._rows.in_full_text = frozenset()
        keys = self._library.ordered_nums(self.browse_sort)
        self._screen.query_one(PaperList).show_categories(self._library.has_categories())
        self.show_keys(keys, keep)
        self.set_status(
            query="",
            total=len(keys),
            sort=self.browse_sort,
            notice="",
            suggestion="",
            is_estimate=False,
            searching=False,
            shown=0,
            library_size=len(keys),
            arrivals="",
        )

    def start(self, *, typed: bool = False) -> None:
        """Search for what the box holds (or browse again when it is empty)."""
        query = self.query_text
        plist = self._screen.query_one(PaperList)
        if not query:
            self.searches.cancel()
            if self.shown_query:
                self.browse(keep=plist.current_key)
            return
        if self._session.index is None:  # runs once the index is ready, if it can be
            self.set_status(query=query, searching=self._session.index_error is None)
            return
        self.set_status(searching=True)
        self.searches.first_rows = plist.size.height or self.searches.first_rows
        cached = self.searches.submit(query, self.search_sort, typed=typed)  # one at a time
        if cached is not None:
            self.show_results(query, self.search_sort, cached)

    def requery(self) -> None:
        """The library or the index changed: list the shown view again (the cursor stays
        on its paper)."""
        self.searches.index_changed()
        self.refresh_list()

    def refresh_list(self) -> None:
        """Re-run what is listed in a worker (`ListRefreshed`), unless the user is typing
        a search (theirs lists the papers; if it started before the index caught up, the
        refresh runs once its answer is shown)."""
        if self.searches.busy:
            self._refresh_due = True
            return
        if self.shown_query != self.query_text:
            return
        if self.shown_query and self._session.index is None:
            return
        self.refresher.start(self._view())

    def _view(self) -> View:
        """What the list shows now."""
        plist = self._screen.query_one(PaperList)
        key = plist.current_key
        row = plist.cached_row(plist.cursor)
        shown = self._details.views()[0].paper
        cursor_id = row.paper_id if row is not None else (shown.id if shown else None)
        return View(
            query=self.shown_query,
            sort=self.search_sort if self.shown_query else self.browse_sort,
            listing=self.searches.listing,
            cursor=plist.cursor,
            cursor_id=cursor_id if key is not None else None,
            cursor_key=key,
            row_on_screen=plist.cursor - round(plist.scroll_offset.y),
            height=plist.size.height or self.searches.first_rows,
            marks=dict(zip(plist.marked_keys, plist.marked_ids, strict=True)),
            keys=plist.keys if not self.shown_query else (),
        )

    def refreshed(self, message: ListRefreshed) -> None:
        """Show a refreshed listing if it still answers what is listed."""
        view = message.view
        if not self.refresher.is_latest(message):
            return
        if view.query != self.query_text or view.query != self.shown_query:
            return  # the user typed on: their search lists what is there
        if view.sort != (self.search_sort if view.query else self.browse_sort):
            return
        now = self._view()
        if (now.listing, now.cursor_key, now.marks) != (view.listing, view.cursor_key, view.marks):
            self.refresh_list()  # the cursor moved, a mark or a page came: ask again from here
            return
        outcome = message.outcome
        if outcome is not None:
            self._rows.terms = tuple(outcome.results.highlight_terms)
            self._rows.in_full_text = outcome.in_full_text
        plist = self._screen.query_one(PaperList)
        plist.relist(
            message.keys,
            cursor=message.cursor,
            top=message.top,
            marks=message.marks,
            moved=message.moved,
        )
        if message.rows_look == self._rows.look():
            plist.put_rows(message.rows)
        if not message.keys:
            self._details.show(None, None)
        changes: dict[str, object] = {"library_size": message.news.size}
        if outcome is not None:
            self.searches.listed(view.query, view.sort, outcome)
            total = outcome.results.total
            changes.update(total=total, is_estimate=outcome.results.total_is_estimate)
        else:
            changes["total"] = len(message.keys)
        if self.refresher.shown(message) and (news := message.news.text()):
            changes["arrivals"] = news
        self.set_status(**changes)

    def results_ready(self, message: ResultsReady) -> None:
        outcome = self.searches.arrived(message)
        if outcome is not None:
            self.show_results(message.query, message.sort, outcome, message)
        if self._refresh_due and not self.searches.busy:
            self._refresh_due = False
            self.refresh_list()

    def show_results(
        self,
        query: str,
        sort: str,
        outcome: SearchSession.Outcome,
        ready: ResultsReady | None = None,
    ) -> None:
        if query != self.query_text or sort != self.search_sort:
            return  # stale: the user typed on
        results = outcome.results
        self._screen.paint_promptly()  # type: ignore[attr-defined]  # awaited: paint at once
        self._rows.terms = tuple(results.highlight_terms)
        self._rows.in_full_text = outcome.in_full_text
        plist = self._screen.query_one(PaperList)
        again = query == self.shown_query  # (another sort, the index ready): keep the cursor
        if not again:
            self.set_status(arrivals="")
        self.shown_query = query
        empty = "No papers match this search."
        if results.suggestion:
            empty = f"No papers match. Did you mean {results.suggestion.strip()}? (ctrl+y)"
        self.show_keys(outcome.keys, plist.current_key if again else None, empty)
        if ready is not None and ready.rows_look == self._rows.look():
            plist.put_rows(ready.rows)  # read by the worker: no store read here
        self.searches.listed(query, sort, outcome)
        self.set_status(
            query=query,
            total=results.total,
            is_estimate=results.total_is_estimate,
            sort=sort,
            notice=results.notice or "",
            suggestion=results.suggestion or "",
            searching=False,
            shown=0,  # every hit is reachable: later pages load as the cursor nears them
        )

    def page_ready(self, message: PageReady) -> None:
        fresh = self.searches.paged(message)
        if fresh and message.outcome is not None and message.outcome.in_full_text:
            self._rows.in_full_text |= message.outcome.in_full_text
        self._screen.query_one(PaperList).extend(fresh)

    def next_sort(self) -> str:
        sorts = SEARCH_SORTS if self.searching else BROWSE_SORTS
        current = self.search_sort if self.searching else self.browse_sort
        index = sorts.index(current) if current in sorts else -1
        return sorts[(index + 1) % len(sorts)]

    def sort_by(self, sort: str) -> None:
        if self.searching:
            self.search_sort = sort
            self.set_status(sort=sort)
            self.start()
        elif sort in BROWSE_SORTS:
            self.browse_sort = sort
            self.browse(keep=self._screen.query_one(PaperList).current_key)
