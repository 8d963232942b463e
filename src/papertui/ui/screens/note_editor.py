"""The note editor: a multi-line note per paper (ctrl+s saves, esc cancels)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from papertui.ui.safe_text import clean


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or enter says yes, n or esc says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "dismiss(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "dismiss(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="modal-box"):
            yield Static(Text(self.question, end=""))
            with Horizontal(id="confirm-keys"):
                yield Static(Text.assemble(("y", "bold"), f" {self.yes}    "))
                yield Static(Text.assemble(("n", "bold"), f" {self.no}"))


class NoteEditorScreen(ModalScreen[str | None]):
    """Returns the new note text, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note.cancel", priority=True),
    ]

    def __init__(
        self, subject: str, note: str, changed_since: Callable[[], str | None] | None = None
    ) -> None:
        """`changed_since()` says when the note was saved elsewhere after the editor
        opened (None if it was not): saving then asks before overwriting it."""
        super().__init__()
        self.subject = subject
        self.original = note
        self.changed_since = changed_since

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="modal-box") as box:
            box.border_title = Content(f"Note · {clean(self.subject)}")
            box.border_subtitle = "ctrl+s save · esc cancel"
            yield TextArea(self.original, soft_wrap=True, id="note-text", tab_behavior="indent")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        text = self.text.strip("\n") if self.text.strip() else ""
        if text == self.original:
            self.dismiss(None)
            return
        when = self.changed_since() if self.changed_since else None
        if when is None:
            self.dismiss(text)
            return

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                self.dismiss(text)

        question = (
            f"This note was saved elsewhere ({when[:19].replace('T', ' ')} UTC) after you "
            "opened it. Save yours over it? (No keeps you editing; esc there discards yours)"
        )
        self.app.push_screen(ConfirmScreen(question, "Save mine", "Keep editing"), answered)

    def action_cancel(self) -> None:
        if self.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard the changes to this note?", "Discard", "Keep editing"),
            answered,
        )
