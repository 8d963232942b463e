"""Command palette: filter the list by a tag, the bookmarks or the unread papers.

Each filter is a search typed into the search box (`tag:x`, `is:bookmarked`,
`is:unread`), so it shows, can be edited, and is cleared like any search.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hits, Provider

from papertui.ui.providers.plain import discovery_hit, hit
from papertui.ui.safe_text import clean

FIXED = (
    ("Show bookmarked papers", "is:bookmarked", "★ your bookmarks"),
    ("Show unread papers", "is:unread", "• not opened yet"),
    ("Show papers with a note", "has:note", "Papers you wrote a note on"),
    ("Show papers with full text", "has:fulltext", "▤ downloaded, searched with body:"),
)


def tag_query(tag: str) -> str:
    return f'tag:"{tag}"' if any(c in tag for c in ' "():') else f"tag:{tag}"


class TagCommands(Provider):
    """Filters by user state; tags come with their counts."""

    async def startup(self) -> None:
        library = getattr(self.app, "library", None)
        self._tags: list[tuple[str, int]] = []
        if library is not None and hasattr(self.screen, "action_filter"):
            self._tags = await asyncio.to_thread(library.tag_counts)

    def _commands(self) -> list[tuple[str, str, str]]:
        if not hasattr(self.screen, "action_filter"):
            return []
        commands = list(FIXED)
        for tag, count in self._tags:
            name = clean(tag)
            paper_s = "paper" if count == 1 else "papers"
            commands.append((f"Show tag: {name}", tag_query(tag), f"# {count} {paper_s}"))
        return commands

    def _run(self, query: str) -> None:
        self.app.call_later(self.screen.action_filter, query)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for label, query, help_text in self._commands():
            yield discovery_hit(label, partial(self._run, query), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, filter_query, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield hit(matcher, score, label, partial(self._run, filter_query), help_text)
