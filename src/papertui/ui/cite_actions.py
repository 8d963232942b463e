"""Copying citations: format in a worker, copy through `app.copier`, then say how.

The copy may block for seconds (a stale DISPLAY, tmux), so it never runs on
the UI thread. When only the file fallback worked, the text is shown in a
modal for manual copying.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from papertui.cite import FORMATS, Dropped, collect_dropped, format_many, summary
from papertui.clipboard import CopyResult
from papertui.store import Library
from papertui.ui.screens.copy_fallback import CopyFallbackScreen


class CiteHost(Protocol):
    library: Library

    def run_cite_job(self, job: Callable[[], None]) -> None: ...
    def call_from_thread_(self, callback: Callable[..., object], *args: object) -> None: ...
    def copy_text_(self, text: str) -> CopyResult: ...
    def notify_(self, message: str, severity: str = "information") -> None: ...
    def push_(self, screen: CopyFallbackScreen) -> None: ...


def label(fmt: str) -> str:
    spec = FORMATS.get(fmt)
    return spec.label if spec else fmt


def citation(library: Library, ids: Sequence[str], fmt: str) -> tuple[str, list[Dropped]]:
    """The citation of `ids` in order, as one text (BibTeX keys unique across it), and
    what it left out (characters pdflatex cannot typeset), collected, never logged:
    a log line would be lost or would land on the reader's screen."""
    papers = library.get_many(ids)
    with collect_dropped() as dropped:
        text = format_many([papers[i] for i in ids if i in papers], fmt)
    return text, dropped


def citation_text(library: Library, ids: Sequence[str], fmt: str) -> str:
    """The citation text alone (a preview: copying tells what was left out)."""
    return citation(library, ids, fmt)[0]


def describe(
    fmt: str, ids: Sequence[str], result: CopyResult, dropped: Sequence[Dropped] = ()
) -> str:
    """What happened to the citation, in the words the CLI uses (`result.detail`)."""
    what = f"{label(fmt)} for {ids[0] if len(ids) == 1 else f'{len(ids)} papers'}"
    if result.confirmed:
        message = f"{what} copied to the system clipboard"
    elif result.copied:
        message = f"{what} {result.detail}"
    elif result.method == "file":
        message = f"No clipboard here: {what} saved to {result.path}"
    else:
        message = f"Could not copy {what}: {result.detail}"
    return f"{message}; {summary(dropped)}" if dropped else message


class CiteActions:
    def __init__(self, host: CiteHost) -> None:
        self.host = host

    def copy(self, ids: Sequence[str], fmt: str) -> None:
        ids = list(ids)
        if not ids:
            self.host.notify_("No paper to cite.", "warning")
            return

        def job() -> None:
            text, dropped = citation(self.host.library, ids, fmt)
            result = self.host.copy_text_(text)
            self.host.call_from_thread_(self._done, ids, fmt, text, result, dropped)

        self.host.run_cite_job(job)

    def _done(
        self, ids: list[str], fmt: str, text: str, result: CopyResult, dropped: list[Dropped]
    ) -> None:
        message = describe(fmt, ids, result, dropped)
        if result.copied:
            self.host.notify_(message, "warning" if dropped else "information")
        elif result.method == "file":
            self.host.notify_(message, "warning")
            self.host.push_(CopyFallbackScreen(text, result.path, result.detail))
        else:
            self.host.notify_(message, "error")
