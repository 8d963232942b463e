"""Shown instead of the reader while the library is empty."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static


def welcome_text(data_dir: str) -> Text:
    text = Text(end="")
    text.append("Your library is empty\n\n", style="bold")
    text.append("papertui reads papers from a local library. Fill it from a shell:\n\n")
    for command, what in (
        ("papertui import FILE", "arXiv snapshot JSONL, arXiv Atom XML, BibTeX, HF papers"),
        ("papertui --demo", "try it with the bundled demo papers (nothing is saved)"),
        ("papertui fetch hf", "today's Hugging Face papers (coming soon)"),
    ):
        text.append(f"  {command:<22}", style="bold")
        text.append(f"{what}\n")
    text.append("\nLibrary: ")
    text.append(data_dir)  # a path: appended as plain text, never markup
    text.append("\n\nPress q to quit.")
    return text


class FirstRunScreen(Screen[None]):
    def __init__(self, data_dir: str) -> None:
        super().__init__()
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(welcome_text(self.data_dir), id="welcome")
        yield Footer()
