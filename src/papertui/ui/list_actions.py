"""Reading lists from the reader: add the marked (else the current) papers to a list or
take them out, and move a paper up or down the list being browsed.

A list is opened as the search `list:NAME` (the palette's "Open list: …"), which the
reader shows in the list's order (`SearchSession.search`). Every change runs in a
thread worker of `owner` as one store transaction and answers `ListChanged`; the
screen says what happened and lets the index catch up (`list:NAME` follows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.screen import Screen

from papertui.store import Library
from papertui.store.reading_lists import ReadingListError
from papertui.ui.messages import ListChanged
from papertui.ui.screens.choice_dialogs import ChoiceScreen, NamePromptScreen
from papertui.ui.state_actions import subject
from papertui.wording import papers

NEW_LIST = ""  # the picker's "New list…" (no list has an empty name)


class ListActions:
    def __init__(self, screen: Screen[None], library: Library) -> None:
        self._screen = screen
        self._library = library

    def _say(self, message: str, severity: str = "information") -> None:
        self._screen.notify(message, severity=severity, timeout=4, markup=False)  # type: ignore[arg-type]

    def add(self, ids: Sequence[str]) -> None:
        """Ask which list (or a new one), then add `ids` to it."""
        ids = list(ids)
        choices = [(NEW_LIST, "New list…")]
        choices += [(name, f"{name}  ({count})") for name, count in self._library.reading_lists()]

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if name != NEW_LIST:
                self._change(lambda: self._add(name, ids))
                return
            prompt = NamePromptScreen(
                "New reading list", f"Add {subject(ids)} to a new list called:"
            )
            self._screen.app.push_screen(prompt, created)

        def created(new: str | None) -> None:
            if new:
                self._change(lambda: self._add(new, ids, create=True))

        self._screen.app.push_screen(ChoiceScreen(f"Add {subject(ids)} to", choices), chosen)

    def remove(self, ids: Sequence[str]) -> None:
        """Ask which of the lists holding `ids` to take them out of."""
        ids = list(ids)
        names = sorted(
            {n for found in self._library.list_marks(ids).values() for n in found}, key=str.casefold
        )
        if not names:
            self._say(f"{subject(ids)}: in no reading list.", "warning")
            return

        def chosen(name: str | None) -> None:
            if name is not None:
                self._change(lambda: self._remove(name, ids))

        choices = [(name, name) for name in names]
        self._screen.app.push_screen(ChoiceScreen(f"Remove {subject(ids)} from", choices), chosen)

    def move(self, name: str, paper_id: str, step: int) -> None:
        """Move `paper_id` `step` places down the list `name` (up when negative)."""
        self._change(lambda: self._move(name, paper_id, step))

    # ---- in the worker --------------------------------------------------------------
    def _change(self, change: Callable[[], ListChanged]) -> None:
        def job() -> None:
            try:
                answer = change()
            except ReadingListError as exc:
                answer = ListChanged(f"Reading list not changed: {exc}", "error")
            self._screen.post_message(answer)

        self._screen.run_worker(job, thread=True, group="lists", exit_on_error=False)

    def _add(self, name: str, ids: list[str], *, create: bool = False) -> ListChanged:
        if create:
            name = self._library.create_list(name)
        new = self._library.add_to_list(name, ids)
        stored = self._library.list_name(name)
        if not new:
            return ListChanged(f"Already in {stored}: {subject(ids)}.", "information")
        count = len(self._library.list_items(stored))
        return ListChanged(f"Added {subject(new)} to {stored} ({papers(count)}).", changed=True)

    def _remove(self, name: str, ids: list[str]) -> ListChanged:
        gone = self._library.remove_from_list(name, ids)
        stored = self._library.list_name(name)
        if not gone:
            return ListChanged(f"Not in {stored}: {subject(ids)}.", "warning")
        return ListChanged(f"Removed {subject(gone)} from {stored}.", changed=True)

    def _move(self, name: str, paper_id: str, step: int) -> ListChanged:
        items = self._library.list_items(name)
        if paper_id not in items:
            return ListChanged(f"{paper_id} is not in {name}.", "warning")
        at = self._library.move_in_list(name, paper_id, items.index(paper_id) + 1 + step)
        return ListChanged(f"{paper_id}: {at} of {len(items)} in {name}.", moved=True)
