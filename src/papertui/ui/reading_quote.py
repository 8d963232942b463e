"""Quoting from the reading view: `v` selects paragraphs, `y` copies them as a quote
with the paper's citation (`reading.quote`), through the app's clipboard chain.

The quote is made and copied in a thread worker (the paper is read from the
store, the copy may block for seconds), which answers with `QuoteCopied`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from papertui.clipboard import CopyResult
from papertui.reading.document import Document
from papertui.reading.quote import quote
from papertui.store import Library
from papertui.ui.messages import QuoteCopied
from papertui.ui.screens.copy_fallback import CopyFallbackScreen


class Selection:
    """Paragraphs from `anchor` to `end` (block indexes, either order)."""

    def __init__(self, anchor: int) -> None:
        self.anchor = self.end = anchor

    @property
    def blocks(self) -> range:
        return range(min(self.anchor, self.end), max(self.anchor, self.end) + 1)


class QuoteCopier:
    def __init__(
        self, screen: Screen[Any], library: Library, copier: Callable[[str], CopyResult]
    ) -> None:
        self._screen = screen
        self._library = library
        self._copier = copier  # the outside world's edge: the app's, faked in tests

    def copy(self, document: Document, blocks: list[int], paper_id: str, arxiv_id: str) -> None:
        def job() -> None:
            text = quote(document, blocks, self._library.resolve(paper_id), arxiv_id)
            self._screen.post_message(QuoteCopied(text, len(blocks), self._copier(text)))

        self._screen.run_worker(job, thread=True, group="quote", exit_on_error=False)

    def copied(self, message: QuoteCopied) -> None:
        result = message.result
        what = "1 paragraph" if message.paragraphs == 1 else f"{message.paragraphs} paragraphs"
        if result.confirmed:
            self._say(f"Quote of {what} copied to the system clipboard")
        elif result.copied:
            self._say(f"Quote of {what} {result.detail}")
        elif result.method == "file":
            self._screen.app.push_screen(
                CopyFallbackScreen(message.text, result.path, result.detail)
            )
        else:
            self._say(f"Could not copy the quote: {result.detail}", "error")

    def _say(self, message: str, severity: str = "information") -> None:
        self._screen.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]
