"""Pilot tests of walking a paper's citations in the reading view: tab selects the
citations on screen and shows their bibliography entry; enter reads the cited paper,
b bookmarks it, y copies its citation (a paper not in the library is fetched by its
arXiv id from a local server first); R lists the references, ● in the library."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from conftest import BuiltLibraries
from papertui.clipboard import copy_text
from papertui.fetch import Fetcher
from papertui.store import Library
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.screens.main import MainScreen
from papertui.ui.screens.reading import ReadingScreen
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.reading_pane import ReadingPane
from papertui.ui.widgets.reference_panel import ReferencePanel, ReferencesPicker
from test_fetch_support import FakeClock
from test_reading_cli import arxiv_feed
from test_ui_reading import SAVED, open_saved, save_fixture
from test_ui_support import isolated, make_indexed_library, paper, until  # noqa: F401

CITED = "1706.03762"  # [1] in the fixture's bibliography: in the library, its text saved
MISSING = "1904.10509"  # [2]: not in the library


def save_both(data_dir: Path) -> None:
    save_fixture(data_dir, SAVED)
    save_fixture(data_dir, CITED)


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n) for n in range(1, 6)]
    papers.append(paper(10, id=CITED, arxiv_id=CITED, doi="", title="Attention Is All You Need"))
    return make_indexed_library(built_libraries, isolated, papers, then=save_both)


def panel_text(reading: ReadingScreen) -> str:
    return str(reading.query_one(ReferencePanel).render())


def said(app: PaperTUI) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def selected_cite_text(pane: ReadingPane) -> list[str]:
    style = pane.get_component_rich_style("reading-pane--cite-selected")
    return [
        seg.text
        for line in pane.lines
        for seg in line
        if seg.style is not None and seg.style.bgcolor == style.bgcolor
    ]


def serve_arxiv(server: HTTPServer, monkeypatch: pytest.MonkeyPatch, app: PaperTUI) -> None:
    """The arXiv API answers from the local server; its rate limit sleeps on a fake clock."""
    monkeypatch.setenv("PAPERTUI_ARXIV_URL", server.url_for("/api/query"))
    server.expect_request("/api/query").respond_with_data(
        arxiv_feed([MISSING]), content_type="application/atom+xml"
    )
    clock = FakeClock()
    app.make_fetcher = lambda: Fetcher.create(clock=clock, sleep=clock.sleep)  # type: ignore[method-assign]


async def test_tab_cycles_the_citations_on_screen_and_shows_their_entry(
    library_dir: Path,
) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        assert not reading.query_one(ReferencePanel).display
        await pilot.press("tab")
        assert reading.cite is not None and reading.cite.key == "bib.bib1"
        assert selected_cite_text(pane) == ["1"]  # the one selected stands apart
        text = panel_text(reading)
        assert text.startswith("[1] A. Vaswani, N. Shazeer, N. Parmar et al. Attention is all")
        assert f"● in your library ({CITED}): enter read" in text
        await pilot.press("tab")
        assert reading.reference is not None and reading.reference.label == "[2]"
        assert f"○ not in your library (arXiv:{MISSING}): enter fetch and read" in panel_text(
            reading
        )
        await pilot.press("shift+tab", "shift+tab")  # from [1] back round to the last: [5]
        assert reading.reference is not None and reading.reference.label == "[5]"
        assert "no arXiv id, so papertui cannot fetch it: enter opens https://doi.org/10.1145/" in (
            panel_text(reading)
        )
        # the References section marks what the library has
        assert "● [1] A. Vaswani" in pane.text and "○ [2] R. Child" in pane.text
        await pilot.press("escape")  # closes the entry, not the view
        assert app.screen is reading and reading.reference is None
        assert not reading.query_one(ReferencePanel).display and selected_cite_text(pane) == []
        await pilot.press("G", "b")  # with no entry shown, b is the text's page up
        assert pane.scroll_offset.y < pane.max_scroll_y


async def test_tab_with_no_citation_on_screen_says_so(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        await pilot.press("G")  # the end: references and notes, no in-text citation
        await until(pilot, lambda: pane.scroll_y == pane.max_scroll_y, what="the end")
        await pilot.press("tab")
        assert reading.reference is None
        await until(pilot, lambda: "No citations on this screen." in said(app), what="why")


async def test_enter_reads_a_cited_paper_of_the_library_and_esc_comes_back(
    library_dir: Path,
) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        await pilot.press("tab", "enter")
        await until(pilot, lambda: app.screen is not reading, what="the cited paper")
        cited = app.screen
        assert isinstance(cited, ReadingScreen) and cited.paper_id == CITED
        await until(pilot, lambda: cited.document is not None, what="its text")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reading, what="back in the first paper")
        assert reading.reference is not None and reading.reference.label == "[1]"
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), what="the list")
        plist = app.screen.query_one(PaperList)
        rows = [plist.row_at(i) for i in range(len(plist.keys))]
        assert {r.paper_id for r in rows if r.fulltext} == {SAVED, CITED}


async def test_b_fetches_a_cited_paper_into_the_library_and_bookmarks_it(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(library_dir)
    serve_arxiv(httpserver, monkeypatch, app)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        top = pane.scroll_offset.y
        await pilot.press("tab", "tab", "b")  # [2], not in the library
        await until(pilot, lambda: f"Bookmarked {MISSING}" in said(app), what="the bookmark")
        assert f"Added {MISSING} to your library from arXiv" in said(app)
        assert pane.scroll_offset.y == top  # b did not page
        assert f"● in your library ({MISSING})" in panel_text(reading)
        assert "● [2] R. Child" in pane.text
        await pilot.press("b")  # in the library now: no second fetch; b again removes it
        await until(pilot, lambda: f"Removed the bookmark of {MISSING}" in said(app))
        await pilot.press("b")
        await until(pilot, lambda: said(app).count(f"Bookmarked {MISSING}") == 2)
    asked = [r for r, _ in httpserver.log if r.path == "/api/query"]
    assert len(asked) == 1 and asked[0].args["id_list"] == MISSING
    with Library(library_dir / "library.sqlite3") as library:
        assert library.get(MISSING).title == f"Reference {MISSING}"  # type: ignore[union-attr]
        assert library.states_for([MISSING])[MISSING].bookmarked


async def test_y_copies_the_cited_papers_citation(library_dir: Path) -> None:
    app = make_app(library_dir)
    copied: list[bytes] = []

    def tmux(argv: Sequence[str], data: bytes, timeout: float) -> int:
        copied.append(data)
        return 0

    env = {"SSH_TTY": "/dev/pts/1", "TMUX": "/tmp/tmux-1/default,1,0"}
    app.copier = partial(copy_text, env=env, run=tmux)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        await pilot.press("tab", "y")
        await until(pilot, lambda: copied, what="the copy")
        assert "Attention Is All You Need" in copied[0].decode()
        await until(pilot, lambda: f"for {CITED} put in tmux's paste buffer" in said(app))
        assert reading.selection is None and reading.reference is not None


async def test_an_entry_without_arxiv_id_offers_its_doi_link(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)  # over SSH: no browser
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        await pilot.press("shift+tab", "b")  # [5]: a DOI only
        await until(pilot, lambda: "has no arXiv id: papertui fetches papers" in said(app))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CopyFallbackScreen), what="the link")
        assert app.screen.text == "https://doi.org/10.1145/1468075.1468121"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reading)
        await pilot.press("escape", "R")
        await until(pilot, lambda: isinstance(app.screen, ReferencesPicker), what="the list")
        await pilot.press("end", "enter")  # [6]: no id at all
        await until(pilot, lambda: app.screen is reading)
        assert reading.reference is not None and reading.reference.label == "[6]"
        await pilot.press("enter")
        await until(pilot, lambda: "[6] has no arXiv id or DOI: nothing to fetch." in said(app))


async def test_r_lists_the_references_marked_in_the_library(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        reading = await open_saved(pilot, app)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ReferencesPicker), what="the list")
        picker = app.screen.query_one("#references-picker")
        prompts = [str(picker.get_option_at_index(i).prompt) for i in range(6)]  # type: ignore[attr-defined]
        assert [p[:5] for p in prompts] == ["● [1]", "○ [2]", "○ [3]", "○ [4]", "○ [5]", "○ [6]"]
        assert picker.border_title == "References: 6, 1 in your library (●)"
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.screen is reading)
        assert reading.reference is not None and reading.reference.label == "[2]"
        assert reading.cite is None  # chosen from the list, not from the text
