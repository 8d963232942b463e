"""Copying citations: format in a worker, copy through `app.copier`, then say how.

The copy may block for seconds (a stale DISPLAY, tmux), so it never runs on
the UI thread. When only the file fallback worked, the screen shows the text
in a modal for manual copying.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.widget import Widget

from papertui.cite import FORMATS, Dropped, collect_dropped, format_many, summary
from papertui.clipboard import CopyResult
from papertui.store import Library
from papertui.ui.messages import CitationCopied


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
    """Copies in a thread worker of `owner` (through `copier`, which may block for
    seconds), which answers with `CitationCopied`."""

    def __init__(
        self, owner: Widget, library: Library, copier: Callable[[str], CopyResult]
    ) -> None:
        self._owner = owner
        self._library = library
        self._copier = copier  # the outside world's edge: the app's, faked in tests

    def copy(self, ids: Sequence[str], fmt: str) -> None:
        ids = list(ids)

        def job() -> None:
            text, dropped = citation(self._library, ids, fmt)
            result = self._copier(text)
            self._owner.post_message(CitationCopied(ids, fmt, text, result, dropped))

        self._owner.run_worker(job, thread=True, group="cite", exit_on_error=False)


def severity(message: CitationCopied) -> str:
    """How the copy's notification looks: a warning when anything fell short."""
    if message.result.copied:
        return "warning" if message.dropped else "information"
    return "warning" if message.result.method == "file" else "error"
