"""Pilot tests: watches, reading lists and updated papers in the reader, on real
libraries, indexes and config files in tmp dirs (arXiv/HF from a local HTTP server)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from rich.style import Style
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from conftest import BuiltLibraries
from papertui.cli.main import main
from papertui.clipboard import CopyResult
from papertui.config import Config
from papertui.fetch import Fetcher, RetryPolicy
from papertui.models import Author
from papertui.paths import LibraryPaths
from papertui.store import Library
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.row_data import Row
from papertui.ui.rows import row_segments
from papertui.ui.screens.choice_dialogs import ChoiceScreen, NamePromptScreen
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.search_session import list_query, list_query_name
from papertui.ui.watch_tracker import watch_news
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_fetch_support import hf_item
from test_ui_state import index_ready, messages
from test_ui_support import isolated, make_indexed_library, pane_text, paper, until  # noqa: F401
from test_update import QUERY, arxiv, atom  # noqa: F401

SIZE = (120, 32)


def papers() -> list:
    return [
        paper(1, title="Diffusion models for images"),
        paper(2, title="Graph networks"),
        paper(3, title="Sparse graphs", authors=(Author("Ana Pérez"),)),
        paper(4, title="Protein folding"),
    ]


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, papers())


@pytest.fixture
def config_file(isolated_dirs: Path) -> Path:
    path = isolated_dirs / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# mine\ntheme = "papertui"\n', encoding="utf-8")
    return path


def app_for(data_dir: Path) -> PaperTUI:
    app = make_app(data_dir, config=Config(mark_read_after=0), prefs_file=data_dir / "prefs.json")
    app.make_fetcher = lambda: Fetcher.create(retry=RetryPolicy(attempts=1))  # type: ignore[method-assign]
    return app


def plist(app: PaperTUI) -> PaperList:
    return app.screen.query_one(PaperList)


def rows(app: PaperTUI) -> dict[str, Row]:
    found = [plist(app).row_at(i) for i in range(len(plist(app).keys))]
    return {row.paper_id: row for row in found if row is not None}


def listed(app: PaperTUI) -> list[str]:
    return list(rows(app))


def watched(app: PaperTUI) -> set[str]:
    plist(app).invalidate()  # read the rows as they would be painted now
    return {paper_id for paper_id, row in rows(app).items() if row.watched}


def news(app: PaperTUI) -> str:
    return app.screen.status.watch_news  # type: ignore[attr-defined]


def watches_in(path: Path) -> dict[str, dict[str, str]]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("watch", {})


async def palette(pilot: Pilot, command: str) -> None:
    """Run a palette command by its label, once the palette lists it."""
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*command)

    def offered() -> bool:
        options = pilot.app.screen.query_one(CommandList).options
        return bool(options) and str(options[0].prompt).startswith(command)

    await until(pilot, offered, what=f"the palette offering {command!r}")
    await pilot.press("enter")


async def search(pilot: Pilot, query: str, expected: list[str] | None = None) -> None:
    await pilot.press("slash", *query, "enter")
    if expected is not None:
        await until(pilot, lambda: listed(pilot.app) == expected)  # type: ignore[arg-type]


# ---- pure parts ------------------------------------------------------------------------
def test_watch_news_names_each_watch() -> None:
    assert watch_news({}) == ""
    assert watch_news({"diffusion": ["a", "b", "c"]}) == "3 new for diffusion"
    both = {"diffusion": ["a", "b", "c"], "ana pérez": ["c", "d"]}
    assert watch_news(both) == "4 new: 3 diffusion, 2 ana pérez"  # c counts once in all


def test_list_queries_round_trip() -> None:
    for name in ("thesis", "thesis ch.2", "a:b"):
        assert list_query_name(list_query(name)) == name
    assert list_query_name("list:thesis graphs") is None
    assert list_query_name("graphs") is None


def test_the_watch_marker_takes_the_state_column() -> None:
    def line(**flags: bool) -> str:
        row = Row(key=1, paper_id="x", title=__import__("rich.text").text.Text("T"), **flags)
        segments, cells = row_segments(row, 100, lambda _: Style())
        assert cells == 100  # the same layout for every marker
        return "".join(s.text for s in segments)

    assert line(watched=True, new=True, unread=True)[:4] == "  ! "
    assert line(new=True, unread=True)[:4] == "  + "
    assert line(unread=True)[:4] == "  • "
    titles = {line(watched=True).index("T"), line(new=True).index("T"), line().index("T")}
    assert titles == {4}


# ---- watches ---------------------------------------------------------------------------
async def test_watch_this_search_saves_it_in_the_config_and_says_where(
    library_dir: Path, config_file: Path
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "diffusion", ["2401.00001"])
        await palette(pilot, "Watch this search")
        await until(pilot, lambda: isinstance(app.screen, NamePromptScreen))
        assert app.screen.query_one("#name-input").value == "diffusion"  # the default
        await pilot.press("enter")
        await until(pilot, lambda: any("Watching 'diffusion'" in m for m in messages(app)))
        said = next(m for m in messages(app) if "Watching" in m)
        assert str(config_file) in said and "1 paper matches now" in said
    assert watches_in(config_file) == {"diffusion": {"query": "diffusion"}}
    assert config_file.read_text(encoding="utf-8").startswith('# mine\ntheme = "papertui"\n')
    with Library(LibraryPaths(library_dir).store) as library:
        assert library.has_watch_run("diffusion")  # its baseline: nothing flagged
        assert library.unseen_watch_hits() == {}


async def test_watching_without_a_search_says_what_to_do(
    library_dir: Path, config_file: Path
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await palette(pilot, "Watch this search")
        await until(pilot, lambda: any("Type a search first" in m for m in messages(app)))
    assert watches_in(config_file) == {}


async def test_watch_this_author_picks_among_the_authors(
    library_dir: Path, config_file: Path
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "protein", ["2401.00004"])
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("down", "enter")  # the second author
        await until(pilot, lambda: isinstance(app.screen, NamePromptScreen))
        await pilot.press("ctrl+u", *"turing", "enter")
        await until(pilot, lambda: any("Watching 'turing'" in m for m in messages(app)))
    assert watches_in(config_file) == {"turing": {"author": "Alan Turing"}}


async def test_a_name_already_watched_is_refused_and_the_config_kept(
    library_dir: Path, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(library_dir), "watch", "add", "diffusion", "graph"]) == 0
    before = config_file.read_text(encoding="utf-8")
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "diffusion", ["2401.00001"])
        await palette(pilot, "Watch this search")
        await until(pilot, lambda: isinstance(app.screen, NamePromptScreen))
        await pilot.press("enter")
        await until(pilot, lambda: any("Watch not saved" in m for m in messages(app)))
        assert any("exists already" in m for m in messages(app))
    assert config_file.read_text(encoding="utf-8") == before


async def test_papers_another_papertui_imports_are_flagged_until_read(
    library_dir: Path, config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = ["--data-dir", str(library_dir), "watch", "add"]
    assert main([*cli, "diffusion", "diffusion"]) == 0  # baseline: paper 1
    assert main([*cli, "ana", "--author", "Ana Pérez"]) == 0  # baseline: paper 3
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        assert watched(app) == set() and news(app) == ""
        with Library(LibraryPaths(library_dir).store) as other:  # no watch run: the reader's
            other.import_papers(
                [
                    paper(10, title="Latent diffusion for audio"),
                    paper(11, title="Diffusion on graphs", authors=(Author("Ana Pérez"),)),
                    paper(12, title="Unrelated"),
                ]
            )
        await until(pilot, lambda: news(app) == "2 new: 2 diffusion, 1 ana", what="the news")
        await search(pilot, "is:watched", None)
        await until(pilot, lambda: set(listed(app)) == {"2401.00010", "2401.00011"})
        assert watched(app) == {"2401.00010", "2401.00011"}
        await pilot.pause()  # (painted)
        assert plist(app).render_line(0).text[:4] == "  ! "
        first = listed(app)[plist(app).cursor]
        await pilot.press("u")  # read (as the details' dwell does): no longer new
        left = "1 new: 1 diffusion, 1 ana" if first == "2401.00010" else "1 new for diffusion"
        await until(pilot, lambda: news(app) == left, what="one left")
        assert watched(app) == {"2401.00010", "2401.00011"} - {first}
        await pilot.press("u")  # unread again: new again
        await until(pilot, lambda: news(app) == "2 new: 2 diffusion, 1 ana", what="back")


async def test_a_fetch_in_the_reader_flags_what_the_watches_match(
    library_dir: Path,
    config_file: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--data-dir", str(library_dir), "watch", "add", "numbers", "number"]) == 0
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/api/daily_papers").respond_with_json([hf_item(1), hf_item(2)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await pilot.press("F")
        await until(pilot, lambda: news(app) == "2 new for numbers", what="the news")
        assert watched(app) == {"2406.00001", "2406.00002"}


# ---- reading lists -----------------------------------------------------------------------
def list_items(data_dir: Path, name: str) -> list[str]:
    with Library(LibraryPaths(data_dir).store) as library:
        return library.list_items(name)


async def test_marked_papers_go_to_a_list_and_a_new_one(library_dir: Path) -> None:
    with Library(LibraryPaths(library_dir).store) as library:
        library.create_list("thesis ch.2")
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        order = listed(app)
        await pilot.press("space", "space")  # mark the first two
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("down", "enter")  # "New list…" comes first, then the lists
        await until(pilot, lambda: any("Added 2 papers to thesis ch.2" in m for m in messages(app)))
        assert list_items(library_dir, "thesis ch.2") == order[:2]  # in marking order
        await pilot.press("escape")  # unmark: the paper under the cursor alone
        await palette(pilot, "Add to list")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")  # New list…
        await until(pilot, lambda: isinstance(app.screen, NamePromptScreen))
        await pilot.press(*"reading group", "enter")
        await until(pilot, lambda: any("to reading group (1 paper)" in m for m in messages(app)))
        assert list_items(library_dir, "reading group") == [order[2]]
        await search(pilot, "list:thesis", [])  # not a prefix: the list's whole name


async def test_a_list_opens_in_its_order_and_papers_move_in_it(library_dir: Path) -> None:
    with Library(LibraryPaths(library_dir).store) as library:
        library.create_list("thesis")
        library.add_to_list("thesis", ["2401.00003", "2401.00001", "2401.00004"])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await palette(pilot, "Open list: thesis")
        await until(pilot, lambda: listed(app) == ["2401.00003", "2401.00001", "2401.00004"])
        assert app.screen.query_one("#query").value == "list:thesis"
        await pilot.press("J")  # 2401.00003 one down, the cursor with it
        await until(pilot, lambda: listed(app) == ["2401.00001", "2401.00003", "2401.00004"])
        assert listed(app)[plist(app).cursor] == "2401.00003"
        await pilot.press("ctrl+down")
        await until(pilot, lambda: listed(app)[2] == "2401.00003")
        assert list_items(library_dir, "thesis") == ["2401.00001", "2401.00004", "2401.00003"]
        await palette(pilot, "Remove from list")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")
        await until(pilot, lambda: listed(app) == ["2401.00001", "2401.00004"])
        assert list_items(library_dir, "thesis") == ["2401.00001", "2401.00004"]


async def test_moving_outside_a_list_says_how(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await pilot.press("J")
        await until(pilot, lambda: any("Open a reading list first" in m for m in messages(app)))
        await pilot.press("L")  # no lists yet: only "New list…"
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        assert len(app.screen.choices) == 1  # type: ignore[attr-defined]
        await pilot.press("escape")
        await palette(pilot, "Remove from list")
        await until(pilot, lambda: any("in no reading list" in m for m in messages(app)))


# ---- updated papers ----------------------------------------------------------------------
async def test_an_updated_paper_says_so_and_is_cited_as_published(
    arxiv: HTTPServer,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    arxiv.expect_ordered_request(QUERY).respond_with_data(atom(("2406.00001", 1, "", "")))
    assert main(["--data-dir", str(data), "fetch", "arxiv", "--id", "2406.00001"]) == 0
    arxiv.expect_ordered_request(QUERY).respond_with_data(
        atom(("2406.00001", 3, "Phys. Rev. X 12 (2025) 1-9", "10.1103/foo.1"))
    )
    assert main(["--data-dir", str(data), "update", "2406.00001"]) == 0
    app = app_for(data)
    copied: list[str] = []

    def copier(text: str) -> CopyResult:
        copied.append(text)
        return CopyResult("clipboard", "copied")

    app.copier = copier  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        detail = app.screen.query_one(PaperDetail)
        await until(pilot, lambda: "Updated" in pane_text(detail))
        shown = " ".join(pane_text(detail).split())  # (wrapped to the pane)
        assert (
            "Updated v3 (2025-02-13); published in Phys. Rev. X 12 (2025) 1-9; "
            "DOI 10.1103/foo.1 (found " in shown
        )
        await pilot.press("y")
        await until(pilot, lambda: copied)
    bibtex = copied[0]
    assert bibtex.startswith("@article{")  # the published venue, no longer @misc
    fields = dict(line.strip().rstrip(",").split(" = ", 1) for line in bibtex.splitlines()[1:-1])
    assert fields["journal"] == "{Phys. Rev. X}" and fields["volume"] == "{12}"
    assert fields["year"] == "{2025}"  # the journal's year, not the preprint's (2024)
    assert fields["doi"] == "{10.1103/foo.1}"

    narrow = app_for(data)  # the full-screen details (below 100 columns) say it too
    async with narrow.run_test(size=(80, 24)) as pilot:
        await index_ready(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(narrow.screen, DetailScreen))
        full = narrow.screen.detail  # type: ignore[attr-defined]
        await until(pilot, lambda: "Updated" in pane_text(full), what="the update line")


async def test_a_paper_not_updated_has_no_update_line(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        detail = app.screen.query_one(PaperDetail)
        await until(pilot, lambda: detail.paper is not None)
        assert "Updated" not in pane_text(detail)


async def test_a_reader_given_its_own_config_file_saves_watches_there(
    library_dir: Path, config_file: Path, tmp_path: Path
) -> None:
    own = tmp_path / "demo" / "config.toml"  # as the demo reader gets (demo_config)
    app = make_app(library_dir, config=Config(mark_read_after=0), config_file=own)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "graph", None)
        await palette(pilot, "Watch this search")
        await until(pilot, lambda: isinstance(app.screen, NamePromptScreen))
        await pilot.press("enter")
        await until(pilot, lambda: any(str(own) in m for m in messages(app)))
    assert watches_in(own) == {"graph": {"query": "graph"}}
    assert watches_in(config_file) == {}
