"""Command palette: copy the citation in any style (of the marked papers, else the current)."""

from __future__ import annotations

from functools import partial

from textual.command import Hits, Provider

from papertui.ui.cite_actions import formats
from papertui.ui.cite_actions import label as format_label  # (`label` names the hits below)
from papertui.ui.providers.plain import discovery_hit, hit


class CiteCommands(Provider):
    def _commands(self) -> list[tuple[str, str]]:
        if not hasattr(self.screen, "copy_citation_as"):
            return []
        return [(f"Copy citation as {shown}", name) for name, shown in formats()]

    def _run(self, fmt: str) -> None:
        self.app.call_later(self.screen.copy_citation_as, fmt)  # type: ignore[attr-defined]

    def _help(self, fmt: str) -> str:
        default = getattr(getattr(self.app, "config", None), "citation_style", "")
        if fmt == default:
            return "the style y copies"
        return f"y copies {format_label(default) if default else 'the default style'}"

    async def discover(self) -> Hits:
        for label, fmt in self._commands():
            yield discovery_hit(label, partial(self._run, fmt), self._help(fmt))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, fmt in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield hit(matcher, score, label, partial(self._run, fmt))
