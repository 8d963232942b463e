"""Searching saved full texts in the reader: the row of a hit found in its full text says
so, and a text saved from the reading view is searchable once the index catches up."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from papertui.ui.app import make_app
from papertui.ui.widgets.paper_list import PaperList
from test_ui_reading import (  # noqa: F401
    SAVED,
    arxiv_html,
    library_dir,
    open_reading,
    row_of,
    with_fake_clock,
)
from test_ui_search import settle
from test_ui_support import isolated, until  # noqa: F401


def drawn(plist: PaperList) -> list[str]:
    return [strip.text for strip in plist.render_lines(plist.region.reset_offset)]


async def test_a_hit_in_the_full_text_says_so_in_its_row(library_dir: Path) -> None:  # noqa: F811
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"bucket")  # only in the saved paper's text
        await settle(app, pilot, "bucket")
        plist = app.screen.query_one(PaperList)
        assert len(plist.keys) == 1
        row = plist.row_at(0)
        assert row.paper_id == SAVED and row.in_full_text and row.fulltext
        assert "▤in full text · Paper number 3" in drawn(plist)[0]
        await pilot.press("ctrl+u", *"graph")  # in titles: no label
        await settle(app, pilot, "graph")
        listed = [plist.row_at(i) for i in range(len(plist.keys))]
        assert SAVED in [row.paper_id for row in listed]
        assert not any(row.in_full_text for row in listed)
        assert not any("in full text" in line for line in drawn(plist))
        await pilot.press("ctrl+u", *"has:fulltext")
        await settle(app, pilot, "has:fulltext")
        assert [plist.row_at(i).paper_id for i in range(len(plist.keys))] == [SAVED]


async def test_a_text_saved_in_the_reading_view_is_searched(
    library_dir: Path,  # noqa: F811
    arxiv_html: HTTPServer,  # noqa: F811
) -> None:
    app = make_app(library_dir)
    with_fake_clock(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        reading = await open_reading(pilot, app, row_of(app, "2401.00001"))
        await until(pilot, lambda: reading.document is not None, what="the download")
        await pilot.press("escape")
        screen = app.screen
        await until(pilot, lambda: screen.session.index.synced_seq == app.library.change_seq())
        await pilot.press("slash", *"body:bucket")
        await settle(app, pilot, "body:bucket")
        plist = screen.query_one(PaperList)
        found = sorted(plist.row_at(i).paper_id for i in range(len(plist.keys)))
        assert found == ["2401.00001", SAVED]
        assert all(plist.row_at(i).in_full_text for i in range(len(plist.keys)))
