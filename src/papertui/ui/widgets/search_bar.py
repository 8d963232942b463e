"""The search pane: a query input and one status line the screen fills in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from papertui.ui.render.bases import OneLineInput
from papertui.ui.safe_text import clean


@dataclass(frozen=True)
class SearchStatus:
    """What the status line says; built by the screen from search results."""

    query: str = ""
    total: int = 0
    is_estimate: bool = False
    sort: str = "date"
    library_size: int = 0
    notice: str = ""
    suggestion: str = ""
    indexing: str = ""  # e.g. "indexing… 40%"; "" when the index is ready
    searching: bool = False
    shown: int = 0
    marked: int = 0  # papers marked with space
    fetching: str = ""  # e.g. "fetching Hugging Face… 40/120"; "" when idle
    watch_news: str = ""  # e.g. "3 new for diffusion" (unread papers watches flagged)
    arrivals: str = ""  # e.g. "2 new papers from another import" (until the view changes)


class QueryInput(OneLineInput):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave",
            "Leave search",
            id="search.leave",
            tooltip="Back to the list (results stay)",
        ),
        Binding("down,enter", "leave", "To results", show=False, id="search.to_results"),
        # Input's own ctrl+u, as a priority binding: it must take effect before the
        # keys typed right after it in the same burst (they were inserted first, then
        # deleted with the old query).
        Binding(
            "ctrl+u",
            "delete_left_all",
            "Delete to start",
            show=False,
            priority=True,
            id="search.delete_to_start",
        ),
    ]

    @dataclass
    class Leave(Message):
        query_input: QueryInput

    def action_leave(self) -> None:
        self.post_message(self.Leave(self))


class SearchBar(Vertical):
    """Query input plus result count, sort, suggestion and syntax notices."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-bar--notice",
        "search-bar--muted",
        "search-bar--accent",
    }

    def compose(self) -> ComposeResult:
        yield QueryInput(
            placeholder="Search titles, abstracts, authors  (press / to type)", id="query"
        )
        yield Static(id="search-status")

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    def set_status(self, status: SearchStatus) -> None:
        style = self.get_component_rich_style
        muted, accent = style("search-bar--muted"), style("search-bar--accent")
        text = Text(end="", no_wrap=True, overflow="ellipsis")
        if status.query:
            count = f"{status.total:,}"
            if status.is_estimate:
                count = f"about {count}"
            noun = "result" if status.total == 1 else "results"
            text.append(f"{count} {noun}", style=accent)
            if status.shown and status.shown < status.total:
                text.append(f" (first {status.shown:,} listed)", style=muted)
        else:
            text.append(f"{status.library_size:,} papers", style=accent)
        text.append(f"  ·  sort: {status.sort}", style=muted)
        if status.marked:
            text.append(f"  ·  {status.marked:,} marked", style=accent)
        if status.watch_news:
            text.append(f"  ·  {clean(status.watch_news)}", style=style("search-bar--notice"))
        if status.arrivals:
            text.append(f"  ·  {status.arrivals}", style=style("search-bar--notice"))
        if status.searching:
            text.append("  ·  searching…", style=muted)
        if status.fetching:
            text.append(f"  ·  {status.fetching}", style=accent)
        if status.indexing:
            text.append(f"  ·  {status.indexing}", style=muted)
        if status.suggestion:
            text.append("  ·  did you mean ", style=muted)
            text.append(clean(status.suggestion), style=accent)
            text.append("?", style=muted)
        if status.notice:
            text.append("  ·  ")
            text.append(clean(status.notice), style=style("search-bar--notice"))
        # One fixed-height line: no layout pass needed (this runs on every keystroke).
        self.query_one("#search-status", Static).update(text, layout=False)
