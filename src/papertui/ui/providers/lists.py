"""Command palette: open a reading list (in its order), or the papers new to watches.

Each is a search typed into the search box (`list:NAME`, `is:watched`), so it
shows, can be edited, and is cleared like any search.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hits, Provider

from papertui.ui.providers.plain import discovery_hit, hit
from papertui.ui.safe_text import clean
from papertui.ui.search_session import list_query

FIXED = (("Show papers new to watches", "is:watched", "! flagged by a watch"),)


class ListCommands(Provider):
    async def startup(self) -> None:
        library = getattr(self.app, "library", None)
        self._lists: list[tuple[str, int]] = []
        if library is not None and hasattr(self.screen, "action_filter"):
            self._lists = await asyncio.to_thread(library.reading_lists)

    def _commands(self) -> list[tuple[str, str, str]]:
        if not hasattr(self.screen, "action_filter"):
            return []
        commands = list(FIXED)
        for name, count in self._lists:
            paper_s = "paper" if count == 1 else "papers"
            help_text = f"reading list · {count} {paper_s} · J/K move papers in it"
            commands.append((f"Open list: {clean(name)}", list_query(name), help_text))
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
