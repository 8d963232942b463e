"""Command palette: filter the list by a tag, the bookmarks or the unread papers."""

from __future__ import annotations

from papertui.store import Library
from papertui.ui.providers.search_commands import Command, SearchCommands
from papertui.ui.safe_text import clean
from papertui.wording import papers


def tag_query(tag: str) -> str:
    return f'tag:"{tag}"' if any(c in tag for c in ' "():') else f"tag:{tag}"


class TagCommands(SearchCommands):
    """Filters by user state; tags come with their counts."""

    FIXED = (
        ("Show bookmarked papers", "is:bookmarked", "★ your bookmarks"),
        ("Show unread papers", "is:unread", "• not opened yet"),
        ("Show papers with a note", "has:note", "Papers you wrote a note on"),
        ("Show papers with full text", "has:fulltext", "▤ downloaded, searched with body:"),
    )

    def counted(self, library: Library) -> list[tuple[str, int]]:
        return library.tag_counts()

    def command(self, name: str, count: int) -> Command:
        return (f"Show tag: {clean(name)}", tag_query(name), f"# {papers(count)}")
