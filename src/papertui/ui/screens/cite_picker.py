"""Pick a citation format with a live preview; Enter copies in that format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from papertui.ui.safe_text import clean

PREVIEW_LIMIT = 6000  # characters of preview (the copy itself is never cut)


class CitePickerScreen(ModalScreen[str | None]):
    """`formats`: (name, label) pairs; `preview(name)` gives the text to show."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cite.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="cite.down"),
        Binding("k", "move(-1)", "Up", show=False, id="cite.up"),
    ]

    def __init__(
        self,
        subject: str,
        formats: Sequence[tuple[str, str]],
        preview: Callable[[str], str],
        initial: str = "",
    ) -> None:
        super().__init__()
        self.subject = subject
        self.formats = list(formats)
        self.preview = preview
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="cite-picker", classes="modal-box") as box:
            box.border_title = Content(f"Copy citation · {clean(self.subject)}")
            box.border_subtitle = "enter copy · esc cancel"
            with Horizontal(id="cite-body"):
                yield OptionList(
                    *(Option(label, id=name) for name, label in self.formats), id="cite-formats"
                )
                with VerticalScroll(id="cite-preview-box"):
                    yield Static(id="cite-preview")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = [name for name, _ in self.formats]
        options.highlighted = names.index(self.initial) if self.initial in names else 0
        options.focus()

    @on(OptionList.OptionHighlighted, "#cite-formats")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        name = event.option.id or ""
        try:
            text = self.preview(name)
        except Exception as exc:  # a formatter bug must not close the picker
            text = f"(no preview: {type(exc).__name__}: {exc})"
        if len(text) > PREVIEW_LIMIT:
            text = text[:PREVIEW_LIMIT] + "\n…"
        # plain Text, never markup: titles may contain [brackets]
        self.query_one("#cite-preview", Static).update(Text(text, end=""))
        self.query_one("#cite-preview-box", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#cite-formats")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
