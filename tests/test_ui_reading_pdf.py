"""`O` in the reading view: the downloaded PDF handed to the viewer (a script standing in
for it, named as users name theirs: PAPERTUI_PDF_VIEWER), else where the file is, else
why there is no PDF and where it can be had."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.paths import LibraryPaths
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.sources import Download, Source, parse_source
from papertui.ui.app import make_app
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from test_ui_reading import FIXTURES, SAVED, open_reading, open_saved, row_of, save_fixture
from test_ui_support import isolated, make_indexed_library, paper, until  # noqa: F401

PDF_PAPER = "2401.00002"


def save_html_and_pdf(data_dir: Path) -> None:
    save_fixture(data_dir, SAVED)  # from arXiv HTML
    source = Source("arXiv PDF", "pdf", f"https://arxiv.org/pdf/{PDF_PAPER}")
    body = (FIXTURES / "paper.pdf").read_bytes()
    download = Download(source, body, parse_source(source, body), ())
    FullTextStore.for_data_dir(LibraryPaths(data_dir).data_dir).save(PDF_PAPER, download)


@pytest.fixture
def library_dir(
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PAPERTUI_PDF_VIEWER"):
        monkeypatch.delenv(name, raising=False)  # as over SSH, unless a test names a viewer
    papers = [paper(n) for n in range(1, 7)]
    return make_indexed_library(built_libraries, isolated, papers, then=save_html_and_pdf)


def viewer_script(folder: Path, status: int = 0) -> Path:
    """A viewer that writes the arguments it was given next to itself."""
    script = folder / "viewer.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "$0.args"\nexit {status}\n')
    script.chmod(0o755)
    return script


def said(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(n.message) for n in app._notifications)


async def open_pdf_paper(pilot, app):  # type: ignore[no-untyped-def]
    reading = await open_reading(pilot, app, row_of(app, PDF_PAPER))
    await until(pilot, lambda: reading.document is not None, what="the document")
    return reading


async def test_o_hands_the_downloaded_pdf_to_the_named_viewer(
    library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = viewer_script(tmp_path)
    monkeypatch.setenv("PAPERTUI_PDF_VIEWER", f"{script} --page 1")
    app = make_app(library_dir)
    pdf = library_dir / "fulltext" / f"{PDF_PAPER}.pdf"
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pdf_paper(pilot, app)
        await pilot.press("O")
        await until(pilot, lambda: f"Opened {pdf} in viewer.sh" in said(app), what="the viewer")
    args = Path(f"{script}.args").read_text().splitlines()
    assert args == ["--page", "1", str(pdf)]


async def test_o_says_what_went_wrong_and_where_the_file_is(
    library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_PDF_VIEWER", str(viewer_script(tmp_path, status=3)))
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        reading = await open_pdf_paper(pilot, app)
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, CopyFallbackScreen), what="the file")
        shown = app.screen
        assert shown.text == str(library_dir / "fulltext" / f"{PDF_PAPER}.pdf")  # type: ignore[attr-defined]
        assert shown.detail.startswith("Viewer.sh failed (exit status 3)")  # type: ignore[attr-defined]
        assert "Opened" not in said(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is reading)


async def test_o_with_no_display_shows_where_the_pdf_is(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_pdf_paper(pilot, app)
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, CopyFallbackScreen), what="the file")
        assert app.screen.text.endswith(f"fulltext/{PDF_PAPER}.pdf")  # type: ignore[attr-defined]
        assert "no graphical display here" in app.screen.detail.lower()  # type: ignore[attr-defined]


async def test_o_on_a_paper_read_from_html_gives_the_pdfs_address(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_saved(pilot, app)
        await pilot.press("O")
        await until(pilot, lambda: isinstance(app.screen, CopyFallbackScreen), what="the address")
        assert app.screen.text == f"https://arxiv.org/pdf/{SAVED}"  # type: ignore[attr-defined]
        assert "its text came from arXiv HTML" in app.screen.detail  # type: ignore[attr-defined]
