"""Finished lines and scrollbar looks are reused, and always match a fresh paint."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from conftest import BuiltLibraries
from papertui.ui.app import make_app
from papertui.ui.delays import Delays
from papertui.ui.render import STOCK_RENDER
from papertui.ui.render.reused_lines import ReusedLines, _runs
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_ui_support import (  # noqa: F401
    count_paints,
    isolated,
    make_indexed_library,
    make_library,
    paper,
    until,
)

needs_overrides = pytest.mark.skipif(
    STOCK_RENDER, reason="the reader's own rendering is off (PAPERTUI_STOCK_RENDER=1)"
)


def whole(widget: Widget) -> Region:
    """All of the widget, padding and border included: what the compositor asks for."""
    return Region(0, 0, *widget.region.size)


def painted(widget: Widget) -> list[list[object]]:
    """The widget's lines as the compositor gets them now (reused where they can be)."""
    return [list(strip) for strip in widget.render_lines(whole(widget))]


def fresh(widget: Widget) -> list[list[object]]:
    """The same lines painted from nothing, the way Textual paints any widget."""
    widget._styles_cache.clear()
    return [list(strip) for strip in Widget.render_lines(widget, whole(widget))]


def test_runs_group_consecutive_lines() -> None:
    assert _runs([]) == []
    assert _runs([3]) == [(3, 4)]
    assert _runs([0, 1, 2, 5, 7, 8]) == [(0, 3), (5, 6), (7, 9)]


@needs_overrides
async def test_scrolling_the_list_a_row_paints_only_the_rows_that_changed(
    isolated: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    built_libraries: BuiltLibraries,
) -> None:
    library = make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 301)])
    app = make_app(library)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        plist = app.screen.query_one(PaperList)
        height = plist.size.height
        for _ in range(height - 1):  # the cursor to the bottom row
            await pilot.press("j")
        await pilot.pause()
        heights = count_paints(monkeypatch, plist)
        for _ in range(5):  # each scrolls the list by a row
            await pilot.press("j")
            await pilot.pause()
        assert plist.scroll_offset.y == 5
        # per move: the row the cursor left and the row it entered; not the whole pane
        assert 0 < sum(heights) <= 2 * 5
        assert painted(plist) == fresh(plist)
        await pilot.press("k", "k", "k")  # back up: the cursor moves, rows come back
        await pilot.pause()
        assert painted(plist) == fresh(plist)


async def test_reused_lines_follow_a_new_theme_and_focus(
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    library = make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 301)])
    app = make_app(library)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        plist = app.screen.query_one(PaperList)
        detail = app.screen.query_one(PaperDetail)
        for _ in range(plist.size.height + 2):
            await pilot.press("j")
        await pilot.pause()
        before = painted(plist)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = painted(plist)
        assert after != before  # other colours...
        assert after == fresh(plist)  # ...and exactly as a fresh paint has them
        detail_unfocused = painted(detail)
        await pilot.press("enter")  # focus the detail pane: its border changes colour
        await pilot.pause()
        assert app.focused is detail
        assert painted(detail) != detail_unfocused
        assert painted(detail) == fresh(detail)


@needs_overrides
async def test_scrolling_the_detail_pane_reuses_its_lines(
    isolated: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long = paper(1, abstract="Graph networks learn on structured data. " * 60)
    app = make_app(make_library(isolated, [long]))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one(PaperDetail)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is detail
        heights = count_paints(monkeypatch, detail)
        await pilot.press("j")  # scroll the pane by a line
        await pilot.pause()
        assert detail.scroll_offset.y == 1
        content_rows = detail.size.height - detail.styles.gutter.bottom
        assert 0 < sum(heights) < content_rows  # the new bottom line (and padding) only
        assert painted(detail) == fresh(detail)


@needs_overrides
async def test_the_detail_scrollbar_keeps_the_looks_of_papers_shown_before(
    isolated: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    papers = [
        paper(1, abstract="Short words repeated for length. " * 40, published="2024-03-01"),
        paper(2, abstract="Much longer text repeated here. " * 90, published="2024-02-01"),
    ]
    # Related papers would lengthen the pane (and so change the bar) whenever they came.
    app = make_app(make_library(isolated, papers), delays=Delays(related=3600))
    async with app.run_test(size=(100, 20)) as pilot:
        await until(pilot, lambda: app.session.index is not None, what="the index")
        await pilot.pause()
        detail = app.screen.query_one(PaperDetail)
        bar = detail.vertical_scrollbar
        first_look = painted(bar)
        await pilot.press("j")  # the longer paper: a shorter thumb
        await pilot.pause()
        assert detail.paper is not None and detail.paper.id == papers[1].id
        assert painted(bar) != first_look
        heights = count_paints(monkeypatch, bar)
        await pilot.press("k")  # back: the bar looks as it did, and is not painted again
        await pilot.pause()
        assert detail.paper is not None and detail.paper.id == papers[0].id
        assert not heights
        assert painted(bar) == first_look == fresh(bar)


class FixedLines(ReusedLines, Widget, can_focus=True):
    """Returns one `Strip` object for every line: only the styles change its look."""

    DEFAULT_CSS = """
    FixedLines { background: red; height: 5; padding: 0 1; }
    FixedLines:focus { background: blue; }
    """
    LINE = Strip([Segment("same content")])

    def render_line(self, y: int) -> Strip:
        return self.LINE


async def test_a_style_change_finishes_lines_again_even_with_the_same_content() -> None:
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()
            yield FixedLines()

    app = Host()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one(FixedLines)
        await pilot.pause()
        unfocused = painted(widget)
        assert unfocused == fresh(widget)
        widget.focus()
        await pilot.pause()
        assert painted(widget) != unfocused  # blue now, though the content strip is the same
        assert painted(widget) == fresh(widget)
