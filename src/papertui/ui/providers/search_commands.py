"""Palette commands that each type a search into the reader's search box (`tag:x`,
`list:NAME`, `is:unread` …), so the filter shows, can be edited, and is cleared like
any search. A provider gives its fixed commands and one per counted name it loads."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import ClassVar

from textual.command import Hits, Provider

from papertui.store import Library
from papertui.ui.providers.plain import discovery_hit, hit

Command = tuple[str, str, str]  # label, query, help


class SearchCommands(Provider):
    FIXED: ClassVar[tuple[Command, ...]] = ()

    def counted(self, library: Library) -> list[tuple[str, int]]:
        """The names with their paper counts (read in a thread)."""
        raise NotImplementedError

    def command(self, name: str, count: int) -> Command:
        raise NotImplementedError

    async def startup(self) -> None:
        library = getattr(self.app, "library", None)
        self._counted: list[tuple[str, int]] = []
        if library is not None and hasattr(self.screen, "action_filter"):
            self._counted = await asyncio.to_thread(self.counted, library)

    def _commands(self) -> list[Command]:
        if not hasattr(self.screen, "action_filter"):
            return []
        return [*self.FIXED, *(self.command(name, n) for name, n in self._counted)]

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
