"""Copying citations: format in a worker, copy through `app.copier`, then say how.

The copy may block for seconds (a stale DISPLAY, tmux), so it never runs on
the UI thread. When only the file fallback worked, the screen shows the text
in a modal for manual copying.

A citation command (`\\cite{…}`, `[@…]`, the keys: `cite.commands`) uses the keys
`papertui pick` prints; with `[writing] bib` in the config the papers are first
added to that .bib as `pick --bib` adds them, and nothing is copied if that fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.widget import Widget

from papertui.bib_sync import BibSyncError, add_to_bib, check_bib
from papertui.cite import FORMATS, Dropped, collect_dropped, format_many, summary
from papertui.cite.commands import COMMANDS, cite_command, cite_keys, known_keys
from papertui.clipboard import CopyResult
from papertui.store import Library, ReadOnlyLibrary
from papertui.ui.messages import CitationCopied
from papertui.wording import papers


@dataclass(frozen=True)
class BibAdded:
    """The cited papers are in the .bib at `path`; `added` of them were not before."""

    path: Path
    added: int


def label(fmt: str) -> str:
    if fmt in COMMANDS:
        return COMMANDS[fmt][0]
    spec = FORMATS.get(fmt)
    return spec.label if spec else fmt


def formats() -> list[tuple[str, str]]:
    """(name, label) of every way the reader copies a citation."""
    return [(name, spec.label) for name, spec in FORMATS.items()] + [
        (name, shown) for name, (shown, _) in COMMANDS.items()
    ]


def citation(
    library: Library, ids: Sequence[str], fmt: str, bib: Path | None = None
) -> tuple[str, list[Dropped], BibAdded | None]:
    """The citation of `ids` in order, as one text (keys unique across it); what it left
    out (characters pdflatex cannot typeset), collected, never logged: a log line would
    be lost or would land on the reader's screen; and, for a citation command with a
    `bib`, how the papers were added to it (BibSyncError, OSError, ReadOnlyLibrary: not)."""
    found = library.get_many(ids)
    papers = [found[i] for i in ids if i in found]
    if fmt not in COMMANDS:
        with collect_dropped() as dropped:
            text = format_many(papers, fmt)
        return text, dropped, None
    style = COMMANDS[fmt][1]
    if bib is None:
        keys = cite_keys(papers, known_keys(library, list(found)))
        return cite_command(style, [keys[p.id] for p in papers]), [], None
    check_bib(bib)  # (a missing directory said as such, not as a failed temp file)
    with collect_dropped() as dropped:
        report = add_to_bib(bib, papers, library)
    added = BibAdded(bib, report.added)
    return cite_command(style, [report.keys[p.id] for p in papers]), dropped, added


def citation_text(library: Library, ids: Sequence[str], fmt: str, bib: Path | None) -> str:
    """The citation text alone, for a preview: nothing is written (a new key may still
    differ from the one a .bib's own entries make it take)."""
    if fmt in COMMANDS:
        found = library.get_many(ids)
        papers = [found[i] for i in ids if i in found]
        keys = cite_keys(papers, known_keys(library, list(found), bib))
        return cite_command(COMMANDS[fmt][1], [keys[p.id] for p in papers])
    return citation(library, ids, fmt)[0]


def describe(message: CitationCopied) -> str:
    """What happened to the citation, in the words the CLI uses (`result.detail`)."""
    fmt, ids, result = message.fmt, message.ids, message.result
    subject = ids[0] if len(ids) == 1 else f"{len(ids)} papers"
    what = f"{label(fmt)} for {subject}"
    if message.problem:
        return f"Nothing copied for {subject}: {message.problem}"
    if fmt in COMMANDS:
        what = message.text  # keys only: letters and digits
    if result.confirmed:
        text = f"{what} copied to the system clipboard"
    elif result.copied:
        text = f"{what} {result.detail}"
    elif result.method == "file":
        text = f"No clipboard here: {what} saved to {result.path}"
    else:
        text = f"Could not copy {what}: {result.detail}"
    if message.bib is not None:
        bib = message.bib
        added = f"added {papers(bib.added)} to" if bib.added else "already in"
        text += f"; {added} {bib.path}"
    return f"{text}; {summary(message.dropped)}" if message.dropped else text


class CiteActions:
    """Copies in a thread worker of `owner` (through `copier`, which may block for
    seconds), which answers with `CitationCopied`. `bib`: the config's `[writing] bib`."""

    def __init__(
        self,
        owner: Widget,
        library: Library,
        copier: Callable[[str], CopyResult],
        bib: Path | None = None,
    ) -> None:
        self._owner = owner
        self._library = library
        self._copier = copier  # the outside world's edge: the app's, faked in tests
        self._bib = bib

    def copy(self, ids: Sequence[str], fmt: str) -> None:
        ids = list(ids)

        def job() -> None:
            try:
                text, dropped, added = citation(self._library, ids, fmt, self._bib)
            except (BibSyncError, OSError, ReadOnlyLibrary) as exc:
                result = CopyResult("none", "not copied")
                self._owner.post_message(CitationCopied(ids, fmt, "", result, [], problem=str(exc)))
                return
            result = self._copier(text)
            self._owner.post_message(CitationCopied(ids, fmt, text, result, dropped, added))

        self._owner.run_worker(job, thread=True, group="cite", exit_on_error=False)


def severity(message: CitationCopied) -> str:
    """How the copy's notification looks: a warning when anything fell short."""
    if message.problem:
        return "error"
    if message.result.copied:
        return "warning" if message.dropped else "information"
    return "warning" if message.result.method == "file" else "error"
