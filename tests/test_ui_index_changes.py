"""The reader after index changes (issue 18, items 11-12): no stale remembered results
after the user's own change, rows and searches that follow changes made by another
process, and a damaged index found while searching rebuilt and said."""

from __future__ import annotations

from pathlib import Path

import pytest

from index_damage import keep_times, restore_times
from papertui.paths import LibraryPaths
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index
from papertui.store import Library
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.search_bar import QueryInput
from test_ui_state import app_for, current_id, index_ready, messages, plist, until
from test_ui_support import isolated, make_library, paper  # noqa: F401

SIZE = (120, 32)


@pytest.fixture
def library_dir(isolated: Path) -> Path:  # noqa: F811
    return make_library(isolated, [paper(n) for n in range(1, 31)])


async def test_a_query_asked_before_a_tag_is_asked_again_after_it(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("slash", *"tag:fresh1")
        await until(pilot, lambda: screen.search.shown_query == "tag:fresh1")
        assert len(plist(app).keys) == 0
        await pilot.press("escape", "escape")  # back to the list, then the search cleared
        await until(pilot, lambda: screen.search.shown_query == "")
        first = current_id(app)
        await pilot.press("t", *"+fresh1", "enter")
        index = app.session.index
        await until(pilot, lambda: index.search("tag:fresh1 ").total == 1)  # caught up
        await pilot.press("slash", *"tag:fresh1")
        await until(pilot, lambda: screen.search.shown_query == "tag:fresh1")
        await until(pilot, lambda: len(plist(app).keys) == 1)
        assert plist(app).row_at(0).paper_id == first  # type: ignore[union-attr]


async def test_rows_and_searches_follow_another_process(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        screen = app.screen
        first = current_id(app)
        assert not plist(app).row_at(0).bookmarked  # type: ignore[union-attr]
        with Library(LibraryPaths(library_dir).store) as other:  # another process's connection
            other.set_bookmarked([first], True)
            other.change_tags([first], add=["elsewhere"])
        await until(pilot, lambda: plist(app).row_at(0).bookmarked)  # type: ignore[union-attr]
        await pilot.press("slash", *"tag:elsewhere")
        await until(pilot, lambda: screen.search.shown_query == "tag:elsewhere")
        await until(pilot, lambda: [r.paper_id for r in [plist(app).row_at(0)] if r] == [first])


async def test_a_damaged_index_met_while_searching_is_rebuilt_and_said(
    library_dir: Path,
) -> None:
    paths = LibraryPaths(library_dir)
    with Library(paths.store) as library:
        index = SearchIndex(paths.index_dir)
        ensure_index(library, index)
        index.close()
    words = paths.index_dir / "words.tsv"  # garbled with its times kept: opening passes
    times = keep_times(words)
    words.write_bytes(b"\xff" * words.stat().st_size)
    restore_times(words, times)
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        screen = app.screen
        screen.query_one(QueryInput).value = "nothingmatchesthis"  # one search, not one a key
        await until(pilot, lambda: screen.search.shown_query == "nothingmatchesthis")
        await until(pilot, lambda: "search index was damaged" in screen.status.notice)
        assert not any("failed" in m for m in messages(app))
        screen.query_one(QueryInput).value = "graph"
        await until(pilot, lambda: screen.search.shown_query == "graph")
        assert len(plist(app).keys) == 30
