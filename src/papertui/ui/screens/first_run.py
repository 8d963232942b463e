"""Shown instead of the reader while the library is empty."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static


def welcome_text(data_dir: str) -> Text:
    text = Text(end="")
    text.append("Your library is empty\n\n", style="bold")
    text.append("papertui reads papers from a local library. Fill it from a shell:\n\n")
    for command, what in (
        ("papertui import FILE", "BibTeX, arXiv or Hugging Face files"),
        ("papertui --demo", "try the bundled demo papers (nothing saved)"),
        ("papertui fetch hf", "today's Hugging Face papers (or press F here)"),
    ):
        text.append(f"  {command:<22}", style="bold")
        text.append(f"{what}\n")
    text.append("\nLibrary: ")
    text.append(data_dir)  # a path: appended as plain text, never markup
    text.append("\n\nPress q to quit.")
    return text


class FirstRunScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("F", "fetch_today", "Fetch today's papers", id="first_run.fetch"),
    ]

    def __init__(self, data_dir: str) -> None:
        super().__init__()
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(welcome_text(self.data_dir), id="welcome")
        yield Footer()

    def action_fetch_today(self) -> None:
        """Open the reader and fetch there: its status line shows the progress, and the
        papers appear in its list as they land."""
        reader = self.app.reader_screen()  # type: ignore[attr-defined]
        self.app.push_screen(reader)
        reader.call_after_refresh(reader.action_fetch_today)
