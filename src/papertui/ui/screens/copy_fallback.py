"""When no clipboard works: show the text, selectable, and where it was saved."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from papertui.ui.safe_text import clean


class CopyFallbackScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", id="copy.close"),
    ]

    def __init__(
        self,
        text: str,
        path: Path | None,
        detail: str,
        *,
        title: str = "No clipboard available: copy by hand",
        saved: bool = True,
    ) -> None:
        super().__init__()
        self.text = text
        self.path = path
        self.detail = detail
        self.title_text = title
        self.saved = saved  # whether the text was also written to a file (`path`)

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-fallback", classes="modal-box") as box:
            box.border_title = Content(self.title_text)
            box.border_subtitle = "select with the mouse or shift+arrows · esc close"
            if self.saved:
                where = Text("Saved to ", style="bold", end="")
                where.append(str(self.path) if self.path else "(nowhere: the file failed too)")
                yield Static(where, id="copy-path")
            yield Static(Text(clean(self.detail), style="dim", end=""), id="copy-why")
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="copy-text")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()
