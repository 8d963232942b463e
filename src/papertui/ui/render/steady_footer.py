"""A footer that rebuilds its keys only when the keys it shows change.

Textual's `Footer` recomposes (new `FooterKey` widgets, each styled) on every
change of the screen's bindings, which fires on each focus change and mount:
five times as the reader starts, for the same ten keys. And each new key,
whose `compact` starts True, takes the `-compact` class and drops it again
when bound to the footer's False: two more restylings per key. Together they
were a fifth of the reader's start-up CPU (bench/bench_tui.py "startup").

`SteadyFooter` recomposes only when what `Footer.compose` reads (the shown
bindings, their key displays, the palette key) differs from its last compose,
and its keys start in the footer's style. It replaces `Footer.bindings_changed`
(public, but Textual's own wiring); Textual is pinned below 9.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    _composed: Hashable = None  # what the keys were built from

    def _shown(self) -> Hashable:
        app = self.app
        return (
            tuple(
                (binding, enabled, tooltip, app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
            self.show_command_palette,
        )

    def compose(self) -> ComposeResult:
        self._composed = self._shown() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # (the palette key is not bound to the footer's style: it stays compact)
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._shown() != self._composed:
            await self.recompose()
