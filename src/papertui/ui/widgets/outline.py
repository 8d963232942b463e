"""A paper's outline: its numbered headings, as a side pane or in a picker screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from papertui.reading.document import Document
from papertui.ui.widgets.document_text import shown


def outline_options(document: Document) -> list[Option]:
    """One option per heading (id: its block index), indented by level."""
    return [
        Option(
            Text("  " * (heading.level - 1) + shown(f"{heading.number} {heading.title}".strip())),
            id=str(block),
        )
        for block, heading in document.headings()
    ]


class Outline(OptionList):
    """The side pane; choosing a heading posts `OptionList.OptionSelected`."""

    def show(self, document: Document) -> None:
        self.clear_options()
        self.add_options(outline_options(document))


class OutlinePicker(ModalScreen[int | None]):
    """The outline on a narrow terminal: answers the chosen heading's block index."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,T", "dismiss", "Close", id="outline.close", tooltip="Close the outline"),
    ]

    def __init__(self, document: Document, current: int = 0) -> None:
        super().__init__()
        self._document = document
        self._current = current  # the entry highlighted first

    def compose(self) -> ComposeResult:
        yield OptionList(*outline_options(self._document), id="outline-picker")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self._current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or -1))
