"""The paper under the cursor, in every detail view (the side pane, and the
full-screen view on narrow terminals), kept cheap while the cursor moves.

`Details` shows a paper at most once a frame (`CursorThrottle`), prepares the
paper the cursor is heading for once a move's frame is out, asks for related
papers once the cursor rests (`RelatedLoader`) and starts the read dwell
(`ReadDwell`). The screen calls it and hands it the answers of its workers.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.screen import Screen

from papertui.models import Paper, PaperState
from papertui.ui.detail_controller import CursorThrottle, RelatedLoader
from papertui.ui.messages import RelatedReady
from papertui.ui.read_dwell import ReadDwell
from papertui.ui.rows import RowSource, display_paper
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.search_session import SearchSession
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList

NARROW = 100  # below this many columns the detail pane opens full-screen


class Details:
    def __init__(
        self,
        screen: Screen[None],
        session: SearchSession,
        rows: RowSource,
        *,
        related_delay: float,
        read_after: float,
    ) -> None:
        self._screen = screen
        self._session = session
        self._rows = rows
        self.throttle = CursorThrottle(screen)
        self.related = RelatedLoader(screen, session, related_delay)
        self.dwell = ReadDwell(screen, read_after)
        self.update: tuple[str, str] | None = None  # (found_at, what) for the shown paper
        self._last_index = 0  # the cursor's last row: the direction it travels

    def views(self) -> list[PaperDetail]:
        views = [self._screen.query_one(PaperDetail)]
        stack = self._screen.app.screen_stack
        # A full-screen view pushed but not yet mounted has no styles yet: it shows
        # the paper it was opened with once mounted. One taken down as the app exits
        # (still on the stack) has none any more: an answer arriving then skips it.
        views += [
            s.detail
            for s in stack
            if isinstance(s, DetailScreen) and s.detail.is_mounted and s.detail.is_attached
        ]
        return views

    def visible(self) -> bool:
        """The paper's details are on screen: the side pane, or the full-screen view."""
        app = self._screen.app
        narrow = app.size.width < NARROW  # known before the first resize event
        return not narrow or any(isinstance(s, DetailScreen) for s in app.screen_stack)

    def paper(self, key: int) -> tuple[Paper | None, PaperState | None]:
        pairs = self._session.papers_by_nums([key])
        paper = pairs[0][1] if pairs else None
        if paper is None:
            return None, None
        return paper, self._session.library.states_for([paper.id]).get(paper.id)

    def cursor_moved(self, index: int, key: int) -> None:
        """The list's cursor is on row `index` (handle `key`)."""
        if self.throttle.now(key):  # a held-down key: at most once a frame
            self.show_key(key)
        step = -1 if index < self._last_index else 1
        self._last_index = index
        self._screen.call_after_refresh(self._prepare, index, index + step)

    def _prepare(self, index: int, upcoming: int) -> None:
        """Wrap the paper the cursor likely lands on next (most of a show's cost)."""
        plist = self._screen.query_one(PaperList)
        if plist.cursor != index or not 0 <= upcoming < len(plist.keys):
            return  # the cursor moved on meanwhile
        paper, state = self.paper(plist.keys[upcoming])
        if paper is not None:
            view = self.views()[0]
            view.prepare(display_paper(paper), state, self._rows.terms, saved=self.saved(paper))

    def show_key(self, key: int) -> tuple[Paper | None, PaperState | None]:
        paper, state = self.paper(key)
        self.show(paper, state)
        return paper, state

    def saved(self, paper: Paper) -> bool:
        """`paper`'s full text is saved (as far as the list's ▤ marks know)."""
        return bool(paper.arxiv_id) and paper.arxiv_id in self._rows.fulltext_ids

    def show(self, paper: Paper | None, state: PaperState | None) -> None:
        saved = paper is not None and self.saved(paper)
        shown = display_paper(paper) if paper else None
        self.update = self._session.library.update_of(paper.id) if paper is not None else None
        for view in self.views():
            view.show(shown, state, self._rows.terms, saved=saved)
            if paper is not None and self.update is not None:
                view.show_update(paper.id, *self.update)
        self.dwell.shown(paper, state, visible=self.visible() and paper is not None)
        if paper is not None:
            self.ask_related(paper.id)

    def reshow(self, states: Mapping[str, PaperState]) -> None:
        """The shown paper's state changed (read back as `states`): show it again in
        place, each view scrolled where it was."""
        for view in self.views():
            paper = view.paper
            if paper is not None and paper.id in states:
                y = view.scroll_y
                view.show(paper, states[paper.id], self._rows.terms, saved=self.saved(paper))
                view.scroll_to(y=y, animate=False, immediate=True)  # its height is known
        shown = self.views()[0].paper
        if shown is not None and shown.id in states:
            self.dwell.shown(shown, states[shown.id], visible=self.visible())
            self.ask_related(shown.id)

    def fulltext_saved(self) -> None:
        """More full texts are saved: the "Read paper" lines say so."""
        for view in self.views():
            view.show_saved(self._rows.fulltext_ids)

    def ask_related(self, paper_id: str) -> None:
        known = self.related.request(paper_id)  # once the cursor rests; cached per paper
        if known is not None:  # next frame: the body paints first, and a pushed view is up
            self._screen.call_after_refresh(self.show_related, known)

    def show_related(self, message: RelatedReady) -> None:
        self.related.arrived(message)
        for view in self.views():
            view.show_related(message.paper_id, message.entries, message.note)

    def index_failed(self) -> None:
        """Related sections say why they are empty."""
        for view in self.views():
            if view.paper is not None:
                self.ask_related(view.paper.id)
