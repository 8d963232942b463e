"""A note saved by another process (the CLI) while the reader's note editor is open is
not silently overwritten: the store refuses a stale save, the editor asks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from papertui.store import Library
from papertui.store.state_methods import NoteChanged
from papertui.ui.screens.note_editor import ConfirmScreen, NoteEditorScreen
from test_ui_state import SIZE, app_for, current_id, state, until
from test_ui_support import isolated, make_library, paper  # noqa: F401


def test_a_stale_save_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_papers([paper(1)])
        lib.set_note(paper(1).id, "first")
        opened = lib.states_for([paper(1).id])[paper(1).id].note_updated_at
        lib.set_note(paper(1).id, "theirs")
        with pytest.raises(NoteChanged) as refused:
            lib.set_note(paper(1).id, "mine", unless_changed_since=opened)
        assert refused.value.current.note == "theirs"
        assert lib.states_for([paper(1).id])[paper(1).id].note == "theirs"
        current = lib.states_for([paper(1).id])[paper(1).id].note_updated_at
        lib.set_note(paper(1).id, "mine", unless_changed_since=current)
        assert lib.states_for([paper(1).id])[paper(1).id].note == "mine"


@pytest.fixture
def library_dir(isolated: Path) -> Path:  # noqa: F811
    return make_library(isolated, [paper(n) for n in range(1, 4)])


def cli_note(data: Path, paper_id: str, text: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "papertui", "--data-dir", str(data), "note", paper_id],
        input=text, text=True, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


async def test_the_editor_asks_before_overwriting_a_note_saved_meanwhile(
    library_dir: Path,
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        await pilot.press(*"mine")
        cli_note(library_dir, first, "theirs, from the shell")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "saved elsewhere" in str(app.screen.question)  # type: ignore[attr-defined]
        await pilot.press("n")  # keep editing: nothing saved
        await until(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        assert state(app, first).note == "theirs, from the shell"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: state(app, first).note == "mine")


async def test_no_question_when_nothing_changed_meanwhile(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        await pilot.press(*"mine", "ctrl+s")
        await until(pilot, lambda: state(app, first) and state(app, first).note == "mine")
