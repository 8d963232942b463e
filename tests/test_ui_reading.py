"""Pilot tests of the reading view (`r`): a saved full text, a download, errors, the
outline and jumps, in-paper search."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from conftest import BuiltLibraries
from papertui.clipboard import copy_text
from papertui.paths import LibraryPaths
from papertui.reading.document import MATH, Document, Heading, Paragraph, Span, Table
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.sources import Download, Downloader, Source, parse_source
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.delays import Delays
from papertui.ui.reading_positions import ReadingPositions
from papertui.ui.screens.main import MainScreen
from papertui.ui.screens.reading import ReadingScreen
from papertui.ui.widgets import reading_pane
from papertui.ui.widgets.outline import OutlinePicker
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.reading_pane import ReadingPane
from test_fetch_support import FakeClock
from test_ui_support import isolated, make_indexed_library, make_library, paper, until  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures" / "papers"
HTML = (FIXTURES / "paper.html").read_bytes()
SAVED = "2401.00003"  # the paper whose full text is saved (third in the list)


def with_fake_clock(app: PaperTUI) -> FakeClock:
    """The downloader's rate limiter sleeps on a fake clock (arXiv's 3 s spacing)."""
    clock = FakeClock()
    app.make_downloader = lambda: Downloader.create(clock=clock, sleep=clock.sleep)  # type: ignore[method-assign]
    return clock


def save_fixture(data_dir: Path, arxiv_id: str) -> None:
    source = Source("arXiv HTML", "html", f"https://arxiv.org/html/{arxiv_id}")
    download = Download(source, HTML, parse_source(source, HTML), ())
    FullTextStore.for_data_dir(LibraryPaths(data_dir).data_dir).save(arxiv_id, download)


def save_saved(data_dir: Path) -> None:
    save_fixture(data_dir, SAVED)


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n) for n in range(1, 6)]
    papers.append(paper(9, arxiv_id="", arxiv_version=0, id="doi:10.1000/demo.9", title="Z"))
    return make_indexed_library(built_libraries, isolated, papers, then=save_saved)


@pytest.fixture
def arxiv_html(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """The local server as arXiv's HTML address, serving the fixture paper as 2401.00001."""
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("PAPERTUI_ARXIV_HTML_URL", f"{base}/html")
    httpserver.expect_request("/html/2401.00001").respond_with_data(HTML, content_type="text/html")
    return httpserver


async def open_reading(pilot, app, row: int) -> ReadingScreen:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) > row, what="rows")
    plist = app.screen.query_one(PaperList)
    plist.cursor = row
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, ReadingScreen), what="reading view")
    return app.screen


async def open_saved(pilot, app) -> ReadingScreen:  # type: ignore[no-untyped-def]
    """The saved paper opened from the full list, its document shown."""
    await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
    reading = await open_reading(pilot, app, row_of(app, SAVED))
    await until(pilot, lambda: reading.document is not None, what="the document")
    return reading


def row_of(app, paper_id: str) -> int:  # type: ignore[no-untyped-def]
    plist = app.screen.query_one(PaperList)
    return next(i for i in range(len(plist.keys)) if plist.row_at(i).paper_id == paper_id)


async def test_r_opens_the_saved_text_and_esc_returns_to_the_same_row(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
        row = row_of(app, SAVED)
        reading = await open_reading(pilot, app, row)
        pane = reading.query_one(ReadingPane)
        await until(pilot, lambda: reading.document is not None, what="the document")
        text = pane.text
        assert "Sorting Networks for Sparse Attention: A Test Paper" in text
        assert "Ana Pérez-García, Jonas Müller" in text
        assert "2.1 Sorting keys" in text
        assert "Attn(Q,K,V)=softmax(QKᵀ/(√dₖ))V   (1)" in text  # math, numbered
        assert "Model │ Accuracy │ Time (s)" in text  # a table with aligned columns
        assert "[Figure 1] Speed against sequence length." in text
        assert "References" in text
        assert "saved copy" in reading.status_text
        # math is styled apart from the prose around it
        math_style = pane.get_component_rich_style("reading-pane--math")
        assert any(
            seg.style is not None and seg.style.color == math_style.color and "𝒪" in seg.text
            for line in pane.lines
            for seg in line
        )
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), what="the list")
        assert app.screen.query_one(PaperList).cursor == row


