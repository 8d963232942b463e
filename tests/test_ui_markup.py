"""Text from data, config or the user is shown as it is: never read as markup.

A `[/]` in a URL, a tag or a key binding id used to end the reader with a
MarkupError; `[keys]` and `[cite]` in a message vanished (read as styles).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from conftest import BuiltLibraries
from papertui.config import Config, load_config
from papertui.store import Library
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.screens.copy_fallback import CopyFallbackScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from test_ui_support import isolated, make_indexed_library, make_library, paper, until  # noqa: F401

HOSTILE = "[/]x[/][bold]"


def toasts(app: PaperTUI) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def tag_hostile(data_dir: Path) -> None:
    with Library(data_dir / "library.sqlite3") as library:
        library.change_tags(["2401.00001"], add=["[/]"])


@pytest.fixture
def hostile_library(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [
        paper(1, abs_url=f"https://example.org/{HOSTILE}", title="A paper with a hostile URL"),
        paper(2),
    ]
    return make_indexed_library(built_libraries, isolated, papers, then=tag_hostile)


@pytest.mark.parametrize("browser", ["true", ""])
async def test_a_url_with_markup_opens_or_is_offered_as_it_is(
    hostile_library: Path, monkeypatch: pytest.MonkeyPatch, browser: str
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    if browser:  # a browser that takes any URL; else a console: the address is offered
        monkeypatch.setenv("BROWSER", shutil.which(browser) or browser)
    app = make_app(hostile_library, config=Config(mark_read_after=0))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        detail_url = f"https://example.org/{HOSTILE}"
        await pilot.press("j")  # (the second paper by date)
        await until(pilot, lambda: app.screen.query_one(PaperDetail).paper.id == "2401.00001")  # type: ignore[union-attr]
        await pilot.press("o")
        if browser == "true":
            await until(pilot, lambda: any(detail_url in t for t in toasts(app)))
        else:
            await until(pilot, lambda: isinstance(app.screen, CopyFallbackScreen))
            assert app.screen.text == detail_url  # type: ignore[attr-defined]
        assert app.is_running


async def test_a_tag_named_like_markup_in_the_palette(hostile_library: Path) -> None:
    app = make_app(hostile_library, config=Config(mark_read_after=0))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tag")
        await until(pilot, lambda: "Show tag: [/]" in _palette_text(app))
        assert app.is_running


def _palette_text(app: PaperTUI) -> str:
    from textual.widgets import OptionList

    lists = app.screen.query(OptionList)
    return "\n".join(
        str(lst.get_option_at_index(i).prompt) for lst in lists for i in range(lst.option_count)
    )


async def test_config_problems_are_shown_literally(
    isolated: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    make_library(isolated, [paper(1)])
    path = tmp_path / "config.toml"
    path.write_text('[cite]\ndefault = "harvard"\n[keys]\n"[/][/]" = 3\n')
    config = load_config(path)
    app = make_app(isolated, config=config)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await until(pilot, lambda: len(toasts(app)) >= 2)
        shown = "\n".join(toasts(app))
        assert "[keys] [/][/]: expected a key string" in shown
        assert "[cite] default: unknown style 'harvard'" in shown


async def test_a_binding_id_like_markup_in_the_keymap_starts(
    isolated: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    make_library(isolated, [paper(1)])
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"[/][/]" = "x"\n"main.sort" = "[/]"\n')
    app = make_app(isolated, config=load_config(path))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert app.is_running


async def test_the_help_names_the_keys_section(isolated: Path) -> None:  # noqa: F811
    make_library(isolated, [paper(1)])
    app = make_app(isolated, config=Config(mark_read_after=0))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await until(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        assert "remap&#160;in&#160;config&#160;[keys]" in app.export_screenshot()
