"""The listed view read again after the library changed underneath it: another papertui
imported, merged or deleted papers, a reading list was reordered, a change a search
depends on was made.

`ListRefresh.start` is given what the list shows (`View`: the query or the browse
sort, the cursor's paper and screen row, the marks) and re-runs it in a thread worker,
which answers `ListRefreshed`: the new handles, where the cursor's paper is now
(followed through a merge to the record it joined), the marks likewise, the rows
around the cursor, and what arrived or left since the last look (`Arrivals`). Only
the newest answer counts; `ReaderSearch` drops it too if the user has typed since.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from textual.widget import Widget

from papertui.ui.messages import ListRefreshed
from papertui.ui.rows import RowSource
from papertui.ui.search_session import SEARCH_PAGE, SearchSession

READ_AHEAD = 4  # rows made beyond the pane's height (as the list reads them)


@dataclass(frozen=True)
class View:
    """What the list shows when a refresh starts."""

    query: str  # "" when browsing
    sort: str
    listing: tuple[int, int]  # the search listing shown and its hits (`SearchController`)
    cursor: int
    cursor_id: str | None  # the paper under the cursor
    cursor_key: int | None
    row_on_screen: int  # the cursor's row counted from the top of the pane
    height: int
    marks: dict[int, str]  # marked handles and paper ids, in marking order


@dataclass(frozen=True)
class Arrivals:
    """Papers another papertui added or removed since the last look, and the look now."""

    added: int
    removed: int
    matching: int | None  # of `added`, how many the search lists (None: browsing, or unknown)
    highest: int  # the highest handle now
    size: int  # papers in the library now

    def text(self) -> str:
        """'2 new papers from another import, 1 matches this search' ('' when none)."""
        parts = []
        if self.added:
            noun = "paper" if self.added == 1 else "papers"
            news = f"{self.added:,} new {noun} from another import"
            if self.matching == 0:
                news += ", none match this search"
            elif self.matching is not None:
                verb = "matches" if self.matching == 1 else "match"
                news += f", {self.matching:,} {verb} this search"
            parts.append(news)
        if self.removed:
            noun = "paper" if self.removed == 1 else "papers"
            parts.append(f"{self.removed:,} {noun} merged or removed by another papertui")
        return "; ".join(parts)


class ListRefresh:
    def __init__(self, owner: Widget, session: SearchSession, rows: RowSource) -> None:
        self._owner = owner
        self._session = session
        self._library = session.library
        self._rows = rows
        self._asked = 0
        self._highest = self._library.max_num()  # the last look: newer handles are arrivals
        self._size = self._library.count()
        self._ours: set[str] = set()  # papers this reader's fetches added (not "another import")

    def ours(self, ids: Collection[str]) -> None:
        """Papers a fetch of this reader added: never counted as another process's."""
        self._ours |= set(ids)

    def start(self, view: View) -> None:
        self._asked += 1
        asked, highest, size, ours = self._asked, self._highest, self._size, frozenset(self._ours)
        self._owner.run_worker(
            lambda: self._job(asked, view, highest, size, ours),
            thread=True,
            group="refresh",
            exit_on_error=False,
        )

    def is_latest(self, message: ListRefreshed) -> bool:
        return message.asked == self._asked

    def seen(self, news: Arrivals) -> None:
        """The list now shows what `news` counted: count from there next time."""
        self._highest, self._size = news.highest, news.size

    # ---- the worker -------------------------------------------------------------------
    def _job(self, asked: int, view: View, highest: int, size: int, ours: frozenset[str]) -> None:
        library = self._library
        if not view.query and (library.max_num(), library.count()) == (highest, size):
            return  # browsing, and no paper came or went (a state change keeps the order)
        everything = library.ordered_nums(view.sort if not view.query else "date")
        own = set(library.nums_for_ids(ours).values()) if ours else set()
        arrived = [n for n in everything if n > highest]
        removed = max(0, size + len(arrived) - len(everything))
        outcome: SearchSession.Outcome | None = None
        matching: int | None = None
        if view.query:
            limit = max(SEARCH_PAGE, view.listing[1])
            outcome = self._session.search(view.query, view.sort, limit=limit)
            keys = outcome.keys
            terms, found = tuple(outcome.results.highlight_terms), outcome.in_full_text
            complete = outcome.results.total <= len(keys) and not outcome.results.total_is_estimate
            if complete:
                matching = sum(1 for k in keys if k > highest and k not in own)
        else:
            keys, terms, found = everything, (), frozenset[int]()
        news = Arrivals(
            added=sum(1 for n in arrived if n not in own),
            removed=removed,
            matching=matching,
            highest=max(everything, default=0),
            size=len(everything),
        )
        cursor, moved = self._place(keys, view)
        top = max(0, min(cursor - view.row_on_screen, len(keys) - view.height))
        look = self._rows.look(terms, found)
        rows = self._rows(keys[top : top + view.height + READ_AHEAD], terms, found)
        marks = self._follow(view.marks)
        refreshed = ListRefreshed(
            asked, view, keys, outcome, cursor, moved, top, marks, rows, look, news
        )
        self._owner.post_message(refreshed)

    def _place(self, keys: Sequence[int], view: View) -> tuple[int, bool]:
        """The cursor's row in `keys`: its paper's (or the record it was merged into), else
        the same row; and whether that is another paper."""
        fallback = max(0, min(view.cursor, len(keys) - 1))
        if view.cursor_id is None:
            return fallback, False
        current = self._library.canonical_ids([view.cursor_id])[view.cursor_id]
        num = self._library.nums_for_ids([current]).get(current)
        if num is not None:
            try:
                return keys.index(num), num != view.cursor_key
            except ValueError:
                pass  # no longer listed (its tag was removed elsewhere, say)
        return fallback, True

    def _follow(self, marks: dict[int, str]) -> dict[int, str]:
        """The marks on the papers' current records, in marking order; a paper no longer
        in the library loses its mark."""
        current = self._library.canonical_ids(marks.values())
        nums = self._library.nums_for_ids(set(current.values()))
        followed: dict[int, str] = {}
        for paper_id in marks.values():
            now = current[paper_id]
            if now in nums:
                followed.setdefault(nums[now], now)
        return followed
