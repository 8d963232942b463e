"""What the reader does to papers: bookmarks, tags, notes, read state, undo,
citations, fetching and opening a paper's page.

`PaperActions` is what the screen's paper keys call (on the marked papers, else
the one under the cursor) and what the screen hands its workers' answers to:
`StatesChanged`, `DwellElapsed`, `CitationCopied`, `FetchProgress`,
`FetchDone`, `NewPapersFound`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from papertui.clipboard import CopyResult
from papertui.config import Config
from papertui.fetch import Fetcher
from papertui.ui import messages as msg
from papertui.ui.cite_actions import CiteActions, describe, severity
from papertui.ui.details import Details
from papertui.ui.fetch_runner import FetchRunner, NewSinceLastVisit
from papertui.ui.index_upkeep import IndexCatchUp
from papertui.ui.page_opener import PageOpener
from papertui.ui.reader_search import ReaderSearch
from papertui.ui.reading_context import ReadingContext
from papertui.ui.reading_positions import ReadingPositions
from papertui.ui.rows import RowSource
from papertui.ui.screens import paper_dialogs
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.screens.tag_editor import TagEdit
from papertui.ui.state_actions import StateActions
from papertui.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from papertui.reading.sources import Downloader


class PaperActions:
    def __init__(
        self,
        screen: Screen[None],
        rows: RowSource,
        *,
        search: ReaderSearch,
        details: Details,
        catch_up: IndexCatchUp,
        config: Config,
        copier: Callable[[str], CopyResult],
        make_fetcher: Callable[[], Fetcher],
        make_downloader: Callable[[], Downloader],
        prefs_file: Path | None,
        data_dir: Path,
        position_delay: float,
    ) -> None:
        self._screen = screen
        self._rows = rows
        self._search, self._details, self._catch_up = search, details, catch_up
        self._config = config
        self._data_dir = data_dir  # the library's: downloaded full texts live there
        self.library = library = rows.library
        self.states = StateActions(screen, library, rows)
        self.cites = CiteActions(screen, library, copier, config.writing_bib)
        self._copier = copier
        self._make_downloader = make_downloader
        self._make_fetcher = make_fetcher
        self._position_delay = position_delay
        self.fetches = FetchRunner(screen, library, make_fetcher, prefs_file)
        self.new_papers = NewSinceLastVisit(screen, library, prefs_file)
        self.pages = PageOpener(screen)

    def _say(self, message: str, severity: str = "information", timeout: float = 3) -> None:
        """A notification of text as it is (ids, tags, URLs and errors are not markup)."""
        self._screen.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # ---- which papers ---------------------------------------------------------
    @property
    def _list(self) -> PaperList:
        return self._screen.query_one(PaperList)

    def current_id(self) -> str | None:
        row = self._list.row_at(self._list.cursor)
        return row.paper_id if row is not None else None

    def targets(self) -> list[str]:
        """The marked papers, else the one under the cursor."""
        marked = self._list.marked_ids
        if marked:
            return marked
        current = self.current_id()
        return [current] if current else []

    def _need(self, ids: Sequence[str]) -> bool:
        if not ids:
            self._say("No paper here.", "warning", timeout=2)
        return bool(ids)

    # ---- user state -----------------------------------------------------------
    def toggle_bookmark(self) -> None:
        if self._need(ids := self.targets()):
            self.states.toggle_bookmark(ids)

    def toggle_read(self) -> None:
        self._details.dwell.by_hand(self.current_id() or "")
        if self._need(ids := self.targets()):
            self.states.toggle_read(ids)

    def edit_tags(self) -> None:
        ids = self.targets()
        if not self._need(ids):
            return

        def apply(edit: TagEdit | None) -> None:
            if edit:
                self.states.change_tags(ids, edit.add, edit.remove)

        self._screen.app.push_screen(paper_dialogs.tag_editor(self.library, ids), apply)

    def edit_note(self) -> None:
        paper_id = self.current_id()
        if paper_id is None:
            self._need([])
            return

        def save(note: str | None) -> None:
            if note is not None:
                self.states.set_note(paper_id, note)

        self._screen.app.push_screen(paper_dialogs.note_editor(self.library, paper_id), save)

    def read_paper(self, paper_id: str | None = None) -> None:
        """`paper_id`'s full text (default: the current paper's), full screen (saved,
        else downloaded)."""
        paper_id = paper_id or self.current_id()
        if paper_id is None:
            self._need([])
            return
        from papertui.reading.fulltext_store import FullTextStore  # (lxml, PDFium: now)
        from papertui.ui.screens.reading import ReadingScreen

        context = ReadingContext(
            self.library,
            FullTextStore.for_data_dir(self._data_dir),
            ReadingPositions(self._data_dir),
            self._copier,
            self._make_downloader,
            self._make_fetcher,
            self._config.citation_style,
            self._position_delay,
            self._config.writing_bib,
        )
        reading = ReadingScreen(paper_id, context)

        def closed(arxiv_ids: tuple[str, ...] | None) -> None:
            if arxiv_ids:  # read, so saved: marked in the list from now on
                for arxiv_id in arxiv_ids:
                    if arxiv_id not in self._rows.fulltext_ids:
                        self._index_fulltext(arxiv_id)
                self.fulltext_saved(msg.FullTextSaved(set(arxiv_ids)))

        self._screen.app.push_screen(reading, closed)

    def _index_fulltext(self, arxiv_id: str) -> None:
        """A newly saved full text: its paper is marked changed (a worker), and the index
        catches up as after any change (`body:` finds it)."""
        library, app = self.library, self._screen.app

        def job() -> None:
            from papertui.reading.api import mark_for_index

            if mark_for_index(library, [arxiv_id]):
                app.call_from_thread(self._catch_up.soon, requery=True)

        self._screen.run_worker(job, thread=True, group="fulltext", exit_on_error=False)

    def load_fulltext_marks(self) -> None:
        """Which papers have a downloaded full text (a directory listing: in a worker)."""
        data_dir = self._data_dir

        def job() -> None:
            from papertui.reading.fulltext_store import FullTextStore

            store = FullTextStore.for_data_dir(data_dir)
            self._screen.post_message(msg.FullTextSaved(set(store.ids())))

        self._screen.run_worker(job, thread=True, group="fulltext", exit_on_error=False)

    def fulltext_saved(self, message: msg.FullTextSaved) -> None:
        if not message.arxiv_ids <= self._rows.fulltext_ids:
            self._rows.mark_fulltext(message.arxiv_ids)
            self._list.invalidate()
            self._details.fulltext_saved()

    def undo(self) -> None:
        if not self.states.undo():
            self._say("Nothing to undo.", timeout=2)

    def states_changed(self, message: msg.StatesChanged) -> None:
        """A change was committed: repaint its rows (and details), then confirm it."""
        self.states.confirmed(message)
        if message.rows_look == self._rows.look():
            self._list.put_rows(message.rows)  # read back by the worker
        else:  # the list shows other highlights by now: its rows are made again
            self._list.forget(list(message.rows))
        current = self.current_id()

        def after_the_marker_is_painted() -> None:
            # The repainted marker is the confirmation; details, toast and the
            # index catch-up (which competes for the GIL) come a frame later.
            if message.explicit and current in message.ids:
                self._details.reshow(message.states)
            if message.message:
                self._say(message.message)
            self._catch_up.soon(requery=message.explicit)

        self._screen.call_after_refresh(after_the_marker_is_painted)

    def dwell_elapsed(self, message: msg.DwellElapsed) -> None:
        if message.paper_id == self.current_id():
            self.states.mark_read_quietly(message.paper_id)

    # ---- citations --------------------------------------------------------------
    def copy_citation(self, fmt: str | None = None) -> None:
        if self._need(ids := self.targets()):
            self.cites.copy(ids, fmt or self._config.citation_style)

    def pick_citation(self) -> None:
        ids = self.targets()
        if not self._need(ids):
            return

        def chosen(name: str | None) -> None:
            if name:
                self.cites.copy(ids, name)

        picker = paper_dialogs.cite_picker(
            self.library, ids, self._config.citation_style, self._config.writing_bib
        )
        self._screen.app.push_screen(picker, chosen)

    def citation_copied(self, message: msg.CitationCopied) -> None:
        result = message.result
        self._say(describe(message), severity(message), 5)
        if not result.copied and result.method == "file":
            self._screen.app.push_screen(
                CopyFallbackScreen(message.text, result.path, result.detail)
            )

    # ---- fetching -----------------------------------------------------------------
    def fetch_today(self) -> None:
        self._fetch_started(self.fetches.fetch_today())

    def refresh_feeds(self) -> None:
        self._fetch_started(self.fetches.refresh_feeds())

    def _fetch_started(self, started: bool) -> None:
        if started:
            self._search.refresher.fetch_started()  # its papers are not "another import"
        else:
            self._say("A fetch is already running.", timeout=2)

    def fetch_done(self, message: msg.FetchDone) -> None:
        outcome = message.outcome
        self._search.set_status(fetching="")
        text, level = self.fetches.finished(outcome)
        self._rows.mark_new(outcome.new_ids)
        self._search.refresher.fetched(outcome.new_ids, outcome.removed)
        if outcome.reports:
            self._list.invalidate()  # the new papers' `+` at once
            if not self._search.shown_query:
                self._search.refresh_list()  # browsing needs no index: at once
            self._catch_up.now(requery=True)  # a search is listed again once it caught up
        self._say(text, level, timeout=8)

    def new_papers_found(self, message: msg.NewPapersFound) -> None:
        self._rows.mark_new(message.ids)
        self._list.invalidate()

    # ---- the paper's web page -------------------------------------------------------
    def open_page(self, url: str) -> None:
        if not url:
            self._say("This paper has no web page.", "warning")
            return
        self.pages.open(url)

    def page_opened(self, message: msg.PageOpened) -> None:
        self.pages.opened(message)
