"""Search results page in as the cursor nears their end; typing reuses first pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.config import Config
from papertui.ui.app import make_app
from papertui.ui.screens.main import MainScreen
from papertui.ui.search_session import SEARCH_PAGE
from papertui.ui.widgets.paper_list import PaperList
from test_ui_search import settle
from test_ui_support import isolated, make_indexed_library, paper, until  # noqa: F401

pytest.importorskip("papertui.search.index")

COUNT = 260


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, COUNT + 1)])


async def test_every_hit_is_reachable(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        await pilot.press("slash", *"graph", "escape")
        await settle(app, pilot, "graph")
        plist = screen.query_one(PaperList)
        assert screen.status.total == COUNT
        assert len(plist.keys) == SEARCH_PAGE  # the first page only
        await pilot.press("G")  # the last listed row: near the end, the next page loads
        await until(pilot, lambda: len(plist.keys) == COUNT)
        assert plist.cursor == SEARCH_PAGE - 1  # the cursor stayed put
        assert len(set(plist.keys)) == COUNT  # no hit listed twice
        await pilot.press("G")
        assert plist.current_key == plist.keys[-1]
        assert "listed" not in str(screen.query_one("#search-status").render())


async def test_backspace_reuses_remembered_results(library_dir: Path) -> None:
    # (no read dwell: a paper marked read changes the index, and remembered pages go)
    app = make_app(library_dir, config=Config(mark_read_after=0))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        await pilot.press("slash", *"graph")
        await settle(app, pilot, "graph")
        await pilot.press(*" topic")
        await settle(app, pilot, "graph topic")
        calls: list[str] = []
        search = app.session.search
        app.session.search = lambda q, s, **kw: calls.append(q) or search(q, s, **kw)  # type: ignore[method-assign]
        for _ in " topic":
            await pilot.press("backspace")
        await settle(app, pilot, "graph")
        assert "graph" not in calls  # answered from the remembered first page
        assert screen.status.total == COUNT
