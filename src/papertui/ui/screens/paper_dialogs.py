"""The dialogs the reader opens on papers, filled from the store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from papertui.store import Library
from papertui.ui.cite_actions import citation_text, formats
from papertui.ui.screens.cite_picker import CitePickerScreen
from papertui.ui.screens.note_editor import NoteEditorScreen
from papertui.ui.screens.tag_editor import TagEditorScreen
from papertui.ui.state_actions import subject


def tag_editor(library: Library, ids: Sequence[str]) -> TagEditorScreen:
    """The tag editor for `ids`: their tags with how many of them carry each."""
    counts: dict[str, tuple[str, int]] = {}
    for state in library.states_for(ids).values():
        for tag in state.tags:
            shown, n = counts.get(tag.casefold(), (tag, 0))
            counts[tag.casefold()] = (shown, n + 1)
    return TagEditorScreen(subject(ids), list(counts.values()), library.tag_counts())


def note_editor(library: Library, paper_id: str) -> NoteEditorScreen:
    state = library.states_for([paper_id]).get(paper_id)
    opened = state.note_updated_at if state else ""

    def changed_since() -> str | None:
        """When the note was saved elsewhere after the editor opened, else None."""
        now = library.states_for([paper_id]).get(paper_id)
        stamp = now.note_updated_at if now else ""
        return stamp if stamp != opened else None

    return NoteEditorScreen(paper_id, state.note if state else "", changed_since)


def cite_picker(
    library: Library, ids: Sequence[str], default: str, bib: Path | None = None
) -> CitePickerScreen:
    """The copy-citation picker for `ids`; `bib`: the .bib a citation command adds to."""

    def preview(name: str) -> str:
        return citation_text(library, ids, name, bib)

    return CitePickerScreen(subject(ids), formats(), preview, initial=default)
