"""Command palette: open a reading list (in its order), or the papers new to watches."""

from __future__ import annotations

from papertui.store import Library
from papertui.ui.providers.search_commands import Command, SearchCommands
from papertui.ui.safe_text import clean
from papertui.ui.search_session import list_query
from papertui.wording import papers


class ListCommands(SearchCommands):
    FIXED = (("Show papers new to watches", "is:watched", "! flagged by a watch"),)

    def counted(self, library: Library) -> list[tuple[str, int]]:
        return library.reading_lists()

    def command(self, name: str, count: int) -> Command:
        help_text = f"reading list · {papers(count)} · J/K move papers in it"
        return (f"Open list: {clean(name)}", list_query(name), help_text)
