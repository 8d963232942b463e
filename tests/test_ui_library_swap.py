"""The reader and the library file under it: a file replaced behind its back (a restore by
hand or by an older papertui) is never written into once moved aside, and a restore a
killed `backup restore` left half-done is finished when the reader opens, saying so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from papertui.store import Library
from papertui.store.backup import create_backup
from papertui.store.restore import staged_path
from test_ui_state import SIZE, app_for, current_id, messages, until
from test_ui_support import isolated, make_library, paper  # noqa: F401


@pytest.fixture
def library_dir(isolated: Path) -> Path:  # noqa: F811
    return make_library(isolated, [paper(n) for n in range(1, 4)])


async def test_b_after_the_file_was_replaced_writes_nothing_and_says_why(
    library_dir: Path, tmp_path: Path
) -> None:
    store = library_dir / "library.sqlite3"
    backup = create_backup(store, tmp_path / "backups")
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        shutil.copy(backup, tmp_path / "swap.sqlite3")
        (tmp_path / "swap.sqlite3").replace(store)
        await pilot.press("b")
        await until(pilot, lambda: any("was replaced" in m for m in messages(app)))
        assert not any(m.startswith("Bookmarked") for m in messages(app))
    with Library(store) as lib:
        assert lib.states_for([first]) == {}


async def test_the_reader_finishes_a_restore_a_kill_left_and_says_so(
    library_dir: Path, tmp_path: Path
) -> None:
    store = library_dir / "library.sqlite3"
    backup = create_backup(store, tmp_path / "backups")
    shutil.copy(backup, staged_path(store))  # a complete copy: killed just before the swap
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any("interrupted `backup restore`" in m for m in messages(app)))
    assert not staged_path(store).exists()
