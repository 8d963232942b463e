"""Pilot tests of the detail pane's "Read paper" line: shown for papers with an arXiv
id, saying whether the full text is saved or would be downloaded; enter on the focused
pane (or a click on the line) opens the reading view like `r`, in the side pane and in
the full-screen details."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from papertui.ui.app import make_app
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.screens.main import MainScreen
from papertui.ui.screens.reading import ReadingScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_ui_reading import (  # noqa: F401
    SAVED,
    arxiv_html,
    library_dir,
    row_of,
    with_fake_clock,
)
from test_ui_support import isolated, pane_text, until  # noqa: F401

NOT_ON_ARXIV = "doi:10.1000/demo.9"


async def show_row(pilot, app, paper_id: str) -> PaperDetail:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
    app.screen.query_one(PaperList).cursor = row_of(app, paper_id)
    await pilot.pause()
    return app.screen.query_one(PaperDetail)


def read_line(pane: PaperDetail) -> str:
    lines = [line.text.strip() for line in pane.lines if "Read paper" in line.text]
    return lines[0] if lines else ""


async def test_the_line_says_saved_or_download_and_only_with_an_arxiv_id(
    library_dir: Path,  # noqa: F811
) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await show_row(pilot, app, SAVED)
        await until(pilot, lambda: "saved" in read_line(pane), what="the saved mark")
        assert read_line(pane) == "Full text  Read paper (saved copy)"
        pane = await show_row(pilot, app, "2401.00001")
        assert read_line(pane) == "Full text  Read paper (download from arXiv)"
        pane = await show_row(pilot, app, NOT_ON_ARXIV)
        assert read_line(pane) == "" and "Full text" not in pane_text(pane)
        await pilot.press("enter")  # the list's enter: the pane takes the focus
        assert app.focused is pane
        await pilot.press("enter")  # no line to act on: nothing opens
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.focused is pane


async def test_enter_on_the_focused_pane_reads_the_paper_and_esc_comes_back(
    library_dir: Path,  # noqa: F811
) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await show_row(pilot, app, SAVED)
        row = app.screen.query_one(PaperList).cursor
        await pilot.press("enter")
        assert app.focused is pane
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen), what="reading view")
        reading = app.screen
        assert isinstance(reading, ReadingScreen) and reading.paper_id == SAVED
        await until(pilot, lambda: reading.document is not None, what="the document")
        assert "saved copy" in reading.status_text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), what="the list")
        assert app.screen.query_one(PaperList).cursor == row


async def test_clicking_the_line_reads_the_paper(library_dir: Path) -> None:  # noqa: F811
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await show_row(pilot, app, SAVED)
        await until(pilot, lambda: "saved" in read_line(pane), what="the saved mark")
        y = next(i for i, line in enumerate(pane.lines) if "Read paper" in line.text)
        x = pane.lines[y].text.index("Read paper") + 2
        content = pane.scrollable_content_region
        await pilot.click(PaperDetail, offset=(content.x - pane.region.x + x, y))
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen), what="reading view")
        assert app.screen.paper_id == SAVED  # type: ignore[attr-defined]


async def test_after_a_download_the_line_says_saved(
    library_dir: Path,  # noqa: F811
    arxiv_html: HTTPServer,  # noqa: F811
) -> None:
    app = make_app(library_dir)
    with_fake_clock(app)
    async with app.run_test(size=(120, 36)) as pilot:
        pane = await show_row(pilot, app, "2401.00001")
        assert read_line(pane).endswith("(download from arXiv)")
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen), what="reading view")
        reading = app.screen
        await until(pilot, lambda: reading.document is not None, what="the download")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), what="the list")
        pane = app.screen.query_one(PaperDetail)
        assert pane.paper is not None and pane.paper.id == "2401.00001"
        await until(pilot, lambda: read_line(pane).endswith("(saved copy)"), what="saved")


async def test_the_full_screen_details_read_with_enter_and_r(library_dir: Path) -> None:  # noqa: F811
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await show_row(pilot, app, SAVED)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen), what="the details")
        details = app.screen
        await until(pilot, lambda: "saved" in read_line(details.detail), what="saved")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen), what="reading view")
        assert app.screen.paper_id == SAVED  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is details, what="back to the details")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ReadingScreen), what="reading view")
        assert app.screen.paper_id == SAVED  # type: ignore[attr-defined]
