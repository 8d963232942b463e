"""The papers a paper cites, from the reading view: the entry of the citation
selected (tab) shown in a panel, which entries are in the library, and getting one
there (its metadata fetched from the arXiv API by its id) so that it can be read,
bookmarked or cited like any other.

Slow work runs in thread workers of the screen, which answer with `ReferenceFound`
(the library paper an entry is, or why there is none) and `ReferenceBookmarked`;
citations go through `CiteActions` (`CitationCopied`); the screen's handlers hand
them back here.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from typing import Any

from textual.screen import Screen

from papertui.fetch import Fetcher, FetchError
from papertui.reading.api import resolve_references
from papertui.reading.document import Document, Reference
from papertui.store import Library
from papertui.store.db import StoreError
from papertui.ui.cite_actions import CiteActions, describe, severity
from papertui.ui.messages import CitationCopied, ReferenceBookmarked, ReferenceFound
from papertui.ui.page_opener import PageOpener
from papertui.ui.reading_context import ReadingContext
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.widgets.document_text import Cite
from papertui.ui.widgets.reading_pane import ReadingPane
from papertui.ui.widgets.reference_panel import ReferencePanel, doi_url


def library_ids(document: Document, library: Library) -> dict[str, str]:
    """Entry key → the library paper it is ("" when none) (blocking: in a worker)."""
    return {r.reference.key: r.library_id for r in resolve_references(document, library)}


class CitedPapers:
    def __init__(self, screen: Screen[Any], context: ReadingContext) -> None:
        self._screen = screen
        self._context = context
        self.document: Document | None = None
        self.in_library: dict[str, str] = {}  # entry key → library id ("": not there)
        self.shown: Reference | None = None  # the entry in the panel
        self.cite: Cite | None = None  # the in-text citation selected
        self.cites = CiteActions(screen, context.library, context.copier, context.writing_bib)
        self.pages = PageOpener(screen)
        self._fetcher: Fetcher | None = None
        self._cancelled = False
        self._lock = threading.Lock()

    @property
    def _pane(self) -> ReadingPane:
        return self._screen.query_one(ReadingPane)

    @property
    def _panel(self) -> ReferencePanel:
        return self._screen.query_one(ReferencePanel)

    def _say(self, message: str, severity: str = "information", timeout: float = 4) -> None:
        self._screen.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def opened(self, document: Document, in_library: Mapping[str, str]) -> None:
        self.document, self.in_library = document, dict(in_library)

    # ---- which entry ---------------------------------------------------------------
    def next_cite(self, step: int) -> None:
        """Select the next (`step` -1: previous) in-text citation on screen, cycling."""
        cites = self._pane.cites_in_view()
        if not cites or self.document is None:
            self._say("No citations on this screen.", timeout=2)
            return
        here = cites.index(self.cite) if self.cite in cites else (-1 if step > 0 else 0)
        cite = cites[(here + step) % len(cites)]
        if self.document.reference(cite.key) is None:
            self._say("This citation points to no entry of the bibliography.")
        self.show(cite.key, cite)

    def show(self, key: str | None, cite: Cite | None = None) -> None:
        """Show entry `key` in the panel (None: close it), `cite` highlighted in the text."""
        ref = self.document.reference(key) if key and self.document else None
        self.shown, self.cite = ref, cite
        self._pane.show_cite(cite)
        if ref is None:
            self._panel.display = False
        else:
            self._panel.show_entry(ref, self.in_library.get(ref.key, ""))

    # ---- what the keys do with it ----------------------------------------------------
    def act(self, action: str) -> None:
        """Read ("open"), "bookmark" or "cite" the paper the shown entry is: found in the
        library or fetched by its arXiv id; a DOI alone is a link to open."""
        ref = self.shown
        if ref is None:
            return
        if self.in_library.get(ref.key) or ref.arxiv_id:
            self._find(ref, action)
        elif ref.doi and action == "open":
            self.pages.open(doi_url(ref))
        elif ref.doi:
            what = ref.label or "This entry"
            self._say(
                f"{what} has no arXiv id: papertui fetches papers by arXiv id only. "
                f"Its DOI link: {doi_url(ref)} (enter opens it)",
                "warning",
            )
        else:
            self._say(f"{ref.label or 'This entry'} has no arXiv id or DOI: nothing to fetch.")

    def found(self, message: ReferenceFound) -> str:
        """The paper is in the library: bookmark or cite it; the paper id to read for
        "open" ("" otherwise)."""
        if message.problem:
            self._say(message.problem, "error", timeout=8)
            return ""
        self.in_library[message.key] = message.library_id
        if message.fetched:
            self._pane.mark_references(self.in_library)
            if self.shown is not None and self.shown.key == message.key:
                self._panel.show_entry(self.shown, message.library_id)
            self._say(f"Added {message.library_id} to your library from arXiv")
        if message.action == "bookmark":
            self._bookmark(message.library_id)
        elif message.action == "cite":
            self.cites.copy([message.library_id], self._context.cite_style)
        return message.library_id if message.action == "open" else ""

    def bookmarked(self, message: ReferenceBookmarked) -> None:
        if message.problem:
            self._say(f"Could not bookmark {message.paper_id}: {message.problem}", "error", 8)
        elif message.on:
            self._say(f"Bookmarked {message.paper_id}")
        else:
            self._say(f"Removed the bookmark of {message.paper_id}")

    def copied(self, message: CitationCopied) -> None:
        result = message.result
        said = describe(message)
        self._say(said, severity(message), timeout=5)
        if not result.copied and result.method == "file":
            fallback = CopyFallbackScreen(message.text, result.path, result.detail)
            self._screen.app.push_screen(fallback)

    # ---- workers ---------------------------------------------------------------------
    def _find(self, ref: Reference, action: str) -> None:
        """The library paper `ref` is, fetched by its arXiv id when it is not there yet
        (→ `ReferenceFound`); the caller has checked it has an id to go by."""
        known = self.in_library.get(ref.key, "")
        if known:
            self._screen.post_message(ReferenceFound(ref.key, action, known))
            return
        self._say(f"Fetching arXiv:{ref.arxiv_id} from arXiv…", timeout=3)

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

    def _bookmark(self, paper_id: str) -> None:
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
