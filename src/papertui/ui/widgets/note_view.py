"""The note, shown under a paper's details (a child this feature adds to the pane)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import ScrollableContainer
from textual.widgets import Static

from papertui.ui.safe_text import clean


class NoteView(Static):
    """The user's note on the shown paper; hidden when there is none."""

    def set_note(self, note: str) -> None:
        self.display = bool(note)
        text = Text("Note\n", style="bold", end="")
        # line by line: a note's own line breaks (lists) are kept, escapes are not
        text.append("\n".join(clean(line) for line in note.splitlines()))
        self.update(text)


def show_note(detail: ScrollableContainer, note: str) -> None:
    """Put `note` into `detail` (a PaperDetail), right after its body."""
    views = detail.query(NoteView)
    if views:
        views.first().set_note(note)
        return
    if not note:
        return
    view = NoteView(id="detail-note")
    body = detail.query("#detail-body")
    if body:
        detail.mount(view, after=body.first())
    else:
        detail.mount(view)
    view.set_note(note)
