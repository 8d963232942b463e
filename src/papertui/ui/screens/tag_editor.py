"""The tag editor: add and remove several tags at once, with completion.

Type words separated by spaces: `survey` or `+survey` adds, `-old` removes.
Tab (or →) completes the word being typed from the tags already in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from papertui.tags import normalise_tag
from papertui.ui.safe_text import clean

MAX_SHOWN = 12  # known tags listed under the input


@dataclass(frozen=True)
class TagEdit:
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)


def parse_tag_edit(text: str) -> TagEdit:
    """`"+survey -old graphs"` -> add (survey, graphs), remove (old); the last word wins."""
    wanted: dict[str, tuple[str, bool]] = {}
    for word in text.split():
        on = not word.startswith("-")
        tag = normalise_tag(word.lstrip("+-"))
        if tag:
            wanted.pop(tag.casefold(), None)
            wanted[tag.casefold()] = (tag, on)
    add = tuple(tag for tag, on in wanted.values() if on)
    remove = tuple(tag for tag, on in wanted.values() if not on)
    return TagEdit(add, remove)


def last_word(value: str) -> tuple[str, str, str]:
    """(text before the word, its +/- sign, the word) for the word being typed."""
    head, _, word = value.rpartition(" ")
    sign = word[:1] if word[:1] in "+-" else ""
    return (f"{head} " if head else ""), sign, word[len(sign) :]


class TagSuggester(Suggester):
    """Completes the LAST word from known tags (`-` words: from the papers' own tags)."""

    def __init__(self, known: Sequence[str], current: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = list(known)
        self.current = list(current)

    async def get_suggestion(self, value: str) -> str | None:
        _head, sign, word = last_word(value)
        if not word:
            return None
        pool = self.current if sign == "-" else self.known
        folded = word.casefold()
        for tag in pool:
            if tag.casefold().startswith(folded) and len(tag) > len(word):
                return value + tag[len(word) :]
        return None


class TagInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete", show=False, id="tags.complete"),
    ]

    def action_complete(self) -> None:
        if self._suggestion and self.cursor_at_end:
            self.value = self._suggestion + " "
            self.cursor_position = len(self.value)


class TagEditorScreen(ModalScreen[TagEdit | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="tags.cancel"),
    ]

    def __init__(
        self, subject: str, current: Sequence[tuple[str, int]], known: Sequence[tuple[str, int]]
    ) -> None:
        """`current`: (tag, how many of the papers have it); `known`: (tag, count) in use."""
        super().__init__()
        self.subject = subject
        self.current = list(current)
        self.known = sorted(known, key=lambda item: (-item[1], item[0].casefold()))
        self.total = max((n for _, n in current), default=0)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-editor", classes="modal-box") as box:
            box.border_title = Content(f"Tags · {clean(self.subject)}")
            box.border_subtitle = "enter apply · tab complete · esc cancel"
            yield Static(self._current_text(), id="tag-current")
            yield TagInput(
                placeholder="+tag adds, -tag removes (several at once)",
                suggester=TagSuggester([t for t, _ in self.known], [t for t, _ in self.current]),
                id="tag-input",
            )
            yield Static(id="tag-plan")
            yield Static(self._known_text(""), id="tag-known")

    def on_mount(self) -> None:
        self.query_one(TagInput).focus()

    def _current_text(self) -> Text:
        text = Text("Current  ", style="bold", end="")
        if not self.current:
            text.append("no tags", style="dim")
        for tag, count in self.current:
            text.append(f" {clean(tag)} ", style="reverse")
            if count < self.total or self.total > 1:
                text.append(f" {count}", style="dim")
            text.append("  ")
        return text

    def _known_text(self, word: str) -> Text:
        folded = word.casefold()
        matching = [(t, n) for t, n in self.known if t.casefold().startswith(folded)]
        text = Text("In use   ", style="bold", end="")
        if not matching:
            text.append("none yet" if not word else "no match: a new tag", style="dim")
        for tag, count in matching[:MAX_SHOWN]:
            text.append(clean(tag))
            text.append(f" {count}   ", style="dim")
        if len(matching) > MAX_SHOWN:
            text.append(f"… {len(matching) - MAX_SHOWN} more", style="dim")
        return text

    @on(Input.Changed, "#tag-input")
    def _changed(self, event: Input.Changed) -> None:
        _head, _sign, word = last_word(event.value)
        self.query_one("#tag-known", Static).update(self._known_text(word))
        edit = parse_tag_edit(event.value)
        plan = Text(end="")
        if edit.add:
            plan.append("Add      ", style="bold")
            plan.append("  ".join(clean(t) for t in edit.add))
        if edit.remove:
            plan.append("\n" if edit.add else "")
            plan.append("Remove   ", style="bold")
            plan.append("  ".join(clean(t) for t in edit.remove))
        self.query_one("#tag-plan", Static).update(plan)

    @on(Input.Submitted, "#tag-input")
    def _submitted(self, event: Input.Submitted) -> None:
        edit = parse_tag_edit(event.value)
        self.dismiss(edit if edit else None)
