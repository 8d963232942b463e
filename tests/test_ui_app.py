"""Pilot tests of the reader: navigation, details, help, first run, themes, safety."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from conftest import BuiltLibraries
from papertui.config import load_config, prefs_path
from papertui.models import Author
from papertui.ui.app import make_app
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.screens.detail import DetailScreen
from papertui.ui.screens.first_run import FirstRunScreen
from papertui.ui.screens.help import HelpScreen
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_ui_support import (  # noqa: F401
    HOSTILE_TITLE,
    isolated,
    make_indexed_library,
    make_library,
    paper,
    run_command,
    until,
)


def body_text(detail: PaperDetail) -> str:
    return detail.body.plain


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 301)])


async def test_list_navigation_updates_detail(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        plist = app.screen.query_one(PaperList)
        assert len(plist.keys) == 300
        assert app.focused is plist
        detail = app.screen.query_one(PaperDetail)
        first = detail.paper
        assert first is not None
        await pilot.press("j", "j", "down")
        await pilot.pause()
        assert plist.cursor == 3
        assert detail.paper is not None and detail.paper.id != first.id
        await pilot.press("k")
        assert plist.cursor == 2
        await pilot.press("G")
        assert plist.cursor == 299
        await pilot.press("g")
        assert plist.cursor == 0
        await pilot.press("pagedown")
        assert plist.cursor > 10
        await pilot.press("pageup")
        assert plist.cursor == 0
        await pilot.pause()
        assert detail.paper is not None and detail.paper.id == first.id


async def test_rows_are_fetched_lazily(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        plist = app.screen.query_one(PaperList)
        assert len(plist._rows) <= 64  # one block, not 300 rows
        await pilot.press("G")
        await pilot.pause()
        assert len(plist._rows) <= 3 * 64


async def test_click_selects_row(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        plist = app.screen.query_one(PaperList)
        await pilot.click(PaperList, offset=(10, 4))
        await pilot.pause()
        assert plist.cursor == 4
        assert app.screen.query_one(PaperDetail).paper.id == plist.row_at(4).paper_id


async def test_enter_and_tab_move_between_panes(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.focused, PaperDetail)
        await pilot.press("tab")
        assert app.focused.id == "query"
        await pilot.press("tab")
        assert isinstance(app.focused, PaperList)
        await pilot.press("slash")
        assert app.focused.id == "query"
        await pilot.press("escape")
        assert isinstance(app.focused, PaperList)


async def test_sort_cycles(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.search.browse_sort == "date"
        await pilot.press("s")
        assert screen.search.browse_sort == "title"
        first = screen.query_one(PaperList).row_at(0)
        assert first is not None and first.title.plain.startswith("Paper number 1:")
        await pilot.press("s", "s")
        assert screen.search.browse_sort == "date"


async def test_narrow_terminal_opens_details_full_screen(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert not app.screen.query_one("#detail").display
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert "Paper number" in body_text(app.screen.detail)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


class FakeBrowser:
    """The outside world's browser: it takes a page or refuses it."""

    name = "fakefox"

    def __init__(self, works: bool) -> None:
        self.works = works
        self.opened: list[str] = []

    def open(self, url: str) -> bool:
        self.opened.append(url)
        return self.works


@pytest.mark.parametrize("works", [True, False])
async def test_o_opens_the_page_or_says_it_could_not(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch, works: bool
) -> None:
    browser = FakeBrowser(works)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("webbrowser.get", lambda: browser)
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await until(pilot, lambda: app._notifications or isinstance(app.screen, CopyFallbackScreen))
        (url,) = browser.opened
        assert url.startswith("https://arxiv.org/abs/2401.")
        if works:
            assert [n.message for n in app._notifications] == [f"Opened in the browser: {url}"]
        else:
            assert app.screen.query_one(TextArea).text == url
            assert "fakefox" in str(app.screen.query_one("#copy-why", Static).render())


async def test_o_without_a_display_shows_the_address_instead(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("webbrowser.get", lambda: pytest.fail("no browser may be started"))
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, CopyFallbackScreen)
        assert app.screen.query_one(TextArea).text.startswith("https://arxiv.org/abs/2401.")
        assert not app.screen.query("#copy-path")  # nothing was saved to a file
        assert not app._notifications  # no "Opening …" that never happens


