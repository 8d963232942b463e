"""Snapshots of the state, citation and fetch UI: markers, marks, tag editor, cite picker.

Regenerate with `pytest tests/test_ui_snapshots_state.py --snapshot-update` and look
at each SVG (convert to PNG) before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from conftest import BuiltLibraries
from papertui.store import Library
from papertui.ui.screens.cite_picker import CitePickerScreen
from papertui.ui.screens.tag_editor import TagInput
from test_ui_snapshots import WIDE, app_for, library, ready, steady_cursors
from test_ui_support import isolated, until  # noqa: F401

pytest.importorskip("papertui.search.index")


def set_state(data_dir: Path) -> None:
    with Library(data_dir / "library.sqlite3") as lib:
        lib.set_bookmarked(["2401.00201", "2401.00012"], True)
        lib.change_tags(["2401.00201", "2401.00023", "2401.00012"], add=["survey"])
        lib.change_tags(["2401.00012"], add=["to-read", "graphs"])
        lib.set_read(["2401.00201", "2401.00023", "2401.00011"], True)
        lib.set_note("2401.00201", "Compare with the flow-matching paper.\n- section 3")


def set_state_and_a_watch_hit(data_dir: Path) -> None:
    set_state(data_dir)
    with Library(data_dir / "library.sqlite3") as lib:
        lib.record_watch_matches("diffusion", [])  # the baseline
        lib.record_watch_matches("diffusion", ["2401.00200", "2401.00011"])  # 00011 is read


def with_state(built: BuiltLibraries, data_dir: Path) -> Path:
    """The snapshots' library with marks, tags, read papers and a note, and its index."""
    return library(built, data_dir, set_state)


def test_list_with_markers_and_marks(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("j", "space", "space", "j", "space", "k", "k", "k", "k")
        await ready(pilot)

    app = app_for(with_state(built_libraries, isolated))
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_list_with_a_watch_hit(
    snap_compare,
    isolated: Path,  # noqa: F811
    isolated_dirs: Path,
    built_libraries: BuiltLibraries,
) -> None:
    """`!` for an unread paper a watch flagged (a read one keeps its blank), and the
    status line's count."""
    config = isolated_dirs / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[watch."diffusion"]\nquery = "diffusion"\n', encoding="utf-8")
    data = library(built_libraries, isolated, set_state_and_a_watch_hit)

    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await until(pilot, lambda: pilot.app.screen.status.watch_news, what="the news")
        await pilot.pause()

    assert snap_compare(app_for(data), terminal_size=WIDE, run_before=run_before)


def test_tag_editor(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("j", "j")
        await ready(pilot)  # the related papers behind the editor are in
        await pilot.press("t")
        await until(pilot, lambda: isinstance(pilot.app.focused, TagInput), what="the tag editor")
        await pilot.press(*"+to -surv")
        box = pilot.app.focused
        assert isinstance(box, TagInput)
        # the completion comes from Textual's suggester worker
        await until(pilot, lambda: box._suggestion == "+to -survey", what="the completion")
        steady_cursors(pilot)
        await pilot.pause()

    app = app_for(with_state(built_libraries, isolated))
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_cite_picker(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("j")
        await ready(pilot)  # the related papers behind the picker are in
        await pilot.press("Y")
        await until(pilot, lambda: isinstance(pilot.app.screen, CitePickerScreen), what="picker")
        await pilot.press("down", "down")
        await pilot.pause()

    app = app_for(with_state(built_libraries, isolated))
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_note_editor(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("j")
        await ready(pilot)  # the related papers behind the editor are in
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.focused, TextArea), what="the note box")
        steady_cursors(pilot)
        await pilot.pause()

    app = app_for(with_state(built_libraries, isolated))
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)
