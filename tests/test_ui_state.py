"""Pilot tests: bookmarks, tags, notes, read state, marks, undo, filters (real library)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from conftest import BuiltLibraries
from papertui.config import Config
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.screens.main import MainScreen
from papertui.ui.screens.note_editor import ConfirmScreen, NoteEditorScreen
from papertui.ui.screens.tag_editor import TagEditorScreen, TagInput, parse_tag_edit
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput
from test_ui_support import (  # noqa: F401
    isolated,
    make_indexed_library,
    pane_text,
    paper,
    run_command,
    until,
)

SIZE = (120, 32)


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 31)])


def app_for(data_dir: Path, read_after: float = 0.0) -> PaperTUI:
    config = Config(mark_read_after=read_after)
    return make_app(data_dir, config=config, prefs_file=data_dir / "prefs.json")


def messages(app: PaperTUI) -> list[str]:
    return [n.message for n in app._notifications]


def plist(app: PaperTUI) -> PaperList:
    return app.screen.query_one(PaperList)


def current_id(app: PaperTUI) -> str:
    row = plist(app).row_at(plist(app).cursor)
    assert row is not None
    return row.paper_id


def state(app: PaperTUI, paper_id: str):
    return app.library.states_for([paper_id]).get(paper_id)


async def index_ready(pilot: Pilot) -> None:
    await until(pilot, lambda: pilot.app.session.index is not None, 30)  # type: ignore[attr-defined]


def test_parse_tag_edit() -> None:
    edit = parse_tag_edit("+survey -old graphs  +Survey -graphs")
    assert edit.add == ("Survey",)
    assert edit.remove == ("old", "graphs")
    assert not parse_tag_edit("  + - ")


async def test_b_toggles_bookmark_and_repaints_the_row(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        assert not plist(app).row_at(0).bookmarked
        await pilot.press("b")
        await until(pilot, lambda: plist(app).row_at(0).bookmarked)
        assert state(app, first).bookmarked
        # the toast comes a frame after the repainted marker
        await until(pilot, lambda: f"Bookmarked {first}" in messages(app))
        await pilot.press("b")
        await until(pilot, lambda: not plist(app).row_at(0).bookmarked)
        assert not state(app, first).bookmarked


async def test_t_edits_tags_with_completion(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        app.library.change_tags(["2401.00009"], add=["survey", "robotics"])
        app.library.change_tags([first], add=["old"])
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagEditorScreen))
        box = app.screen.query_one(TagInput)
        await pilot.press(*"+sur")
        await until(pilot, lambda: box._suggestion == "+survey")
        await pilot.press("tab")
        assert box.value == "+survey "
        await pilot.press(*"-ol")
        await until(pilot, lambda: box._suggestion == "+survey -old")  # its own tags
        await pilot.press("tab", *"new-one", "enter")
        await until(pilot, lambda: set(state(app, first).tags) == {"survey", "new-one"})
        await until(pilot, lambda: plist(app).row_at(0).tagged)
        await until(pilot, lambda: any(m.startswith(f"Tags of {first}") for m in messages(app)))


async def test_t_escape_changes_nothing(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t", *"+nope", "escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), what="the editor closed")
        await app.workers.wait_for_complete()
        assert app.library.tag_counts() == []


async def test_n_edits_the_note_and_the_detail_shows_it(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        await pilot.press(*"Read [bold]this", "enter", *"line two", "ctrl+s")
        await until(pilot, lambda: state(app, first) and state(app, first).note)
        assert state(app, first).note == "Read [bold]this\nline two"
        detail = app.screen.query_one(PaperDetail)
        await until(pilot, lambda: "line two" in pane_text(detail))
        assert "Read [bold]this" in pane_text(detail)  # shown literally, never as markup


async def test_n_escape_asks_before_discarding(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("n", *"draft", "escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # keep editing
        await until(pilot, lambda: isinstance(app.screen, NoteEditorScreen))
        await pilot.press("escape", "y")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert state(app, first) is None  # nothing written
        await pilot.press("n", "escape")  # unchanged: closes at once
        await until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_u_toggles_read(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        assert plist(app).row_at(0).unread
        await pilot.press("u")
        await until(pilot, lambda: not plist(app).row_at(0).unread)
        assert state(app, first).is_read
        await pilot.press("u")
        await until(pilot, lambda: plist(app).row_at(0).unread)


async def test_read_after_dwell_and_not_when_moving_on(library_dir: Path) -> None:
    # A dwell no test outlasts: its end comes when the test says (`elapse`), not the clock.
    app = app_for(library_dir, read_after=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        dwell = app.screen.details.dwell
        await until(pilot, lambda: dwell.pending == first and dwell.timing)
        dwell.elapse()
        await until(pilot, lambda: state(app, first) and state(app, first).is_read)
        await pilot.press("j")
        second = current_id(app)
        await until(pilot, lambda: dwell.pending == second)
        await pilot.press("j")  # moved on before the dwell ended
        third = current_id(app)
        await until(pilot, lambda: dwell.pending == third and dwell.timing)
        dwell.elapse()
        await until(pilot, lambda: state(app, third) and state(app, third).is_read)
        # The store commits first, then the row repaints: wait for the repaint too.
        await until(pilot, lambda: not plist(app).row_at(2).unread)
        assert state(app, second) is None
        assert plist(app).row_at(1).unread
        assert not any("read" in m.lower() for m in messages(app))  # quiet


async def test_u_within_the_dwell_is_not_overridden(library_dir: Path) -> None:
    app = app_for(library_dir, read_after=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        second = current_id(app)
        dwell = app.screen.details.dwell
        await until(pilot, lambda: dwell.pending == second)
        await pilot.press("u", "u")  # read, then unread again: the dwell must not undo that
        await until(pilot, lambda: state(app, second) and not state(app, second).is_read)
        dwell.elapse()  # the dwell's time is up
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not state(app, second).is_read


async def test_space_marks_then_b_t_y_act_on_all_marked(library_dir: Path) -> None:
    app = app_for(library_dir)
    copied: list[str] = []

    def fake_copy(text: str):
        from papertui.clipboard import CopyResult

        copied.append(text)
        return CopyResult("osc52-tmux", "sent to the terminal (OSC 52 through tmux passthrough)")

    app.copier = fake_copy  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = plist(app)
        ids = [lst.row_at(i).paper_id for i in range(3)]
        await pilot.press("space", "space", "j", "space")  # rows 0, 1 and 3
        assert lst.cursor == 4
        marked = [ids[0], ids[1], lst.row_at(3).paper_id]
        assert lst.marked_ids == marked
        assert "3 marked" in str(app.screen.query_one("#search-status").render())
        await pilot.press("b")
        await until(pilot, lambda: all(state(app, i) and state(app, i).bookmarked for i in marked))
        assert state(app, ids[2]) is None
        await pilot.press("t", *"+multi", "enter")
        await until(pilot, lambda: all(state(app, i).tags == ("multi",) for i in marked))
        await pilot.press("y")
        await until(pilot, lambda: copied)
        assert copied[0].count("@article") + copied[0].count("@misc") == 3
        await until(
            pilot,
            lambda: (
                "BibTeX for 3 papers sent to the terminal (OSC 52 through tmux passthrough)"
                in messages(app)
            ),
        )
        await pilot.press("escape")
        assert lst.marked_ids == []
        assert "marked" not in str(app.screen.query_one("#search-status").render())


async def test_ctrl_z_undoes_bookmark_tags_read_and_note(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        app.library.change_tags([first], add=["keep"])
        # Each change is confirmed (and put on the undo stack) after its commit:
        # wait for the stack, not just the store, before pressing the next key.
        stack = app.screen.state_actions.undo_stack
        await pilot.press("b")
        await until(pilot, lambda: len(stack) == 1)
        await pilot.press("t", *"+extra -keep", "enter")
        await until(pilot, lambda: len(stack) == 2)
        await pilot.press("u")
        await until(pilot, lambda: len(stack) == 3)
        await pilot.press("n", *"hello", "ctrl+s")
        await until(pilot, lambda: len(stack) == 4)
        assert state(app, first).bookmarked and state(app, first).tags == ("extra",)
        assert state(app, first).is_read and state(app, first).note == "hello"

        await pilot.press("ctrl+z")
        await until(pilot, lambda: state(app, first).note == "")
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not state(app, first).is_read)
        await pilot.press("ctrl+z")
        await until(pilot, lambda: state(app, first).tags == ("keep",))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: not state(app, first).bookmarked)
        await until(pilot, lambda: not plist(app).row_at(0).bookmarked)
        await until(pilot, lambda: any(m.startswith("Undone: bookmarked") for m in messages(app)))
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Nothing to undo." in messages(app))


async def test_searches_see_state_changes_at_once(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        screen = app.screen
        first = current_id(app)
        await pilot.press("b")
        await until(pilot, lambda: state(app, first) and state(app, first).bookmarked)
        await pilot.press("t", *"+fresh", "enter")
        await until(pilot, lambda: state(app, first).tags == ("fresh",))
        await pilot.press("slash", *"tag:fresh")
        await until(pilot, lambda: screen.search.shown_query == "tag:fresh")
        await until(pilot, lambda: len(plist(app).keys) == 1)
        assert current_id(app) == first
        screen.query_one(QueryInput).value = "is:bookmarked"
        await until(pilot, lambda: screen.search.shown_query == "is:bookmarked")
        assert len(plist(app).keys) == 1
        await pilot.press("escape", "b")  # unbookmark inside the filtered list
        await until(pilot, lambda: len(plist(app).keys) == 0)


async def test_palette_filters_by_tag(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        app.library.change_tags(["2401.00007", "2401.00011"], add=["to-read"])
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.catch_up.now(requery=False)
        await app.workers.wait_for_complete()
        await run_command(pilot, "show tag to-read")
        await until(pilot, lambda: screen.search.shown_query == "tag:to-read")
        ids = {plist(app).row_at(i).paper_id for i in range(len(plist(app).keys))}
        assert ids == {"2401.00007", "2401.00011"}
        assert app.focused is plist(app)


async def test_list_markers_show_real_state(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        app.library.set_bookmarked([first], True)
        app.library.change_tags([first], add=["x"])
        app.library.set_read([first], True)
        plist(app).invalidate()
        await pilot.pause()
        row = plist(app).row_at(0)
        assert (row.bookmarked, row.tagged, row.unread) == (True, True, False)
        assert plist(app).row_at(1).unread


async def test_paper_keys_work_in_the_full_screen_details(library_dir: Path) -> None:
    from papertui.ui.screens.detail import DetailScreen

    app = app_for(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.press("b")
        await until(pilot, lambda: state(app, first) and state(app, first).bookmarked)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TagEditorScreen))
        await pilot.press(*"+narrow", "enter")
        await until(pilot, lambda: state(app, first).tags == ("narrow",))
        assert isinstance(app.screen, DetailScreen)  # back where the user was
        detail = app.screen.detail
        await until(pilot, lambda: "narrow" in pane_text(detail))  # the tags row repainted


async def test_at_80_columns_a_paper_is_read_only_once_its_details_are_shown(
    library_dir: Path,
) -> None:
    app = app_for(library_dir, read_after=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = current_id(app)
        screen = app.screen
        # listed, not shown: no read timer runs however long the cursor rests
        assert not screen.details.dwell.timing and screen.details.dwell.pending == ""
        await pilot.press("j")
        second = current_id(app)
        assert not screen.details.dwell.timing
        await pilot.press("enter")  # the details, full screen
        await until(pilot, lambda: state(app, second) and state(app, second).is_read)
        assert state(app, first) is None