async def test_help_lists_every_binding(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {e.binding_id for s in app.screen.sections for e in s.entries}
        for binding_id in (
            "app.quit",
            "app.help",
            "app.palette",
            "main.search",
            "main.sort",
            "main.open",
            "list.down",
            "list.open",
            "search.leave",
        ):
            assert binding_id in ids
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_keymap_from_config(library_dir: Path, tmp_path: Path) -> None:
    config_file = tmp_path / "config" / "config.toml"
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('[keys]\n"list.down" = "n"\n')
    app = make_app(library_dir, config=load_config(config_file))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        plist = app.screen.query_one(PaperList)
        await pilot.press("n")
        assert plist.cursor == 1
        await pilot.press("question_mark")
        await pilot.pause()
        entry = next(
            e for s in app.screen.sections for e in s.entries if e.binding_id == "list.down"
        )
        assert entry.keys == "n"


async def test_empty_library_explains_how_to_fill_it(isolated: Path) -> None:  # noqa: F811
    app = make_app(isolated)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        text = str(app.screen.query_one("#welcome").render())
        assert "papertui import FILE" in text and "papertui --demo" in text
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_untrusted_text_is_shown_literally(isolated: Path) -> None:  # noqa: F811
    hostile = paper(
        1,
        title=HOSTILE_TITLE,
        abstract="[bold]Abstract[/bold] \x1b[2J cleared?\x1b]0;title\x07",
        authors=(Author("[red]Eve[/red] \x1b[5mblink"),),
    )
    make_library(isolated, [hostile])
    app = make_app(isolated)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        row = app.screen.query_one(PaperList).row_at(0)
        assert row is not None
        assert row.title.plain.startswith("[bold red]Pwned[/] red [link=https://evil]click[/link]")
        assert not row.title.spans
        shown = body_text(app.screen.query_one(PaperDetail))
        assert "[bold red]Pwned[/]" in shown and "[red]Eve[/red] blink" in shown
        assert "[bold]Abstract[/bold]" in shown
        assert not any(ch in shown for ch in "\x1b\x07\r")
        lines = app.screen.query_one(PaperList).render_line(0).text
        assert "\x1b" not in lines and "[bold red]Pwned[/]" in lines


async def test_theme_is_remembered(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "papertui"
        app.theme = "papertui-light"
        await pilot.pause()
    assert json.loads(prefs_path().read_text())["theme"] == "papertui-light"
    again = make_app(library_dir)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "papertui-light"


async def test_command_palette_runs_actions(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await run_command(pilot, "sort by title")
        await until(pilot, lambda: app.screen.search.browse_sort == "title", what="the sort")


async def test_screenshot_goes_where_it_can_and_says_where(
    isolated: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import platformdirs

    blocked = tmp_path / "not-a-dir"
    blocked.write_text("", encoding="utf-8")  # Downloads cannot be made under a file
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: blocked / "Downloads")
    app = make_app(make_library(isolated, [paper(n) for n in range(1, 4)]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_screenshot(filename="shot.svg")
        await pilot.pause()
        saved = Path(os.environ["PAPERTUI_CACHE_DIR"]) / "screenshots" / "shot.svg"
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        assert [n.message for n in app._notifications] == [f"Screenshot saved to {saved}"]


@pytest.mark.parametrize("key", ["escape", "h", "left"])
async def test_back_from_the_details_pane_to_the_list(library_dir: Path, key: str) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"graph", "enter")  # a search, then to the results
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, PaperDetail)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.focused, PaperList)
        assert app.screen.search.query_text == "graph"  # esc went back; it did not clear the search


@pytest.mark.parametrize("width", [80, 120])
async def test_the_footer_follows_the_focus_in_the_style_of_its_width(
    library_dir: Path, width: int
) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(library_dir)
    async with app.run_test(size=(width, 30)) as pilot:

        def shown() -> list[str]:
            keys = app.screen.query(FooterKey)
            return [k.action for k in keys if not k.has_class("-command-palette")]

        def wanted() -> list[str]:
            bindings = app.screen.active_bindings.values()
            return list(dict.fromkeys(b.action for (_, b, _, _) in bindings if b.show))

        await until(pilot, lambda: shown() and shown() == wanted(), what="the list's keys")
        assert "leave" not in shown()
        await pilot.press("slash")  # the query box: its escape key joins the footer
        await until(pilot, lambda: "leave" in shown() and shown() == wanted(), what="box keys")
        await pilot.press("escape")
        await until(pilot, lambda: "leave" not in shown() and shown() == wanted(), what="again")
        for key in app.screen.query(FooterKey).exclude(".-command-palette"):
            assert key.has_class("-compact") == (width == 80), key.action


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36)])
async def test_quit_and_help_stay_visible_in_the_footer(
    library_dir: Path, size: tuple[int, int]
) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(library_dir)
    async with app.run_test(size=size) as pilot:

        def footer_keys() -> dict[str, FooterKey]:
            return {k.action: k for k in app.screen.query(FooterKey)}

        def laid_out() -> bool:
            keys = footer_keys()
            return all(a in keys and keys[a].region.width for a in ("quit", "help"))

        await until(pilot, laid_out, what="the footer's layout")
        keys = footer_keys()
        for action in ("quit", "help"):
            region = keys[action].region
            assert region.width > 0 and region.right <= size[0], (action, region)
