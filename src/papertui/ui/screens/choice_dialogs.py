"""Two small dialogs the tracking actions open: type a name (with a default), and
pick one of a few choices (an author, a reading list). Both dismiss with the answer,
or None when cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from papertui.ui.safe_text import clean


class NamePromptScreen(ModalScreen[str | None]):
    """Ask for a name; enter accepts (a blank name is not an answer), esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="name.cancel"),
    ]

    def __init__(self, title: str, explanation: str, default: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="name-prompt", classes="modal-box") as box:
            box.border_title = Content(clean(self.title_text))
            box.border_subtitle = "enter save · esc cancel"
            yield Static(Content(clean(self.explanation)), id="name-explanation")
            yield Input(self.default, id="name-input", select_on_focus=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#name-input")
    def _submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if name:
            self.dismiss(name)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of `choices` ((answer, label) pairs); enter picks, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="choice.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="choice.down"),
        Binding("k", "move(-1)", "Up", show=False, id="choice.up"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-picker", classes="modal-box") as box:
            box.border_title = Content(clean(self.title_text))
            box.border_subtitle = "enter choose · esc cancel"
            yield OptionList(
                *(
                    Option(Content(clean(label)), id=str(n))
                    for n, (_, label) in enumerate(self.choices)
                ),
                id="choice-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#choice-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][0])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
