"""The reader's link to the core: store reads and the search index (no Textual here).

Screens call this from thread workers; it owns the `SearchIndex` once it is open.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from papertui.models import Paper
from papertui.paths import LibraryPaths
from papertui.store import Library
from papertui.store.reading_lists import ReadingListError
from papertui.ui.row_data import RelatedEntry

SEARCH_PAGE = 100  # hits in a query's first page: small, so typing gets answers fast
MORE_PAGE = 400  # hits fetched each time the cursor nears the end of those listed
RELATED_LIMIT = 8

Progress = Callable[[int, int], None]
_LIST_QUERY = re.compile(r'list:(?:"([^"]+)"|([^\s"]+))', re.IGNORECASE)


def list_query(name: str) -> str:
    """The search that lists a reading list."""
    return f'list:"{name}"' if any(c in name for c in ' "():') else f"list:{name}"


def list_query_name(query: str) -> str | None:
    """The list's name when `query` is exactly one `list:NAME` (else None)."""
    found = _LIST_QUERY.fullmatch(query.strip())
    return (found.group(1) or found.group(2)) if found else None


class SearchSession:
    @dataclass(frozen=True)
    class Outcome:
        results: Any  # papertui.search.results.SearchResults
        keys: array
        in_full_text: frozenset[int] = frozenset()  # keys of hits found in their full text

    def __init__(self, paths: LibraryPaths, library: Library) -> None:
        self.paths = paths
        self.library = library
        self.index: Any = None  # papertui.search.index.SearchIndex once ready
        self.index_error: str | None = None  # why the index could not be opened
        self.index_status: Any = None  # papertui.search.sync.IndexStatus of the opening

    # ---- store --------------------------------------------------------------
    def papers_by_nums(self, nums: Sequence[int]) -> list[tuple[int, Paper]]:
        """(handle, paper) pairs in the given order; vanished papers are skipped."""
        papers = self.library.get_by_nums(nums)
        if len(papers) == len(nums):
            return list(zip(nums, papers, strict=True))
        by_id = self.library.nums_for_ids(p.id for p in papers)
        return [(by_id[p.id], p) for p in papers if p.id in by_id]

    def texts(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        return {i: (p.title, p.abstract) for i, p in self.library.get_many(ids).items()}

    # ---- index --------------------------------------------------------------
    def open_index(self, progress: Progress | None = None) -> None:
        """Open the index and bring it up to date with the store (slow: use a worker)."""
        from papertui.reading.index_texts import SavedTexts
        from papertui.search.index import SearchIndex
        from papertui.search.sync import ensure_index

        index = SearchIndex(self.paths.index_dir, SavedTexts(self.paths.data_dir))
        try:
            # The catch-up reads through its own connection, so the UI's reads never wait.
            with Library(self.paths.store, readonly=True) as reader:
                self.index_status = ensure_index(
                    reader, index, progress=_adapt(progress), answers=False
                )  # (kept once the user rests: `IdleAnswers`)
        except InterruptedError:
            raise  # quitting: not a failure
        except Exception as exc:
            self.index_error = str(exc) or type(exc).__name__
            raise
        self.index = index

    def search(
        self, query: str, sort: str, *, offset: int = 0, limit: int = SEARCH_PAGE
    ) -> SearchSession.Outcome:
        """Hits `offset` to `offset + limit` of `query`, as list handles (slow: use a worker).
        A read error from the index files rebuilds it and asks again, saying so."""
        from papertui.search.sync import repair
        from papertui.search.verify import IndexDamaged

        order = self._list_order(query) if sort == "relevance" else None
        if order is not None:  # a reading list: all of it at once, in the list's order
            if offset:
                from papertui.search.results import SearchResults

                return self.Outcome(SearchResults(query, sort=sort), array("q"))
            limit = max(limit, len(order))

        def ask() -> Any:
            return self.index.search(
                query, sort=sort, offset=offset, limit=limit, highlight_limit=0, texts=self.texts
            )

        try:
            results = ask()
        except IndexDamaged as exc:
            with Library(self.paths.store, readonly=True) as reader:
                repair(reader, self.index, answers=False)
            results = replace(ask(), notice=f"the search index was damaged ({exc}); rebuilt it")
        if order is not None:
            rank = {paper_id: n for n, paper_id in enumerate(order)}
            hits = sorted(results.hits, key=lambda hit: rank.get(hit.id, len(rank)))
            results = replace(results, hits=hits)
        nums = self.library.nums_for_ids(hit.id for hit in results.hits)
        keys = array("q", (nums[hit.id] for hit in results.hits if hit.id in nums))
        found = frozenset(nums[h.id] for h in results.hits if h.in_full_text and h.id in nums)
        return self.Outcome(results, keys, found)

    def _list_order(self, query: str) -> list[str] | None:
        """The papers of the reading list `query` lists, in order (None: not one)."""
        name = list_query_name(query)
        if name is None:
            return None
        try:
            return self.library.list_items(name)
        except ReadingListError:
            return None  # no such list: the search says it matches nothing

    def matching_ids(self, query: str) -> tuple[list[str], str | None]:
        """Every paper a finished `query` matches (as the CLI runs a watch) and the index's
        notice about the query, if any (slow: use a worker)."""
        results = self.index.search(
            query + " ",  # finished: its last word is a word, not a prefix being typed
            limit=max(self.library.count(), 1),
            highlight_limit=0,
            texts=self.texts,
            strict=True,
        )
        return [hit.id for hit in results.hits], results.notice

    @property
    def generation(self) -> int:
        """Changes with every change of the index: results from before are stale."""
        return self.index.generation if self.index is not None else -1

    def related(self, paper_id: str) -> list[RelatedEntry]:
        hits = self.index.related(paper_id, limit=RELATED_LIMIT)
        papers = self.library.get_many(hit.id for hit in hits)
        return [
            RelatedEntry(p.id, p.display_title, p.authors_short(), p.published[:4])
            for p in (papers.get(hit.id) for hit in hits)
            if p is not None
        ]

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None


def _adapt(progress: Progress | None) -> Callable[..., None] | None:
    """Accept whatever the sync reports (done, total) or an object with those fields."""
    if progress is None:
        return None

    def report(*args: Any, **kwargs: Any) -> None:
        done, total = kwargs.get("done"), kwargs.get("total")
        if len(args) >= 2:
            done, total = args[0], args[1]
        elif len(args) == 1:
            done = getattr(args[0], "done", None)
            total = getattr(args[0], "total", None)
        if isinstance(done, int) and isinstance(total, int):
            progress(done, total)

    return report


def default_paths(data_dir: str | Path | None) -> LibraryPaths:
    return LibraryPaths.resolve(data_dir)
