"""Cite as you write from the reader (issue 20): LaTeX `\\cite{…}`, Pandoc `[@…]` and the
keys alone, for the paper under the cursor or the marked ones in marking order, with the
keys `papertui pick` prints; with `[writing] bib` the papers are added to that .bib first.

Real store, real .bib files in tmp dirs, the real `copy_text`; only its outside edge (the
system clipboard call) is faked."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import bibtexparser
import pytest
from textual.pilot import Pilot

from conftest import BuiltLibraries
from papertui.cite.commands import cite_command, cite_keys
from papertui.cli.main import main
from papertui.clipboard import copy_text
from papertui.config import Config, load_config
from papertui.models import Author
from papertui.paths import LibraryPaths
from papertui.store import Library
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.screens.cite_picker import CitePickerScreen
from test_ui_state import messages, plist
from test_ui_support import (  # noqa: F401
    HOSTILE_TITLE,
    isolated,
    make_indexed_library,
    paper,
    until,
)

SIZE = (120, 32)
PAPERS = [
    paper(1, title="Diffusion models for images", authors=(Author("Ana Pérez"),),
          published="2023-05-01"),
    paper(2, title="Latent diffusion for audio", authors=(Author("Dee Ng"),),
          published="2024-02-01"),
    paper(3, title="Sparse graphs and their spectra", authors=(Author("Carl Diaz"),),
          published="2022-03-01"),
    paper(4, title=HOSTILE_TITLE, authors=(Author("[i]Eve[/i] Ro"),), published="2021-01-01"),
]  # fmt: skip
# (newest first in the list: 2, 1, 3, 4)
NG, PEREZ, DIAZ = (
    "ng2024latentdiffusionaudio",
    "perez2023diffusionmodelsimages",
    "diaz2022sparsegraphsspectra",
)


@pytest.fixture
def data(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, PAPERS)


def app_for(data: Path, style: str, bib: Path | None = None) -> tuple[PaperTUI, list[str]]:
    config = Config(citation_style=style, mark_read_after=0, writing_bib=bib)
    app = make_app(data, config=config, prefs_file=data / "prefs.json")
    copied: list[str] = []
    app.copier = partial(copy_text, env={}, local_copy=copied.append)  # type: ignore[method-assign]
    return app, copied


async def said(pilot: Pilot, start: str) -> str:
    app: PaperTUI = pilot.app  # type: ignore[assignment]
    await until(pilot, lambda: any(m.startswith(start) for m in messages(app)), what=start)
    return next(m for m in messages(app) if m.startswith(start))


async def goto(pilot: Pilot, paper_id: str) -> None:
    app: PaperTUI = pilot.app  # type: ignore[assignment]
    await pilot.press("g")
    while (row := plist(app).row_at(plist(app).cursor)) is not None and row.paper_id != paper_id:
        await pilot.press("j")


@pytest.mark.parametrize(
    ("fmt", "down", "expected"),
    [
        ("cite-latex", 10, f"\\cite{{{NG}}}"),
        ("cite-pandoc", 11, f"[@{NG}]"),
        ("cite-key", 12, NG),
    ],
)
async def test_the_picker_offers_each_command_with_a_preview(
    data: Path, fmt: str, down: int, expected: str
) -> None:
    app, copied = app_for(data, "bibtex")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("Y")
        await until(pilot, lambda: isinstance(app.screen, CitePickerScreen))
        await pilot.press(*["j"] * down)
        preview = app.screen.query_one("#cite-preview")
        await until(pilot, lambda: str(preview.render()) == expected, what=expected)
        await pilot.press("enter")
        await said(pilot, f"{expected} copied to the system clipboard")
        assert copied == [expected]


async def test_marked_papers_are_cited_in_marking_order_with_stable_keys(data: Path) -> None:
    app, copied = app_for(data, "cite-pandoc")
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "2401.00003")
        await pilot.press("space")
        await goto(pilot, "2401.00002")
        await pilot.press("space", "y")
        await said(pilot, f"[@{DIAZ}; @{NG}] copied")
        await pilot.press("y")
        await until(pilot, lambda: len(copied) == 2)
        assert copied == [f"[@{DIAZ}; @{NG}]"] * 2


async def test_a_paper_keeps_the_key_a_synced_bib_gave_it(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    with Library(LibraryPaths(data).store) as library:  # its metadata changes later
        library.import_papers([PAPERS[2].with_changes(title="Dense graphs")])
    app, copied = app_for(data, "cite-latex")
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "2401.00003")
        await pilot.press("space")
        await goto(pilot, "2401.00001")
        await pilot.press("space", "y")
        await said(pilot, "\\cite{")
    assert copied == [f"\\cite{{{DIAZ},{PEREZ}}}"]


async def test_an_untrusted_title_and_author_give_a_plain_key(data: Path) -> None:
    app, copied = app_for(data, "cite-latex")
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "2401.00004")
        await pilot.press("y")
        message = await said(pilot, "\\cite{")
    (text,) = copied
    assert re.fullmatch(r"\\cite\{[a-z0-9]+\}", text), text
    assert message == f"{text} copied to the system clipboard"


async def test_writing_bib_gets_the_entries_before_the_command_is_copied(
    data: Path, tmp_path: Path
) -> None:
    refs = tmp_path / "refs.bib"
    refs.write_text("@book{mine,\n  title = {Mine},\n}\n", encoding="utf-8")
    app, copied = app_for(data, "cite-latex", bib=refs)
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "2401.00001")
        await pilot.press("space")
        await goto(pilot, "2401.00002")
        await pilot.press("space", "y")
        command = f"\\cite{{{PEREZ},{NG}}}"
        await said(pilot, f"{command} copied to the system clipboard; added 2 papers to {refs}")
        app.clear_notifications()
        await pilot.press("y")  # again: already there, same keys
        await said(pilot, f"{command} copied to the system clipboard; already in {refs}")
    assert copied == [command, command]
    parsed = bibtexparser.parse_string(refs.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    assert {e.key for e in parsed.entries} == {"mine", PEREZ, NG}


async def test_nothing_is_copied_when_the_bib_cannot_take_the_entries(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    edited = refs.read_text(encoding="utf-8").replace("Sparse graphs", "Sparse graphs (mine)")
    refs.write_text(edited, encoding="utf-8")
    app, copied = app_for(data, "cite-pandoc", bib=refs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        message = await said(pilot, "Nothing copied for 2401.00002: ")
    assert "edited by hand" in message and str(refs) in message
    assert copied == []
    assert refs.read_text(encoding="utf-8") == edited


async def test_a_bib_in_a_missing_directory_is_said_and_nothing_copied(
    data: Path, tmp_path: Path
) -> None:
    refs = tmp_path / "no-such-dir" / "refs.bib"
    app, copied = app_for(data, "cite-key", bib=refs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        message = await said(pilot, "Nothing copied for 2401.00002: ")
    assert message.endswith(f"the directory {refs.parent} does not exist")
    assert copied == [] and not refs.parent.exists()


async def test_the_palette_offers_the_commands_as_plain_text(data: Path) -> None:
    from textual.command import DiscoveryHit

    from papertui.ui.providers.cite import CiteCommands

    app, _ = app_for(data, "cite-pandoc")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        hits = [h async for h in CiteCommands(app.screen).discover() if isinstance(h, DiscoveryHit)]
        helps = {str(hit.prompt): hit.help for hit in hits}
    assert helps["Copy citation as Pandoc [@…]"] == "the style y copies"
    assert helps["Copy citation as LaTeX \\cite{…}"] == "y copies Pandoc \\[@…]"
    assert "Copy citation as Citation key" in helps


def test_keys_are_unique_among_the_cited_papers_and_known_ones_kept() -> None:
    twin = paper(7, title="Latent diffusion for audio", authors=(Author("Dee Ng"),),
                 published="2024-02-01")  # fmt: skip
    keys = cite_keys([PAPERS[1], twin, PAPERS[2]], {"2401.00003": "mykey"})
    assert keys == {"2401.00002": NG, "2401.00007": NG + "a", "2401.00003": "mykey"}
    assert cite_command("pandoc", ["a", "b"]) == "[@a; @b]"
    with pytest.raises(ValueError, match="unknown citation command"):
        cite_command("harvard", ["a"])


def test_config_writing_bib_and_a_command_as_the_y_style(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[cite]\ndefault = "cite-latex"\n[writing]\nbib = "~/thesis/refs.bib"\n')
    config = load_config(path)
    assert config.citation_style == "cite-latex" and config.problems == ()
    assert config.writing_bib == Path("~/thesis/refs.bib").expanduser()
    path.write_text("[writing]\nbib = 3\n")
    config = load_config(path)
    assert config.writing_bib is None and config.problems == (
        "[writing] bib: expected the path of a .bib file",
    )