async def test_the_list_marks_papers_with_full_text(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
        plist = app.screen.query_one(PaperList)
        await until(pilot, lambda: plist.row_at(row_of(app, SAVED)).fulltext, what="the ▤ mark")
        marked = [plist.row_at(i).paper_id for i in range(6) if plist.row_at(i).fulltext]
        assert marked == [SAVED]
        drawn = [strip.text for strip in plist.render_lines(plist.region.reset_offset)]
        assert sum("▤" in line for line in drawn) == 1


async def test_outline_pane_and_jumps(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        blocks = reading.document.blocks  # type: ignore[union-attr]
        await pilot.press("T")
        outline = reading.query_one("#outline")
        assert outline.display and outline.option_count == len(reading.document.headings())  # type: ignore[union-attr,attr-defined]
        prompts = [str(outline.get_option_at_index(i).prompt) for i in range(3)]  # type: ignore[attr-defined]
        assert prompts == ["1 Introduction", "2 Method", "  2.1 Sorting keys"]
        await pilot.press("down", "down", "enter")  # 2.1
        assert blocks[pane.top_block()].title == "Sorting keys"  # type: ignore[union-attr]
        await pilot.press("T")
        assert not outline.display and pane.has_focus
        await pilot.press("T", "escape")  # esc closes the outline, not the view
        assert not outline.display and pane.has_focus and app.screen is reading
        await pilot.press("right_square_bracket")
        assert blocks[pane.top_block()].title == "Complexity"  # type: ignore[union-attr]
        await pilot.press("left_square_bracket")
        assert blocks[pane.top_block()].title == "Sorting keys"  # type: ignore[union-attr]
        await pilot.press("right_curly_bracket")
        assert blocks[pane.top_block()].number == "Table 1"  # type: ignore[union-attr]
        await pilot.press("right_curly_bracket")
        assert blocks[pane.top_block()].number == "Figure 1"  # type: ignore[union-attr]
        await pilot.press("left_curly_bracket")
        assert blocks[pane.top_block()].number == "Table 1"  # type: ignore[union-attr]


async def test_narrow_outline_is_a_picker(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        reading = await open_saved(pilot, app)
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, OutlinePicker), what="the picker")
        await pilot.press("down", "down", "down", "enter")  # 2.2 Complexity
        await until(pilot, lambda: app.screen is reading, what="back to the text")
        pane = reading.query_one(ReadingPane)
        assert reading.document.blocks[pane.top_block()].title == "Complexity"  # type: ignore[union-attr]


async def test_find_highlights_and_counts_matches(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        await pilot.press("slash", *"sort")
        count = len(reading.found.matches)
        assert count >= 3
        assert reading.status_text == f"1 of {count} matches"
        current = pane.get_component_rich_style("reading-pane--current-match")
        lit = [
            seg.text
            for line in pane.lines
            for seg in line
            if seg.style is not None and seg.style.bgcolor == current.bgcolor
        ]
        assert [t.lower() for t in lit] == ["sort"]
        await pilot.press("enter", "n")
        assert reading.status_text == f"2 of {count} matches"
        await pilot.press("N", "N")
        assert reading.status_text == f"{count} of {count} matches"
        assert pane.top_block() <= reading.found.matches[-1].block
        await pilot.press("escape")  # leaves the text, not the search
        assert isinstance(app.screen, MainScreen)


async def test_a_paper_not_on_arxiv_says_so_in_one_plain_line(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
        reading = await open_reading(pilot, app, row_of(app, "doi:10.1000/demo.9"))
        pane = reading.query_one(ReadingPane)
        await until(pilot, lambda: "not on arXiv" in pane.text, what="the error")
        assert "https://doi.org/10.1000/demo.9" in pane.text
        assert reading.document is None


async def test_download_from_arxiv_html(library_dir: Path, arxiv_html: HTTPServer) -> None:
    base = arxiv_html.url_for("/").rstrip("/")
    for other in ("ar5iv", "pdf"):  # never asked: the first source has it
        arxiv_html.expect_request(f"/{other}/2401.00001").respond_with_data(b"", status=500)
    app = make_app(library_dir)
    with_fake_clock(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
        reading = await open_reading(pilot, app, row_of(app, "2401.00001"))
        await until(pilot, lambda: reading.document is not None, what="the download")
        assert "2.1 Sorting keys" in reading.query_one(ReadingPane).text
        assert reading.status_text.startswith(f"from arXiv HTML ({base}/html/2401.00001")
        assert "saved copy" not in reading.status_text
        await pilot.press("escape")
        plist = app.screen.query_one(PaperList)
        await until(pilot, lambda: plist.row_at(row_of(app, "2401.00001")).fulltext, what="▤")
    assert FullTextStore.for_data_dir(library_dir).has("2401.00001")  # kept for next time


def save_long_paper(data_dir: Path) -> Document:
    """A library of one paper whose saved full text is the 60-page fixture."""
    make_library(data_dir, [paper(7)])
    source = Source("arXiv HTML", "html", "https://arxiv.org/html/2401.00007")
    body = (FIXTURES / "long60.html").read_bytes()
    document = parse_source(source, body)
    FullTextStore.for_data_dir(data_dir).save("2401.00007", Download(source, body, document, ()))
    return document


async def open_long_paper(pilot, app) -> ReadingPane:  # type: ignore[no-untyped-def]
    reading = await open_reading(pilot, app, 0)
    await until(pilot, lambda: reading.document is not None, what="the document")
    return reading.query_one(ReadingPane)


async def test_a_long_paper_is_wrapped_whole_and_scrolls_to_its_end(isolated: Path) -> None:  # noqa: F811
    document = save_long_paper(isolated)
    app = make_app(isolated)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_long_paper(pilot, app)
        await until(pilot, lambda: pane.wrapped_whole, what="the rest wrapped")
        assert pane.virtual_size.height > 1000
        assert pane.virtual_size.height == len(pane.lines)
        await pilot.press("G")
        last = " ".join(document.references[-1].text.split()[:4]) if document.references else ""
        shown = "\n".join(
            "".join(seg.text for seg in pane.render_line(y)) for y in range(pane.size.height)
        )
        assert last and last in " ".join(shown.split())


async def test_g_before_the_rest_is_wrapped_goes_to_the_papers_end(
    isolated: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading_pane, "WRAP_SLICE", 0)  # no more than the first screens
    save_long_paper(isolated)
    app = make_app(isolated)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_long_paper(pilot, app)
        assert not pane.wrapped_whole
        await pilot.press("G")
        assert pane.wrapped_whole
        assert pane.scroll_y == pane.max_scroll_y == len(pane.lines) - pane.size.height


async def test_the_reading_position_is_remembered_per_paper(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
        row = row_of(app, SAVED)
        reading = await open_reading(pilot, app, row)
        await until(pilot, lambda: reading.document is not None, what="the document")
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        left_at = reading.query_one(ReadingPane).top_block()
        assert reading.document.blocks[left_at].title == "Sorting keys"  # type: ignore[union-attr]
        await pilot.press("escape")
        positions = ReadingPositions(library_dir)
        await until(pilot, lambda: positions.get(SAVED) == left_at, what="the position saved")
        again = await open_reading(pilot, app, row)
        assert again is not reading
        await until(pilot, lambda: again.document is not None, what="the document again")
        pane = again.query_one(ReadingPane)
        await until(pilot, lambda: pane.top_block() == left_at, timeout=5, what="back there")


async def test_the_position_is_written_once_the_text_rests_and_on_q(library_dir: Path) -> None:
    """Written without leaving (a killed reader keeps it), and again by q (quit)."""
    app = make_app(library_dir, delays=Delays(reading_position=0))
    positions = ReadingPositions(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        await pilot.press("right_square_bracket", "right_square_bracket")
        rested_at = pane.top_block()
        await until(pilot, lambda: positions.get(SAVED) == rested_at, what="written at rest")
        assert app.screen is reading  # nothing left the view
        await pilot.press("G")  # Textual scrolls to the end after the next refresh
        await until(pilot, lambda: pane.top_block() != rested_at, what="the end")
        end = pane.top_block()
        await pilot.press("q")
    assert positions.get(SAVED) == end


def test_damaged_positions_are_no_positions(tmp_path: Path) -> None:
    positions = ReadingPositions(tmp_path)
    assert positions.get("2401.00001") == -1
    (tmp_path / "reading_positions.json").write_text('{"2401.00001": "x", "2401.00002": 7')
    assert positions.get("2401.00002") == -1
    positions.put("2401.00002", 3)
    assert positions.get("2401.00002") == 3


async def test_v_selects_paragraphs_and_y_copies_them_as_a_quote(library_dir: Path) -> None:
    app = make_app(library_dir)
    copied: list[bytes] = []

    def tmux(argv: Sequence[str], data: bytes, timeout: float) -> int:
        assert list(argv)[:2] == ["tmux", "load-buffer"]
        copied.append(data)
        return 0

    env = {"SSH_TTY": "/dev/pts/1", "TMUX": "/tmp/tmux-1/default,1,0"}
    app.copier = partial(copy_text, env=env, run=tmux)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_saved(pilot, app)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.press("v", "j", "j", "k")  # 2.1 heading and its first paragraph
        assert reading.selection is not None and list(reading.selection.blocks) == [5, 6]
        assert reading.status_text.startswith("2 paragraphs selected")
        await pilot.press("y")
        await until(pilot, lambda: copied, what="the copy")
        text = copied[0].decode()  # cited from the library record
        assert text.startswith("> 2.1 Sorting keys\n>\n> We sort keys with a network of depth d")
        assert text.endswith("\n\n(Lovelace et al., 2024, §2.1, arXiv:2401.00003v1)")
        assert reading.selection is None
        said = "Quote of 2 paragraphs put in tmux's paste buffer"
        await until(pilot, lambda: any(said in str(n.message) for n in app._notifications))
        await pilot.press("v", "escape")  # esc ends the selection, not the view
        assert reading.selection is None and app.screen is reading


async def test_the_download_is_announced_and_a_failure_is_one_plain_line(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("PAPERTUI_ARXIV_HTML_URL", f"{base}/html")
    monkeypatch.setenv("PAPERTUI_AR5IV_URL", f"{base}/ar5iv")
    monkeypatch.setenv("PAPERTUI_ARXIV_PDF_URL", f"{base}/pdf")
    announced = threading.Event()

    def held(request: Request) -> Response:
        announced.wait(30)  # the answer waits until the view said it is downloading
        return Response(b"", status=404)

    httpserver.expect_request("/html/2401.00002").respond_with_handler(held)
    for other in ("ar5iv", "pdf"):
        httpserver.expect_request(f"/{other}/2401.00002").respond_with_data(b"", status=404)
    app = make_app(library_dir)
    clock = with_fake_clock(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: len(app.screen.query_one(PaperList).keys) == 6, what="rows")
        reading = await open_reading(pilot, app, row_of(app, "2401.00002"))
        pane = reading.query_one(ReadingPane)
        await until(pilot, lambda: "downloading from arXiv HTML…" in pane.text, what="progress")
        assert reading.status_text == "2401.00002: downloading from arXiv HTML…"
        announced.set()
        await until(pilot, lambda: "no source has the text" in pane.text, what="the failure")
        assert pane.text.strip().startswith("no source has the text of 2401.00002: arXiv HTML:")
        assert reading.document is None
    assert not FullTextStore.for_data_dir(library_dir).has("2401.00002")
    assert clock.sleeps == [3.0, 3.0]  # one request to each source, spaced as arXiv asks


async def test_a_papers_text_stays_text(isolated: Path) -> None:  # noqa: F811
    make_library(isolated, [paper(8)])
    hostile = "[bold red]Pwned[/] \x1b[31mred\x1b[0m\x07 \u202eevil"
    document = Document(
        title=hostile,
        authors=("[b]Eve[/b]",),
        abstract=((Span(hostile),),),
        blocks=[
            Heading(1, "1", hostile),
            Paragraph((Span("x "), Span(hostile, MATH))),
            Table("Table 1", hostile, (("[i]a[/i]", "b"), ("\x1b[2J", "d"))),
        ],
    )
    source = Source("arXiv HTML", "html", "https://arxiv.org/html/2401.00008")
    FullTextStore.for_data_dir(isolated).save("2401.00008", Download(source, b"", document, ()))
    app = make_app(isolated)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_reading(pilot, app, 0)
        await until(pilot, lambda: reading.document is not None, what="the document")
        text = reading.query_one(ReadingPane).text
        assert text.count("[bold red]Pwned[/] [31mred[0m evil") == 5  # title … table caption
        assert "[b]Eve[/b]" in text and "[i]a[/i]" in text and "[2J" in text
        assert not any(ch in text for ch in "\x1b\x07\u202e")
        await pilot.press("T")
        outline = reading.query_one("#outline")
        assert str(outline.get_option_at_index(0).prompt) == "1 [bold red]Pwned[/] [31mred[0m evil"  # type: ignore[attr-defined]
