"""Command palette: copy the citation in any style (of the marked papers, else the current)."""

from __future__ import annotations

from functools import partial

from textual.command import Hits, Provider

from papertui.cite import FORMATS
from papertui.ui.providers.plain import discovery_hit, hit


class CiteCommands(Provider):
    def _commands(self) -> list[tuple[str, str]]:
        if not hasattr(self.screen, "copy_citation_as"):
            return []
        return [(f"Copy citation as {spec.label}", name) for name, spec in FORMATS.items()]

    def _run(self, fmt: str) -> None:
        self.app.call_later(self.screen.copy_citation_as, fmt)  # type: ignore[attr-defined]

    def _help(self, fmt: str) -> str:
        default = getattr(getattr(self.app, "config", None), "citation_style", "")
        if fmt == default:
            return "the style y copies"
        spec = FORMATS.get(default)
        return f"y copies {spec.label if spec else 'the default style'}"

    async def discover(self) -> Hits:
        for label, fmt in self._commands():
            yield discovery_hit(label, partial(self._run, fmt), self._help(fmt))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, fmt in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield hit(matcher, score, label, partial(self._run, fmt))
