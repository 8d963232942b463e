"""Search as you type, and results that page in as the cursor nears their end.

One search runs at a time (Whoosh holds the GIL; two at once only slow each
other down). A keystroke starts its search at once when none is running;
otherwise it becomes the one to run next, replacing any older wish, so a fast
typist never queues a backlog and the last query always runs. First pages are
remembered per (query, sort) while the user types, so backspacing is instant.
Later pages are fetched with `offset` in a worker when the cursor comes within
`NEAR_END` rows of the last one listed.

The workers answer the screen with `ResultsReady` / `PageReady`; its handlers
hand them back here (`arrived`, `paged`), which says what, if anything, to show.
"""

from __future__ import annotations

from array import array

from textual.cache import LRUCache
from textual.widget import Widget

from papertui.ui.messages import PageReady, ResultsReady
from papertui.ui.rows import RowSource
from papertui.ui.search_session import MORE_PAGE, SEARCH_PAGE, SearchSession

Outcome = SearchSession.Outcome

NEAR_END = 80  # rows before the last listed one at which the next page is fetched
CACHED_QUERIES = 64


class SearchController:
    def __init__(self, owner: Widget, session: SearchSession, rows: RowSource) -> None:
        self._owner = owner
        self._session = session
        self._rows = rows
        # remembered first pages, each with the index generation it was read from
        self._cache: LRUCache[tuple[str, str], tuple[int, Outcome]] = LRUCache(CACHED_QUERIES)
        self._wanted: tuple[str, str] | None = None
        self._running = False
        self.first_rows = 40  # rows made in the worker with a first page (the pane's height)
        # the listed results: what they answer, how many hits so far, and whether more exist
        self._listed: tuple[str, str] | None = None
        self._generation = 0  # of the listing: a page asked for by an older one is dropped
        self._loaded = 0
        self._more = False
        self._paging = False
        self._keys: set[int] = set()

    # ---- first pages --------------------------------------------------------------
    def submit(self, query: str, sort: str, *, typed: bool) -> Outcome | None:
        """Search for `query` in a worker (its answer: `ResultsReady`); a keystroke
        (`typed`) may be answered at once from remembered pages, returned here."""
        if not typed:
            self._cache.clear()  # the index or the sort changed: nothing remembered holds
        cached = self._cache.get((query, sort)) if typed else None
        if cached is not None and cached[0] == self._session.generation:
            self._wanted = None
            return _copy(cached[1])
        self._wanted = (query, sort)
        if not self._running:
            self._run(query, sort)
        return None

    @property
    def listing(self) -> tuple[int, int]:
        """Which first page is listed (each one counts) and how many hits are listed."""
        return self._generation, self._loaded

    @property
    def busy(self) -> bool:
        """A search the user asked for is running or waiting to."""
        return self._running or self._wanted is not None

    def cancel(self) -> None:
        """The query was cleared: whatever is running is no longer wanted."""
        self._wanted = None
        self._listed = None
        self._generation += 1

    def index_changed(self) -> None:
        """The index took in changes: no remembered page holds any more."""
        self._cache.clear()

    def _run(self, query: str, sort: str) -> None:
        self._running = True
        self._wanted = None
        self._owner.run_worker(
            lambda: self._search(query, sort), thread=True, group="search", exit_on_error=False
        )

    def _search(self, query: str, sort: str) -> None:
        generation = self._session.generation  # read first: a change meanwhile makes it stale
        try:
            outcome = self._session.search(query, sort, limit=SEARCH_PAGE)
            terms = outcome.results.highlight_terms
            look = self._rows.look(terms, outcome.in_full_text)
            rows = self._rows(outcome.keys[: self.first_rows], terms, outcome.in_full_text)
        except BaseException:
            self._owner.post_message(ResultsReady(query, sort, None))
            raise  # the screen reports the failed worker
        self._owner.post_message(ResultsReady(query, sort, outcome, rows, look, generation))

    def arrived(self, message: ResultsReady) -> Outcome | None:
        """A first page arrived: the outcome to show, if it is still wanted."""
        query, sort, outcome = message.query, message.sort, message.outcome
        show = None
        self._running = False
        if outcome is not None:
            self._cache[(query, sort)] = (message.index_generation, outcome)
        if outcome is not None and (self._wanted is None or self._wanted == (query, sort)):
            self._wanted = None
            show = _copy(outcome)
        if self._wanted is not None:  # the user typed on meanwhile: run the newest query
            self._run(*self._wanted)
        return show

    # ---- later pages -----------------------------------------------------------------
    def listed(self, query: str, sort: str, outcome: Outcome) -> None:
        """The screen now lists `outcome` (a first page) for `query`."""
        self._listed = (query, sort)
        self._generation += 1
        self._loaded = len(outcome.results.hits)
        self._more = self._loaded >= SEARCH_PAGE and outcome.results.total > self._loaded
        self._keys = set(outcome.keys)
        self._paging = False

    def cursor_at(self, index: int, listed: int) -> None:
        """The cursor is on row `index` of `listed`: fetch more when it nears the end."""
        if self._listed is None or not self._more or self._paging:
            return
        if index >= listed - NEAR_END:
            self._paging = True
            query, sort = self._listed
            offset, generation = self._loaded, self._generation
            self._owner.run_worker(
                lambda: self._page(query, sort, offset, generation),
                thread=True,
                group="search-page",
                exit_on_error=False,
            )

    def _page(self, query: str, sort: str, offset: int, generation: int) -> None:
        try:
            outcome = self._session.search(query, sort, offset=offset, limit=MORE_PAGE)
        except BaseException:
            self._owner.post_message(PageReady(generation, None))
            raise
        self._owner.post_message(PageReady(generation, outcome))

    def paged(self, message: PageReady) -> array:
        """A later page arrived: the keys to append to the list (none if it is stale)."""
        if message.generation != self._generation:
            return array("q")  # the list shows something else by now
        self._paging = False
        if message.outcome is None:
            return array("q")
        hits = len(message.outcome.results.hits)
        self._loaded += hits
        self._more = hits >= MORE_PAGE and message.outcome.results.total > self._loaded
        fresh = array("q", (k for k in message.outcome.keys if k not in self._keys))
        self._keys.update(fresh)
        return fresh


def _copy(outcome: Outcome) -> Outcome:
    """The list grows its key array in place as pages arrive: never hand it a cached one."""
    return SearchSession.Outcome(outcome.results, array("q", outcome.keys), outcome.in_full_text)
