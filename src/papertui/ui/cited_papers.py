"""The papers a paper cites, from the reading view: which are in the library, and
getting one there (its metadata fetched from the arXiv API by its id) so that it can
be read, bookmarked or cited like any other.

Slow work runs in thread workers of the screen, which answer with `ReferenceFound`
(the library paper an entry is, or why there is none) and `ReferenceBookmarked`;
citations go through `CiteActions` (`CitationCopied`).
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from textual.screen import Screen

from papertui.fetch import Fetcher, FetchError
from papertui.reading.api import resolve_references
from papertui.reading.document import Document, Reference
from papertui.store import Library
from papertui.store.db import StoreError
from papertui.ui.cite_actions import CiteActions
from papertui.ui.messages import ReferenceBookmarked, ReferenceFound
from papertui.ui.reading_context import ReadingContext


def library_ids(document: Document, library: Library) -> dict[str, str]:
    """Entry key → the library paper it is ("" when none) (blocking: in a worker)."""
    return {r.reference.key: r.library_id for r in resolve_references(document, library)}


class CitedPapers:
    def __init__(self, screen: Screen[Any], context: ReadingContext) -> None:
        self._screen = screen
        self._context = context
        self.in_library: dict[str, str] = {}  # entry key → library id ("": not there)
        self.cites = CiteActions(screen, context.library, context.copier)
        self._fetcher: Fetcher | None = None
        self._cancelled = False
        self._lock = threading.Lock()

    def find(self, ref: Reference, action: str) -> None:
        """The library paper `ref` is, fetched by its arXiv id when it is not there yet
        (→ `ReferenceFound`); the caller has checked it has an id to go by."""
        known = self.in_library.get(ref.key, "")
        if known:
            self._screen.post_message(ReferenceFound(ref.key, action, known))
            return
        self._screen.notify(f"Fetching arXiv:{ref.arxiv_id} from arXiv…", timeout=3, markup=False)

        def job() -> None:
            library_id, problem = self._fetch(ref.arxiv_id)
            if not self._cancelled:
                found = ReferenceFound(ref.key, action, library_id, bool(library_id), problem)
                self._screen.post_message(found)

        self._screen.run_worker(job, thread=True, group="reference", exit_on_error=False)

    def _fetch(self, arxiv_id: str) -> tuple[str, str]:
        """(library id, "") once the paper is in the library, else ("", why not)."""
        from papertui.fetch import collect_arxiv, import_fetched

        try:
            fetched = collect_arxiv(self._fetcher_for_job(), ids=[arxiv_id], max_results=1)
            if not fetched.papers:
                return "", f"arXiv has no paper {arxiv_id}; nothing was added"
            with Library(self._context.library.path) as writer:
                report = import_fetched(writer, fetched)
        except FetchError as exc:
            return "", f"Could not fetch arXiv:{arxiv_id}: {exc}; nothing was added"
        except (StoreError, sqlite3.Error, OSError) as exc:
            return "", f"Could not add arXiv:{arxiv_id} to the library: {exc}"
        return (report.ids[0], "") if report.ids else ("", f"arXiv:{arxiv_id} was not added")

    def _fetcher_for_job(self) -> Fetcher:
        with self._lock:
            if self._fetcher is None:
                self._fetcher = self._context.make_fetcher()
                if self._cancelled:
                    self._fetcher.client.cancel()
            return self._fetcher

    def cancel(self) -> None:
        """The view is closing: a fetch in flight returns at once."""
        with self._lock:
            self._cancelled = True
            if self._fetcher is not None:
                self._fetcher.client.cancel()

    def bookmark(self, paper_id: str) -> None:
        """Bookmark the paper, or remove its bookmark (as `b` in the list)."""
        library = self._context.library

        def job() -> None:
            try:
                state = library.states_for([paper_id]).get(paper_id)
                on = not (state is not None and state.bookmarked)
                library.set_bookmarked([paper_id], on)
            except (StoreError, sqlite3.Error) as exc:  # read-only, locked: say it, read on
                self._screen.post_message(ReferenceBookmarked(paper_id, False, str(exc)))
                return
            self._screen.post_message(ReferenceBookmarked(paper_id, on))

        self._screen.run_worker(job, thread=True, group="reference-state", exit_on_error=False)

    def cite(self, paper_id: str) -> None:
        self.cites.copy([paper_id], self._context.cite_style)
