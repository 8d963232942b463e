"""Full-screen details, used on narrow terminals where the side pane is hidden."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from papertui.models import Paper, PaperState
from papertui.ui.widgets.paper_detail import PaperDetail


class DetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,backspace,h,left",
            "app.pop_screen",
            "Back",
            id="detail.back",
            tooltip="Back to the list",
        ),
    ]

    def __init__(self, paper: Paper, state: PaperState | None, terms: Sequence[str]) -> None:
        super().__init__()
        self._initial = (paper, state, tuple(terms))
        self.detail = PaperDetail(id="detail-full")

    def compose(self) -> ComposeResult:
        yield self.detail
        yield Footer()

    def on_mount(self) -> None:
        self.detail.show(*self._initial)
        self.detail.focus()
