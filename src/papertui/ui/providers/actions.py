"""Command palette: the reader's actions, generated from the bindings plus a few extras."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import Hits, Provider

from papertui.ui.keys import binding_classes, binding_entries
from papertui.ui.providers.plain import discovery_hit, hit

EXTRA_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Sort by date", "sort_by('date')", "Newest first"),
    ("Sort by title", "sort_by('title')", "A to Z"),
    ("Sort by upvotes", "sort_by('upvotes')", "Most upvoted first"),
    ("Sort by relevance", "sort_by('relevance')", "Best match first (while searching)"),
    ("Clear search", "clear_search", "Back to the whole library"),
)
FETCH_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Fetch today's Hugging Face papers", "fetch_today", "F  ·  New papers get a + marker"),
    ("Refresh saved feeds", "refresh_feeds", "Every [[feeds]] entry of the config"),
    ("Undo the last change", "undo", "ctrl+z  ·  bookmark, tags, read, note"),
)
TRACKING_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Watch this search", "watch_search", "Papers it matches later get a ! marker"),
    ("Remove from list…", "remove_from_list", "Take the marked (else current) papers out"),
)


class ActionCommands(Provider):
    """Every action of the current screen and the app, with its key."""

    def _commands(self) -> Iterator[tuple[str, str, str, object]]:
        app, screen = self.app, self.screen
        keymap = getattr(app, "_keymap", {})
        for node in (screen, app):
            for cls in binding_classes(type(node)):
                for entry in binding_entries(app, cls.BINDINGS, keymap):
                    if entry.action in ("command_palette", "dismiss"):
                        continue
                    yield entry.title, entry.action, f"{entry.keys}  ·  {entry.detail}", node
        if hasattr(screen, "action_sort_by"):
            for label, action, help_text in EXTRA_COMMANDS:
                yield label, action, help_text, screen
        if hasattr(screen, "action_fetch_today"):
            for label, action, help_text in FETCH_COMMANDS:
                yield label, action, help_text, screen
        if hasattr(screen, "action_watch_search"):
            for label, action, help_text in TRACKING_COMMANDS:
                yield label, action, help_text, screen

    def _run(self, node: object, action: str) -> None:
        self.app.call_later(node.run_action, action)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for label, action, help_text, node in self._commands():
            yield discovery_hit(label, partial(self._run, node, action), help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, help_text, node in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield hit(matcher, score, label, partial(self._run, node, action), help_text)
