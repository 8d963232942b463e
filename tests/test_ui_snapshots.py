"""One SVG snapshot per important screen state, at fixed sizes, data in tmp_path.

Regenerate with `pytest tests/test_ui_snapshots.py --snapshot-update` and look at
the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from conftest import BuiltLibraries
from papertui.config import Config
from papertui.models import Author
from papertui.paths import LibraryPaths
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.delays import Delays
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_ui_support import HOSTILE_TITLE, isolated, make_indexed_library, paper, until  # noqa: F401

pytest.importorskip("papertui.search.index")

WIDE = (120, 32)
NARROW = (80, 24)


def library(
    built: BuiltLibraries, data_dir: Path, then: Callable[[Path], object] | None = None
) -> Path:
    """The snapshots' library, changed by `then` if given, and its index (built once per
    run, copied)."""
    papers = [paper(n) for n in range(1, 61)]
    papers.append(
        paper(200, title=HOSTILE_TITLE, authors=(Author("[red]Eve[/red]"),), published="2024-12-31")
    )
    papers.append(
        paper(
            201,
            title="Diffusion models for molecule generation: a survey",
            abstract="Denoising diffusion on molecules.\n\nA second paragraph.",
            authors=(Author("Émilie Dubois"), Author("Łukasz Nowak")),
            published="2024-12-30",
            categories=("q-bio.BM",),
        )
    )
    return make_indexed_library(built, data_dir, papers, then)


def app_for(data_dir: Path, theme: str = "papertui") -> PaperTUI:
    config = Config(theme=theme, mark_read_after=0)  # no dwell: snapshots stay stable
    delays = Delays(related=0)  # related papers looked up at once
    app = make_app(data_dir, config=config, prefs_file=data_dir / "prefs.json", delays=delays)
    app.theme = theme
    return app


def steady_cursors(pilot: Pilot) -> None:
    """No blinking cursor in any text box on screen: a snapshot must not depend on
    the moment it is taken."""
    for box in pilot.app.screen.query("Input, TextArea"):
        box.cursor_blink = False  # type: ignore[attr-defined]
        # A TextArea keeps the lines it drew while its cursor blinked off: draw them again.
        box.notify_style_update()
        box.refresh()


def related_settled(app: PaperTUI) -> bool:
    """Every details view on screen shows the paper under the cursor and its related
    papers (the section stays empty until they come)."""
    plist = next(s for s in app.screen_stack if isinstance(s, MainScreen)).query_one(PaperList)
    row = plist.row_at(plist.cursor)
    current = row.paper_id if row is not None else None
    for pane in app.screen.query(PaperDetail):
        shown = pane.paper.id if pane.paper else None
        if shown != current or (current is not None and not pane.related.plain):
            return False
    return True


async def ready(pilot: Pilot, query: str | None = None) -> None:
    app: PaperTUI = pilot.app  # type: ignore[assignment]
    await until(pilot, lambda: app.session.index is not None, what="the index")
    steady_cursors(pilot)
    if query is not None:
        await pilot.press("slash", *query)
        await until(pilot, lambda: app.screen.search.shown_query == query, what="the results")
    await until(pilot, lambda: related_settled(app), what="related papers")
    await pilot.pause()


def test_main_view(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("j", "j")
        await ready(pilot)

    assert snap_compare(
        app_for(library(built_libraries, isolated)), terminal_size=WIDE, run_before=run_before
    )


def test_search_with_highlights(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot, "graph networks")

    assert snap_compare(
        app_for(library(built_libraries, isolated)), terminal_size=WIDE, run_before=run_before
    )


def test_detail_focused(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot, "diffusion")
        await pilot.press("escape", "enter")
        await ready(pilot)

    assert snap_compare(
        app_for(library(built_libraries, isolated)), terminal_size=WIDE, run_before=run_before
    )


def test_help(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(
        app_for(library(built_libraries, isolated)), terminal_size=(120, 40), run_before=run_before
    )


def test_narrow_list(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)

    assert snap_compare(
        app_for(library(built_libraries, isolated)), terminal_size=NARROW, run_before=run_before
    )


def test_narrow_detail(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)

    assert snap_compare(
        app_for(library(built_libraries, isolated)), terminal_size=NARROW, run_before=run_before
    )


def test_light_theme(
    snap_compare,
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot, "graph")

    app = app_for(library(built_libraries, isolated), theme="papertui-light")
    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


def test_first_run(snap_compare, isolated: Path) -> None:  # noqa: F811
    app = app_for(isolated)
    app.paths = LibraryPaths(Path("/home/reader/.local/share/papertui"))  # stable text
    assert snap_compare(app, terminal_size=NARROW)
