"""The help screen: every binding, generated from the bindings themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from papertui.ui.keys import BindingSection


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help.up"),
    ]

    def __init__(self, sections: Sequence[BindingSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = Content("Esc to close · remap in config [keys]")
            yield Static(self._table(), id="help-table")

    def _table(self) -> Group:
        # One grid per section under its title, all with the same fixed key and id
        # widths, so the columns line up and a long title never widens the key column.
        entries = [entry for section in self.sections for entry in section.entries]
        key_width = max((len(e.keys) for e in entries), default=4)
        id_width = max((len(e.binding_id) for e in entries), default=4)
        parts: list[Text | Table] = []
        for section in self.sections:
            parts.append(Text(section.title, style="bold underline"))
            table = Table.grid(padding=(0, 2), expand=True)
            table.add_column(style="bold", no_wrap=True, width=key_width)
            table.add_column(ratio=1)
            table.add_column(style="dim", no_wrap=True, width=id_width)
            for entry in section.entries:
                table.add_row(Text(entry.keys), Text(entry.detail), Text(entry.binding_id))
            parts += [table, Text("")]
        return Group(*parts)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down()
        else:
            body.scroll_up()
