"""Following the literature from the reader: watches (save the search or an author,
the `!` marker and "3 new for diffusion") and reading lists (add, remove, move).

The screen calls `Tracking` from its actions and hands it the answers of the
workers: `WatchHitsRead`, `WatchSaved`, `ListChanged`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen

from papertui.models import Paper
from papertui.ui.index_upkeep import IndexCatchUp
from papertui.ui.list_actions import ListActions
from papertui.ui.messages import ListChanged, WatchHitsRead, WatchSaved
from papertui.ui.reader_search import ReaderSearch
from papertui.ui.rows import RowSource
from papertui.ui.screens.choice_dialogs import ChoiceScreen, NamePromptScreen
from papertui.ui.search_session import SearchSession, list_query_name
from papertui.ui.watch_tracker import WatchTracker, watch_news
from papertui.ui.widgets.paper_list import PaperList
from papertui.watch_config import Watch

AUTHOR_CHOICES = 100  # authors offered to watch (a paper may list thousands)
DEFAULT_NAME = 40  # characters of a query kept as a watch's suggested name


class Tracking:
    def __init__(
        self,
        screen: Screen[None],
        session: SearchSession,
        rows: RowSource,
        *,
        search: ReaderSearch,
        catch_up: IndexCatchUp,
        config_file: Path,
    ) -> None:
        self._screen = screen
        self._rows = rows
        self._search = search
        self._catch_up = catch_up
        self.watches = WatchTracker(screen, session, config_file)
        self.lists = ListActions(screen, session.library)

    def _say(self, message: str, severity: str = "information", timeout: float = 4) -> None:
        self._screen.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # ---- watches -------------------------------------------------------------------
    def watch_search(self) -> None:
        query = " ".join(self._search.query_text.split())
        if not query:
            self._say("Type a search first (/), then watch it.", "warning")
            return
        self._ask_name(
            "Watch this search",
            f"Papers matching {query} that arrive later get a ! marker. Name the watch:",
            query[:DEFAULT_NAME].strip(),
            lambda name: Watch(name, query=query),
        )

    def watch_author(self, paper: Paper | None) -> None:
        if paper is None:
            self._say("No paper here.", "warning", timeout=2)
            return
        authors = list(dict.fromkeys(a.display_name for a in paper.authors if a.display_name))
        if not authors:
            self._say("This paper lists no authors.", "warning")
            return
        if len(authors) == 1:
            self._ask_author_name(authors[0])
            return
        choices = [(name, name) for name in authors[:AUTHOR_CHOICES]]

        def chosen(author: str | None) -> None:
            if author:
                self._ask_author_name(author)

        self._screen.app.push_screen(ChoiceScreen("Watch which author?", choices), chosen)

    def _ask_author_name(self, author: str) -> None:
        self._ask_name(
            "Watch this author",
            f"Papers by {author} that arrive later get a ! marker. Name the watch:",
            author,
            lambda name: Watch(name, author=author),
        )

    def _ask_name(
        self, title: str, explanation: str, default: str, make: Callable[[str], Watch]
    ) -> None:
        def named(name: str | None) -> None:
            if name:
                self.watches.save(make(name))

        self._screen.app.push_screen(NamePromptScreen(title, explanation, default), named)

    def watch_hits_read(self, message: WatchHitsRead) -> None:
        ids = frozenset(i for found in message.unseen.values() for i in found)
        if self._rows.mark_watched(ids):
            self._screen.query_one(PaperList).invalidate()
        self._search.set_status(watch_news=watch_news(message.unseen))
        if message.flagged:
            self._catch_up.now(requery=True)  # is:watched and watch:NAME follow
        for problem in message.problems:
            self._say(problem, "warning", timeout=8)

    def watch_saved(self, message: WatchSaved) -> None:
        self._say(message.message, "information" if message.saved else "error", timeout=8)

    def states_changed(self) -> None:
        """Papers were marked read or unread: the count of new ones may have changed."""
        if self.watches.any_watches:
            self.watches.refresh()

    # ---- reading lists ----------------------------------------------------------------
    def move_in_list(self, paper_id: str | None, step: int) -> None:
        name = list_query_name(self._search.shown_query)
        if name is None or name != list_query_name(self._search.query_text):
            self._say("Open a reading list first (ctrl+p: Open list), then move papers in it.")
            return
        if paper_id is not None:
            self.lists.move(name, paper_id, step)

    def list_changed(self, message: ListChanged) -> None:
        if message.moved:
            self._search.requery()  # in the list's new order, the cursor on the same paper
            self._say(message.message, message.severity, timeout=1.5)
            return
        if message.changed:
            self._catch_up.now(requery=True)
        self._say(message.message, message.severity)
