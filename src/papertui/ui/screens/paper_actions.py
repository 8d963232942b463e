"""What the reader does to papers: bookmarks, tags, notes, read state, undo,
citations and fetching. The base of `MainScreen`, which supplies the list,
the detail views and the search (see the hooks at the end).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from papertui.clipboard import CopyResult
from papertui.fetch import Fetcher
from papertui.models import Paper, PaperState
from papertui.store import Library
from papertui.ui.cite_actions import CiteActions
from papertui.ui.fetch_runner import FetchRunner
from papertui.ui.render.bases import ReaderScreen
from papertui.ui.screens.cite_fetch import CiteFetchMixin
from papertui.ui.screens.note_editor import NoteEditorScreen
from papertui.ui.screens.tag_editor import TagEdit, TagEditorScreen
from papertui.ui.state_actions import StateActions, subject
from papertui.ui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from papertui.ui.search_session import SearchSession
    from papertui.ui.widgets.paper_detail import PaperDetail

WORKER_GROUPS = ("state", "cite", "fetch", "index-sync", "new-papers")


def paper_binding(
    key: str, action: str, title: str, bid: str, tip: str, show: bool = True
) -> Binding:
    return Binding(key, action, title, show=show, id=f"papers.{bid}", tooltip=tip)


SYNC_DELAY = 0.4  # seconds of quiet after a state change before the index catches up


class PaperActionsScreen(CiteFetchMixin, ReaderScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        paper_binding("b", "toggle_bookmark", "Bookmark", "bookmark", "Bookmark or unbookmark (★)"),
        paper_binding("t", "edit_tags", "Tags", "tags", "Add and remove tags (#)"),
        paper_binding("u", "toggle_read", "Read", "read", "Mark read or unread (•)", show=False),
        paper_binding(
            "y", "copy_citation", "Cite", "cite", "Copy the citation in the default style"
        ),
        paper_binding(
            "Y", "pick_citation", "Cite as…", "cite_as", "Pick a style, with a preview", False
        ),
    ]

    # ---- hooks MainScreen provides ------------------------------------------
    library: Library
    session: SearchSession
    _shown_query: str

    if TYPE_CHECKING:

        @property
        def paper_list(self) -> PaperList: ...
        @property
        def query_text(self) -> str: ...
        def _detail_views(self) -> list[PaperDetail]: ...
        def _details_visible(self) -> bool: ...
        def _show_paper(self, key: int) -> Paper | None: ...
        def _set_status(self, **changes: object) -> None: ...
        def _start_search(self) -> None: ...
        def _show_browse(self, keep: int | None = None) -> None: ...

    # ---- controllers ----------------------------------------------------------
    @cached_property
    def state_actions(self) -> StateActions:
        return StateActions(self)

    @cached_property
    def cite_actions(self) -> CiteActions:
        return CiteActions(self)

    @cached_property
    def fetch_runner(self) -> FetchRunner:
        return FetchRunner(self)

    @cached_property
    def _new_ids(self) -> set[str]:
        return set()

    @cached_property
    def _sync_lock(self) -> threading.Lock:
        return threading.Lock()

    _read_timer: Timer | None = None
    _read_pending: str = ""
    _read_by_hand: str = ""  # the paper `u` was pressed on: no dwell overrides that

    # ---- host plumbing (used by the controllers) -----------------------------
    def _job(self, group: str, job: Callable[[], None]) -> None:
        self.run_worker(job, thread=True, group=group, exit_on_error=False)

    def run_state_job(self, job: Callable[[], None]) -> None:
        self._job("state", job)

    def run_cite_job(self, job: Callable[[], None]) -> None:
        self._job("cite", job)

    def run_fetch_job(self, job: Callable[[], None]) -> None:
        self._job("fetch", job)

    def call_from_thread_(self, callback: Callable[..., object], *args: object) -> None:
        self.app.call_from_thread(callback, *args)

    def copy_text_(self, text: str) -> CopyResult:
        return self.app.copier(text)  # type: ignore[attr-defined]

    def make_fetcher_(self) -> Fetcher:
        return self.app.make_fetcher()  # type: ignore[attr-defined]

    def notify_(self, message: str, severity: str = "information") -> None:
        self.notify(message, severity=severity, timeout=5)  # type: ignore[arg-type]

    def push_(self, screen: Screen[None]) -> None:
        self.app.push_screen(screen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group in WORKER_GROUPS:
            self.notify(f"{event.worker.group} failed: {event.worker.error}", severity="error")

    # ---- which papers ---------------------------------------------------------
    def current_id(self) -> str | None:
        row = self.paper_list.row_at(self.paper_list.cursor)
        return row.paper_id if row is not None else None

    def targets(self) -> list[str]:
        """The marked papers, else the one under the cursor."""
        marked = self.paper_list.marked_ids
        if marked:
            return marked
        current = self.current_id()
        return [current] if current else []

    def _need(self, ids: Sequence[str]) -> bool:
        if not ids:
            self.notify("No paper here.", severity="warning", timeout=2)
        return bool(ids)

    # ---- actions: user state --------------------------------------------------
    def action_toggle_bookmark(self) -> None:
        if self._need(ids := self.targets()):
            self.state_actions.toggle_bookmark(ids)

    def action_toggle_read(self) -> None:
        self._cancel_read_timer()
        self._read_by_hand = self.current_id() or ""
        if self._need(ids := self.targets()):
            self.state_actions.toggle_read(ids)

    def action_edit_tags(self) -> None:
        ids = self.targets()
        if not self._need(ids):
            return
        counts: dict[str, tuple[str, int]] = {}
        for state in self.library.states_for(ids).values():
            for tag in state.tags:
                shown, n = counts.get(tag.casefold(), (tag, 0))
                counts[tag.casefold()] = (shown, n + 1)

        def apply(edit: TagEdit | None) -> None:
            if edit:
                self.state_actions.change_tags(ids, edit.add, edit.remove)

        screen = TagEditorScreen(subject(ids), list(counts.values()), self.library.tag_counts())
        self.app.push_screen(screen, apply)

    def action_edit_note(self) -> None:
        paper_id = self.current_id()
        if not self._need([paper_id] if paper_id else []):
            return
        assert paper_id is not None
        state = self.library.states_for([paper_id]).get(paper_id)

        def save(note: str | None) -> None:
            if note is not None:
                self.state_actions.set_note(paper_id, note)

        self.app.push_screen(NoteEditorScreen(paper_id, state.note if state else ""), save)

    def action_undo(self) -> None:
        if not self.state_actions.undo():
            self.notify("Nothing to undo.", timeout=2)

    def action_filter(self, query: str) -> None:
        """Show the papers matching `query` (the palette's tag/bookmark filters)."""
        box = self.query_one("#query")
        box.value = query  # type: ignore[attr-defined]
        self.set_focus(self.paper_list)

    def states_changed(self, ids: Sequence[str], message: str, *, explicit: bool) -> None:
        """A change was committed: repaint its rows (and details), then confirm it."""
        self.paper_list.forget(list(self.library.nums_for_ids(ids).values()))
        current = self.current_id()

        def after_the_marker_is_painted() -> None:
            # The repainted marker is the confirmation; details, toast and the
            # index catch-up (which competes for the GIL) come a frame later.
            if explicit and current in ids:
                self._reshow_current()
            if message:
                self.notify(message, timeout=3)
            self._sync_soon(requery=explicit)

        self.call_after_refresh(after_the_marker_is_painted)

    def _reshow_current(self) -> None:
        key = self.paper_list.current_key
        if key is None:
            return
        views = self._detail_views()
        offsets = [view.scroll_y for view in views]
        self._show_paper(key)
        for view, y in zip(views, offsets, strict=True):
            view.scroll_to(y=y, animate=False, immediate=True)  # its height is known at once

    @on(PaperList.MarksChanged)
    def _marks_changed(self, message: PaperList.MarksChanged) -> None:
        self._set_status(marked=message.count)

    # ---- shown paper: note, read after a dwell -------------------------------
    def _paper_shown(self, paper: Paper | None, state: PaperState | None) -> None:
        """Called by MainScreen each time the detail views show a paper (or none)."""
        if paper is not None and paper.id == self._read_pending:
            return  # the same paper again (a repaint): keep its timer
        self._cancel_read_timer()
        if paper is None or paper.id != self._read_by_hand:
            self._read_by_hand = ""
        seconds = getattr(getattr(self.app, "config", None), "mark_read_after", 0.0)
        if paper is None or seconds <= 0 or (state is not None and state.is_read):
            return
        if not self._details_visible():
            return  # read means shown: a paper only listed (80 columns) is not read
        if paper.id == self._read_by_hand:
            return
        self._read_pending = paper.id
        self._read_timer = self.set_timer(seconds, self._dwell_done)

    def _cancel_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer, self._read_pending = None, ""

    def _dwell_done(self) -> None:
        paper_id, self._read_timer, self._read_pending = self._read_pending, None, ""
        if paper_id and paper_id == self.current_id():
            self.state_actions.mark_read_quietly(paper_id)

    def is_new(self, paper_id: str) -> bool:
        return paper_id in self._new_ids

    # ---- search index catch-up -----------------------------------------------
    _sync_timer: Timer | None = None
    _sync_requery = False

    def _sync_soon(self, *, requery: bool) -> None:
        """Index catch-up after a burst of changes (b b t u …) rather than after each:
        one Whoosh commit instead of several, and no CPU taken from the next key."""
        self._sync_requery = self._sync_requery or requery
        if self._sync_timer is not None:
            self._sync_timer.stop()

        def run() -> None:
            self._sync_timer = None
            requery_now, self._sync_requery = self._sync_requery, False
            self.sync_index(requery=requery_now)

        self._sync_timer = self.set_timer(SYNC_DELAY, run)

    def sync_index(self, *, requery: bool) -> None:
        """Bring the index up to date (tags, flags, new papers), then re-run the search."""
        index = self.session.index
        if index is None:
            return  # opening the index catches up by itself

        def job() -> None:
            from papertui.search.sync import sync

            with self._sync_lock:
                sync(self.library, index)
            if requery:
                self.app.call_from_thread(self._requery)

        self._job("index-sync", job)

    def _requery(self) -> None:
        if self._shown_query and self._shown_query == self.query_text:
            self._start_search()

    # ---- lifecycle --------------------------------------------------------------
    def on_mount(self) -> None:
        for footer in self.query(Footer):
            footer.compact = True  # room for the paper keys at 80 columns
        self._start_new_since()

    def on_unmount(self) -> None:
        self._remember_visit()
