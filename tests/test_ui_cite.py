"""Pilot tests: copying citations (y), the style picker (Y), the no-clipboard fallback.

Only the clipboard's outside edges are faked (environment, pyperclip, tmux,
the terminal writer); the real `copy_text` runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.cite import format_citation
from papertui.clipboard import copy_text
from papertui.config import Config, load_config
from papertui.models import Author
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.rows import make_row
from papertui.ui.screens.cite_picker import CitePickerScreen
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from test_ui_state import current_id, messages, until
from test_ui_support import isolated, make_indexed_library, paper  # noqa: F401

SIZE = (120, 32)
TRICKY = "Attention [bold]is[/bold] all"


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n) for n in range(1, 6)]
    papers.append(paper(99, title=TRICKY, published="2030-01-01", authors=(Author("A B"),)))
    return make_indexed_library(built_libraries, isolated, papers)


def app_for(data_dir: Path, style: str = "bibtex") -> PaperTUI:
    config = Config(citation_style=style, mark_read_after=0)
    return make_app(data_dir, config=config, prefs_file=data_dir / "prefs.json")


class Edges:
    """The world outside the clipboard module: tmux, the terminal, pyperclip."""

    def __init__(self) -> None:
        self.tmux: list[bytes] = []
        self.osc52: list[str] = []

    def run(self, argv: Sequence[str], data: bytes, timeout: float) -> int:
        assert list(argv)[:2] == ["tmux", "load-buffer"]
        self.tmux.append(data)
        return 0

    def fail_local(self, text: str) -> None:
        raise RuntimeError("no xclip")

    def fail_writer(self, sequence: str) -> None:
        raise OSError("no terminal")


async def test_y_copies_the_default_style_via_tmux(library_dir: Path) -> None:
    app = app_for(library_dir)
    edges = Edges()
    env = {"SSH_TTY": "/dev/pts/1", "TMUX": "/tmp/tmux-1/default,1,0"}
    app.copier = partial(copy_text, env=env, run=edges.run)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("y")
        await until(pilot, lambda: edges.tmux)
        expected = format_citation(app.library.get(first), "bibtex")
        assert edges.tmux[0].decode() == expected
        said = f"BibTeX for {first} put in tmux's paste buffer (tmux load-buffer -w;"
        await until(pilot, lambda: any(m.startswith(said) for m in messages(app)))


async def test_y_uses_the_configured_style_and_osc52(library_dir: Path) -> None:
    app = app_for(library_dir, style="apa")
    edges = Edges()
    copy = partial(copy_text, env={"SSH_TTY": "x"}, osc52_writer=edges.osc52.append)
    app.copier = copy  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("y")
        await until(pilot, lambda: edges.osc52)
        assert edges.osc52[0].startswith("\x1b]52;c;")
        said = f"APA 7 for {first} sent to the terminal (OSC 52; terminals do not confirm it)"
        await until(pilot, lambda: any(m.startswith(said) for m in messages(app)))


async def test_Y_picker_previews_each_style_as_plain_text(library_dir: Path) -> None:
    app = app_for(library_dir)
    edges = Edges()
    app.copier = partial(copy_text, env={"SSH_TTY": "x"}, osc52_writer=edges.osc52.append)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert current_id(app) == "2401.00099"  # newest first: the tricky title
        paper_ = app.library.get("2401.00099")
        await pilot.press("Y")
        await until(pilot, lambda: isinstance(app.screen, CitePickerScreen))
        screen = app.screen
        preview = screen.query_one("#cite-preview")
        await until(pilot, lambda: "@" in str(preview.render()))
        assert str(preview.render()) == format_citation(paper_, "bibtex")
        await pilot.press("down", "down")  # BibLaTeX, then APA
        await until(pilot, lambda: str(preview.render()) == format_citation(paper_, "apa"))
        assert "[bold]is[/bold]" in str(preview.render())  # literal, not markup
        await pilot.press("enter")
        await until(pilot, lambda: edges.osc52)
        assert any(
            m.startswith("APA 7 for 2401.00099 sent to the terminal (OSC 52") for m in messages(app)
        )
        assert not isinstance(app.screen, CitePickerScreen)


async def test_no_clipboard_shows_the_text_and_the_file(library_dir: Path, tmp_path: Path) -> None:
    app = app_for(library_dir)
    edges = Edges()
    app.copier = partial(  # type: ignore[method-assign]
        copy_text,
        env={},
        local_copy=edges.fail_local,
        osc52_writer=edges.fail_writer,
        file_dir=tmp_path / "cache",
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = current_id(app)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, CopyFallbackScreen))
        expected = format_citation(app.library.get(first), "bibtex")
        saved = tmp_path / "cache" / "clipboard.txt"
        assert saved.read_text() == expected
        screen = app.screen
        assert screen.query_one("#copy-text").text == expected
        assert screen.query_one("#copy-text").read_only
        assert str(saved) in str(screen.query_one("#copy-path").render())
        assert any(m.startswith("No clipboard here: BibTeX") for m in messages(app))
        await pilot.press("escape")
        assert not isinstance(app.screen, CopyFallbackScreen)


def test_config_cite_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[cite]\ndefault = "MLA"\n[reader]\nmark_read_after = 0\n')
    config = load_config(path)
    assert (config.citation_style, config.mark_read_after, config.problems) == ("mla", 0.0, ())
    path.write_text('[cite]\ndefault = "harvard"\n[reader]\nmark_read_after = "soon"\n')
    config = load_config(path)
    assert config.citation_style == "bibtex" and config.mark_read_after == 1.5
    assert len(config.problems) == 2 and "harvard" in config.problems[0]


def test_dates_show_their_real_precision() -> None:
    month = paper(1, published="2025-02-01", extras={"date_precision": "month"})
    year = paper(2, published="2025-01-01", extras={"date_precision": "year"})
    day = paper(3, published="2025-02-03")
    assert [p.display_published for p in (month, year, day)] == ["2025-02", "2025", "2025-02-03"]
    assert make_row(1, month, None).date == "2025-02"


async def test_the_palette_names_only_the_real_default_style(library_dir: Path) -> None:
    from textual.command import DiscoveryHit

    from papertui.ui.providers.cite import CiteCommands

    app = app_for(library_dir, style="mla")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        provider = CiteCommands(app.screen)
        hits = [hit async for hit in provider.discover() if isinstance(hit, DiscoveryHit)]
        helps = {hit.display: hit.help for hit in hits}
        assert helps["Copy citation as MLA 9"] == "the style y copies"
        others = [h for label, h in helps.items() if label != "Copy citation as MLA 9"]
        assert others and all(h == "y copies MLA 9" for h in others)
