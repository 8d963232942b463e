"""Full-screen details, used on narrow terminals where the side pane is hidden."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from papertui.models import Paper, PaperState
from papertui.ui.render.bases import KeyFooter
from papertui.ui.widgets.paper_detail import PaperDetail

# The paper keys of the reader, here too: they act through the screen below.
_PAPER_KEYS = (
    ("b", "toggle_bookmark", "Bookmark", "bookmark", True),
    ("t", "edit_tags", "Tags", "tags", True),
    ("n", "edit_note", "Note", "note", False),
    ("u", "toggle_read", "Read", "read", False),
    ("y", "copy_citation", "Cite", "cite", True),
    ("Y", "pick_citation", "Cite as…", "cite_as", False),
    ("o", "open_page", "Web page", "open", False),
    ("r", "read_paper", "Read paper", "read_text", False),
)


class DetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,backspace,h,left",
            "app.pop_screen",
            "Back",
            show=False,  # the details' own "Back" (the same keys) is the one in the footer
            id="detail.back",
            tooltip="Back to the list",
        ),
        *(
            Binding(key, f"paper('{action}')", title, show=show, id=f"detail.{name}")
            for key, action, title, name, show in _PAPER_KEYS
        ),
    ]

    def __init__(
        self,
        paper: Paper,
        state: PaperState | None,
        terms: Sequence[str],
        *,
        saved: bool,
        update: tuple[str, str] | None = None,
    ) -> None:
        """`update`: (found_at, what) of what `papertui update` found changed in `paper`."""
        super().__init__()
        self._initial = (paper, state, tuple(terms))
        self._saved = saved
        self._update = update
        self.detail = PaperDetail(id="detail-full")

    def compose(self) -> ComposeResult:
        yield self.detail
        yield KeyFooter()

    def on_mount(self) -> None:
        self.detail.show(*self._initial, saved=self._saved)
        if self._update is not None:
            self.detail.show_update(self._initial[0].id, *self._update)
        self.detail.focus()

    def on_paper_detail_leave(self, message: PaperDetail.Leave) -> None:
        message.stop()
        self.app.pop_screen()

    def on_paper_detail_read_paper(self, message: PaperDetail.ReadPaper) -> None:
        message.stop()
        self.action_paper("read_paper")  # the paper shown is the one under the cursor

    def action_paper(self, action: str) -> None:
        """Run a paper action of the reader underneath (it knows the current paper)."""
        for screen in reversed(self.app.screen_stack[:-1]):
            handler = getattr(screen, f"action_{action}", None)
            if handler is not None:
                handler()
                return
