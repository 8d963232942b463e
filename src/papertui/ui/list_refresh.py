"""The listed view read again after the library changed underneath it: another papertui
imported, merged, deleted or edited papers, this reader's fetch landed, a reading list
was reordered, a change a search depends on was made.

`ListRefresh.start` is given what the list shows (`View`: the query or the browse
sort, the cursor's paper and screen row, the marks) and re-runs it in a thread worker,
which answers `ListRefreshed`: the new handles, where the cursor's paper is now
(followed through a merge to the record it joined), the marks likewise, the rows
around the cursor, and what arrived or left since the last look (`Arrivals`), told
apart by who wrote it: this reader's fetches (`fetch_started` / `fetched`) or another
process. Only the newest answer counts; `ReaderSearch` drops it too if the user has
typed since.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from textual.widget import Widget

from papertui.ui.listed_order import order_holds
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
    keys: Sequence[int] = ()  # the handles listed, when browsing (their order is checked)


@dataclass(frozen=True)
class Arrivals:
    """Papers added or removed since the last look, by another papertui and by this
    reader's fetches, and the look now."""

    added: int  # by another papertui
    removed: int  # by another papertui (merged into other records, or deleted)
    matching: int | None  # of `added`, how many the search lists (None: browsing, or unknown)
    highest: int  # the highest handle now
    size: int  # papers in the library now
    fetched: int = 0  # added by this reader's fetches
    fetched_matching: int | None = None  # of `fetched`, how many the search lists
    merged: int = 0  # records this reader's fetches merged into others

    def text(self) -> str:
        """'2 new papers from another import, 1 matches this search' ('' when none)."""
        parts = []
        if self.fetched:
            parts.append(_news(self.fetched, "fetched", self.fetched_matching))
        if self.added:
            parts.append(_news(self.added, "from another import", self.matching))
        if self.merged:
            noun = "record" if self.merged == 1 else "records"
            parts.append(f"{self.merged:,} duplicate {noun} merged by the fetch")
        if self.removed:
            noun = "paper" if self.removed == 1 else "papers"
            parts.append(f"{self.removed:,} {noun} merged or removed by another papertui")
        return "; ".join(parts)


def _news(count: int, whence: str, matching: int | None) -> str:
    noun = "paper" if count == 1 else "papers"
    news = f"{count:,} new {noun} {whence}"
    if matching == 0:
        news += ", none match this search"
    elif matching is not None:
        verb = "matches" if matching == 1 else "match"
        news += f", {matching:,} {verb} this search"
    return news


@dataclass(frozen=True)
class _LastLook:
    """What the news of a refresh is counted from."""

    highest: int
    size: int
    ours: frozenset[str]  # papers this reader's fetches added since
    merged: int  # records they merged into others since
    ordered_at: int  # the change sequence at which the listed order was last known good


class ListRefresh:
    def __init__(self, owner: Widget, session: SearchSession, rows: RowSource) -> None:
        self._owner = owner
        self._session = session
        self._library = session.library
        self._rows = rows
        self._asked = 0
        self._highest = self._library.max_num()  # the last look: newer handles are arrivals
        self._size = self._library.count()
        self._ordered_at = self._library.change_seq()
        self._ours: set[str] = set()  # papers this reader's fetches added (not "another import")
        self._merged = 0  # records they merged into others (not "by another papertui")
        self._fetching = False
        self._countable = False  # the newest refresh started after this reader's last write

    def fetch_started(self) -> None:
        """A fetch of this reader is writing: what a refresh finds until it is done cannot
        be told apart from another process's."""
        self._fetching = True
        self._countable = False

    def fetched(self, ids: Collection[str], merged: int) -> None:
        """A fetch of this reader ended, having added `ids` and merged `merged` records
        into others: never counted as another process's."""
        self._fetching = False
        self._countable = False  # a refresh in flight may have counted without them
        self._ours |= set(ids)
        self._merged += merged

    def start(self, view: View) -> None:
        self._asked += 1
        self._countable = not self._fetching
        asked = self._asked
        look = _LastLook(
            self._highest, self._size, frozenset(self._ours), self._merged, self._ordered_at
        )
        self._owner.run_worker(
            lambda: self._job(asked, view, look),
            thread=True,
            group="refresh",
            exit_on_error=False,
        )

    def is_latest(self, message: ListRefreshed) -> bool:
        return message.asked == self._asked

    def shown(self, message: ListRefreshed) -> bool:
        """The list now shows `message`'s answer; whether its news can be told (no fetch
        of this reader started or ended since it was asked). Then the next news is
        counted from here; else from the last look whose news was told."""
        self._ordered_at = max(self._ordered_at, message.seq)
        if not self._countable:
            return False
        news = message.news
        self._highest, self._size = news.highest, news.size
        self._ours.clear()  # all at or below the highest handle now: never arrivals again
        self._merged = 0
        return True

    # ---- the worker -------------------------------------------------------------------
    def _job(self, asked: int, view: View, last: _LastLook) -> None:
        library = self._library
        seq = library.change_seq()  # read first: what follows is at least as new
        if (
            not view.query
            and (library.max_num(), library.count()) == (last.highest, last.size)
            and order_holds(library, view.keys, view.sort, last.ordered_at)
        ):
            return  # browsing, no paper came or went, and none that changed moves
        everything = library.ordered_nums(view.sort if not view.query else "date")
        own = set(library.nums_for_ids(last.ours).values()) if last.ours else set()
        arrived = [n for n in everything if n > last.highest]
        removed = max(0, last.size + len(arrived) - len(everything))
        merged = min(removed, last.merged)
        outcome: SearchSession.Outcome | None = None
        matching: int | None = None
        fetched_matching: int | None = None
        if view.query:
            limit = max(SEARCH_PAGE, view.listing[1])
            outcome = self._session.search(view.query, view.sort, limit=limit)
            keys = outcome.keys
            terms, found = tuple(outcome.results.highlight_terms), outcome.in_full_text
            complete = outcome.results.total <= len(keys) and not outcome.results.total_is_estimate
            if complete:
                listed_new = [k for k in keys if k > last.highest]
                matching = sum(1 for k in listed_new if k not in own)
                fetched_matching = len(listed_new) - matching
        else:
            keys, terms, found = everything, (), frozenset[int]()
        news = Arrivals(
            added=sum(1 for n in arrived if n not in own),
            removed=removed - merged,
            matching=matching,
            highest=max(everything, default=0),
            size=len(everything),
            fetched=sum(1 for n in arrived if n in own),
            fetched_matching=fetched_matching,
            merged=merged,
        )
        cursor, moved = self._place(keys, view)
        top = max(0, min(cursor - view.row_on_screen, len(keys) - view.height))
        look = self._rows.look(terms, found)
        rows = self._rows(keys[top : top + view.height + READ_AHEAD], terms, found)
        marks = self._follow(view.marks)
        refreshed = ListRefreshed(
            asked, view, keys, outcome, cursor, moved, top, marks, rows, look, news, seq
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
