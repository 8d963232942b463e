"""The reader: search pane on top, the paper list and the detail pane below.

The screen owns the data and composes plain controllers. A key runs an action,
which starts a controller's thread worker; the worker answers with a message
(`ui/messages.py`) carrying what the repaint needs, and a handler here applies
it: key → action → worker → message → handler.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState

from papertui.clipboard import CopyResult
from papertui.config import Config
from papertui.fetch import Fetcher
from papertui.paths import config_path
from papertui.ui import messages as msg
from papertui.ui.delays import Delays
from papertui.ui.detail_controller import PaperDue
from papertui.ui.details import NARROW, Details
from papertui.ui.index_upkeep import IdleAnswers, IndexCatchUp, IndexOpener
from papertui.ui.paper_actions import PaperActions
from papertui.ui.reader_search import ReaderSearch
from papertui.ui.render.bases import KeyFooter, ReaderScreen
from papertui.ui.rows import RowSource, display_paper
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.screens.reader_keys import PAPER_KEYS, READER_KEYS
from papertui.ui.search_session import SearchSession
from papertui.ui.tracking import Tracking
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput, SearchBar, SearchStatus

if TYPE_CHECKING:
    from papertui.reading.sources import Downloader

STORE_CHECK = 1.0  # seconds between looks for changes another papertui made
FAILING_GROUPS = (
    "search", "related", "state", "cite", "fetch", "index-sync", "new-papers", "watches", "lists",
    "refresh",
)  # fmt: skip


class MainScreen(ReaderScreen):
    # (the order of the old class hierarchy: the footer lists the paper keys first)
    BINDINGS: ClassVar[list[BindingType]] = [*PAPER_KEYS, *READER_KEYS]

    def __init__(
        self,
        session: SearchSession,
        *,
        config: Config,
        copier: Callable[[str], CopyResult],
        make_fetcher: Callable[[], Fetcher],
        make_downloader: Callable[[], Downloader],
        prefs_file: Path | None = None,
        config_file: Path | None = None,
        delays: Delays | None = None,
    ) -> None:
        super().__init__()
        delays = delays or Delays()
        self.session = session
        self.library = session.library
        self.config = config
        self.rows = RowSource(session)
        self.details = Details(
            self,
            session,
            self.rows,
            related_delay=delays.related,
            read_after=config.mark_read_after,
        )
        self.search = ReaderSearch(self, session, self.rows, self.details)
        self.index = IndexOpener(self, session)
        self.answers = IdleAnswers(self, session, delays.answers_idle)
        self.catch_up = IndexCatchUp(self, session, self.answers, delays.sync)
        self.papers = PaperActions(
            self,
            self.rows,
            search=self.search,
            details=self.details,
            catch_up=self.catch_up,
            config=config,
            copier=copier,
            make_fetcher=make_fetcher,
            make_downloader=make_downloader,
            prefs_file=prefs_file,
            data_dir=session.paths.data_dir,
            position_delay=delays.reading_position,
        )
        self.state_actions = self.papers.states  # (its undo stack, for tests)
        self.tracking = Tracking(
            self,
            session,
            self.rows,
            search=self.search,
            catch_up=self.catch_up,
            config_file=config_file or config_path(),
        )
        self._seen_seq = 0  # the store's change sequence the rows show

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="panes"):
            yield PaperList(id="paper-list")
            yield PaperDetail(id="detail")
        yield KeyFooter()

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def status(self) -> SearchStatus:
        return self.search.status

    def on_mount(self) -> None:
        self.rows.match_style = self.paper_list.get_component_rich_style("paper-list--match")
        # Watched (not a message, which arrives after the list has repainted): the row
        # and the paper go out in one frame, not two frames 17-33 ms apart.
        self.watch(self.paper_list, "cursor", self._cursor_moved, init=False)
        self.search.browse()
        self.paper_list.focus()
        self.call_after_refresh(self.index.start)
        self.papers.new_papers.start()
        self.papers.load_fulltext_marks()
        self._seen_seq = self.library.change_seq()
        self.set_interval(STORE_CHECK, self._check_store, name="store-check")
        self.tracking.watches.refresh()

    def on_unmount(self) -> None:
        self.papers.fetches.cancel()  # a fetch the network holds must not hold the exit
        self.papers.new_papers.remember_visit()

    def _check_store(self) -> None:
        """Another papertui changed the library (a tag from the CLI, an import): repaint
        the rows' markers and catch the index up (again, while another process held it);
        the list is listed again once it has (when browsing, at once: that needs no index)."""
        seq = self.library.change_seq()
        index = self.session.index
        if seq == self._seen_seq and not (index is not None and index.catching_up):
            return
        if seq != self._seen_seq:
            self._seen_seq = seq
            self.paper_list.invalidate()
            self.tracking.watches.store_changed()  # new papers? hits read elsewhere?
            if not self.search.shown_query:
                self.search.refresh_list()
        self.catch_up.now(requery=True)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        footer = self.query_one(Footer)
        # Quit and help come last in the footer: at 80 columns make room for them
        # (^p still opens the palette; every key is in help).
        footer.compact = narrow
        footer.show_command_palette = not narrow

    def say(self, message: str, severity: str = "information", timeout: float = 3) -> None:
        """A notification of text as it is (queries and errors are not markup)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def restyle(self) -> None:
        """Re-render rows and details after a theme change (styles are baked into rows)."""
        self.rows.match_style = self.paper_list.get_component_rich_style("paper-list--match")
        self.paper_list.invalidate()
        key = self.paper_list.current_key
        if key is not None:
            self.details.show_key(key)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        group = event.worker.group
        if event.state is WorkerState.ERROR and group in FAILING_GROUPS:
            if group == "search":
                self.search.set_status(searching=False)
            self.say(f"{group} failed: {event.worker.error}", "error", timeout=8)

    # ---- the list and the details ----------------------------------------------
    def _cursor_moved(self, index: int) -> None:
        key = self.paper_list.current_key
        if key is not None:
            self.details.cursor_moved(index, key)
            self.search.searches.cursor_at(index, len(self.paper_list.keys))  # next page?

    @on(PaperDue)
    def _paper_due(self, message: PaperDue) -> None:
        if message.key == self.paper_list.current_key:
            self.details.show_key(message.key)

    @on(PaperList.Selected)
    def _selected(self, message: PaperList.Selected) -> None:
        paper, state = self.details.show_key(message.key)
        if paper is None:
            return
        if self.has_class("-narrow"):
            saved = self.details.saved(paper)
            self.app.push_screen(
                DetailScreen(
                    display_paper(paper),
                    state,
                    self.rows.terms,
                    saved=saved,
                    update=self.details.update,
                )
            )
            self.details.ask_related(paper.id)
            self.details.dwell.shown(paper, state, visible=True)  # shown now: dwell starts
        else:
            self.query_one(PaperDetail).focus()

    @on(msg.RelatedReady)
    def _related_ready(self, message: msg.RelatedReady) -> None:
        self.details.show_related(message)

    @on(PaperDetail.ReadPaper)
    def _read_from_details(self, message: PaperDetail.ReadPaper) -> None:
        self.papers.read_paper(message.paper_id)

    @on(PaperList.MarksChanged)
    def _marks_changed(self, message: PaperList.MarksChanged) -> None:
        self.search.set_status(marked=message.count)

    @on(QueryInput.Leave)
    @on(PaperDetail.Leave)
    def _back_to_list(self) -> None:
        self.set_focus(self.paper_list)

    # ---- search -------------------------------------------------------------
    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        self.search.start(typed=True)

    @on(msg.ResultsReady)
    def _results_ready(self, message: msg.ResultsReady) -> None:
        self.search.results_ready(message)

    @on(msg.ListRefreshed)
    def _list_refreshed(self, message: msg.ListRefreshed) -> None:
        self.search.refreshed(message)

    @on(msg.PageReady)
    def _page_ready(self, message: msg.PageReady) -> None:
        self.search.page_ready(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search" and isinstance(self.focused, QueryInput):
            return False  # a priority binding: "/" typed in the box is text
        return not (action == "accept_suggestion" and not self.status.suggestion)

    def action_accept_suggestion(self) -> None:
        if self.status.suggestion:
            box = self.query_one(QueryInput)
            box.value = self.status.suggestion
            box.cursor_position = len(box.value)

    def action_focus_search(self) -> None:
        # set_focus, not box.focus() (deferred): the rest of the burst must reach the box
        self.set_focus(self.query_one(QueryInput))

    def action_clear_search(self) -> None:
        if self.search.query_text:
            self.query_one(QueryInput).value = ""  # fires Changed -> browse

    def action_filter(self, query: str) -> None:
        """Show the papers matching `query` (the palette's tag/bookmark filters)."""
        self.query_one(QueryInput).value = query
        self.set_focus(self.paper_list)

    def action_cycle_sort(self) -> None:
        self.action_sort_by(self.search.next_sort())
        self.say(f"Sorted by {self.status.sort}", timeout=1.5)

    def action_sort_by(self, sort: str) -> None:
        self.search.sort_by(sort)

    # ---- the index ----------------------------------------------------------
    @on(msg.IndexProgress)
    def _index_progress(self, message: msg.IndexProgress) -> None:
        self.search.set_status(indexing=message.label)

    @on(msg.IndexReady)
    def _index_ready(self) -> None:
        self.search.set_status(indexing="")
        status = self.session.index_status
        if status is not None and status.damaged:
            self.say(
                f"The search index was damaged ({status.rebuilt}); rebuilt it from the library.",
                "warning",
            )
        if self.search.query_text:
            self.search.start()
        key = self.paper_list.current_key
        if key is not None:
            self.details.show_key(key)
        self.tracking.watches.index_caught_up()
        self.answers.due()

    @on(msg.IndexFailed)
    def _index_failed(self, message: msg.IndexFailed) -> None:
        self.search.set_status(indexing="search unavailable", searching=False)
        self.say(
            f"Search is unavailable: {message.reason}. Browsing works; `papertui reindex` retries.",
            "warning",
            timeout=12,
        )
        self.details.index_failed()

    @on(msg.IndexCaughtUp)
    def _index_caught_up(self, message: msg.IndexCaughtUp) -> None:
        self.details.related.forget()  # related papers come from the index
        if message.requery:
            self.search.requery()
        else:
            self.search.searches.index_changed()
        self.tracking.watches.index_caught_up()  # papers arrived: run the watches now
        self.answers.due()

    # ---- papers: on the marked ones, else the one under the cursor -----------------
    def action_toggle_bookmark(self) -> None:
        self.papers.toggle_bookmark()

    def action_toggle_read(self) -> None:
        self.papers.toggle_read()

    def action_edit_tags(self) -> None:
        self.papers.edit_tags()

    def action_edit_note(self) -> None:
        self.papers.edit_note()

    def action_undo(self) -> None:
        self.papers.undo()

    def action_copy_citation(self) -> None:
        self.papers.copy_citation()

    def copy_citation_as(self, fmt: str) -> None:
        self.papers.copy_citation(fmt)

    def action_pick_citation(self) -> None:
        self.papers.pick_citation()

    def action_watch_search(self) -> None:
        self.tracking.watch_search()

    def action_watch_author(self) -> None:
        self.tracking.watch_author(self.query_one(PaperDetail).paper)

    def action_add_to_list(self) -> None:
        if ids := self.papers.targets():
            self.tracking.lists.add(ids)

    def action_remove_from_list(self) -> None:
        if ids := self.papers.targets():
            self.tracking.lists.remove(ids)

    def action_move_in_list(self, step: int) -> None:
        self.tracking.move_in_list(self.papers.current_id(), step)

    def action_fetch_today(self) -> None:
        self.papers.fetch_today()

    def action_refresh_feeds(self) -> None:
        self.papers.refresh_feeds()

    def action_read_paper(self) -> None:
        self.papers.read_paper()

    def action_open_page(self) -> None:
        paper = self.query_one(PaperDetail).paper
        self.papers.open_page(paper.abstract_page if paper else "")

    @on(msg.StatesChanged)
    def _states_changed(self, message: msg.StatesChanged) -> None:
        before, after = message.change_seqs
        if before == self._seen_seq:  # only ours since the last look: its rows repaint below
            self._seen_seq = after
        self.papers.states_changed(message)
        self.tracking.states_changed()

    @on(msg.DwellElapsed)
    def _dwell_elapsed(self, message: msg.DwellElapsed) -> None:
        self.papers.dwell_elapsed(message)

    @on(msg.PageOpened)
    def _page_opened(self, message: msg.PageOpened) -> None:
        self.papers.page_opened(message)

    @on(msg.CitationCopied)
    def _citation_copied(self, message: msg.CitationCopied) -> None:
        self.papers.citation_copied(message)

    @on(msg.FetchProgress)
    def _fetch_progress(self, message: msg.FetchProgress) -> None:
        self.search.set_status(fetching=message.label)

    @on(msg.FetchDone)
    def _fetch_done(self, message: msg.FetchDone) -> None:
        self.papers.fetch_done(message)
        self.tracking.watches.store_changed()  # new papers: the watches run once indexed

    @on(msg.FullTextSaved)
    def _fulltext_saved(self, message: msg.FullTextSaved) -> None:
        self.papers.fulltext_saved(message)

    @on(msg.NewPapersFound)
    def _new_papers_found(self, message: msg.NewPapersFound) -> None:
        self.papers.new_papers_found(message)

    @on(msg.WatchHitsRead)
    def _watch_hits_read(self, message: msg.WatchHitsRead) -> None:
        self.tracking.watch_hits_read(message)

    @on(msg.WatchSaved)
    def _watch_saved(self, message: msg.WatchSaved) -> None:
        self.tracking.watch_saved(message)

    @on(msg.ListChanged)
    def _list_changed(self, message: msg.ListChanged) -> None:
        self.tracking.list_changed(message)
