"""When the search index cannot be built, the reader says so and browsing goes on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from papertui.cli.main import main as cli_main
from papertui.paths import LibraryPaths
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_ui_support import isolated, make_library, pane_text, paper, until  # noqa: F401

DAMAGED = "2401.00500"
BROKEN_JSON = '{"id": "2401.00500", "title": '


@pytest.fixture
def damaged_library(isolated: Path) -> Path:  # noqa: F811
    """41 papers; the oldest one's stored record is cut short (a bad disk, a hand edit)."""
    papers = [paper(n) for n in range(1, 41)] + [paper(500, published="1990-01-01")]
    make_library(isolated, papers)
    with sqlite3.connect(LibraryPaths(isolated).store) as conn:
        conn.execute("UPDATE papers SET data = ? WHERE id = ?", (BROKEN_JSON, DAMAGED))
    return isolated


def stored(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(LibraryPaths(data_dir).store) as conn:
        return conn.execute("SELECT id, data FROM papers ORDER BY num").fetchall()


async def wait_for_failure(app: PaperTUI, pilot) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: app.session.index_error is not None, what="the index failure")
    await pilot.pause()


async def test_an_index_that_cannot_be_built_leaves_browsing_and_says_why(
    damaged_library: Path,
) -> None:
    before = stored(damaged_library)
    app = make_app(damaged_library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_failure(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        assert app.session.index is None
        assert screen.status.indexing == "search unavailable"
        messages = [n.message for n in app._notifications]
        assert any(f"paper {DAMAGED} in the library is damaged" in m for m in messages), messages
        assert any("papertui reindex" in m for m in messages)

        plist = screen.query_one(PaperList)
        assert len(plist.keys) == 41  # the whole library is still listed
        detail = screen.query_one(PaperDetail)
        assert detail.paper is not None
        await until(pilot, lambda: "unavailable (no index)" in pane_text(detail))
        first = detail.paper.id
        await pilot.press("j")
        await until(pilot, lambda: detail.paper is not None and detail.paper.id != first)
        await until(pilot, lambda: "unavailable (no index)" in pane_text(detail))

        await pilot.press("slash", *"graph")
        await until(pilot, lambda: screen.search.query_text == "graph", what="the query")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.status.searching  # nothing is coming: no spinner
        status = str(screen.query_one("#search-status").render())
        assert "search unavailable" in status and "searching" not in status
    assert stored(damaged_library) == before  # nothing in the library was touched


def test_reindex_names_the_damaged_record_and_exits_non_zero(
    damaged_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = stored(damaged_library)
    code = cli_main(["--data-dir", str(damaged_library), "reindex"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"paper {DAMAGED} in the library is damaged" in err, err
    assert "internal error" not in err
    assert stored(damaged_library) == before
