"""Scrollbars repaint only when they would look different."""

from __future__ import annotations

from math import ceil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.scrollbar import ScrollBarRender

from conftest import BuiltLibraries
from papertui.ui.app import make_app
from papertui.ui.render import STOCK_RENDER
from papertui.ui.render.scrollbars import QuietScrollBar, thumb_cells
from papertui.ui.widgets.paper_list import PaperList
from test_ui_support import count_paints, isolated, make_indexed_library, make_library, paper  # noqa: F401

needs_overrides = pytest.mark.skipif(
    STOCK_RENDER, reason="the reader's own rendering is off (PAPERTUI_STOCK_RENDER=1)"
)


def drawn(size: int, virtual: int, window: int, position: float) -> list[str]:
    segments = ScrollBarRender.render_bar(
        size=size, virtual_size=virtual, window_size=window, position=position
    )
    return [segment.text for segment in segments.segments]


@given(
    size=st.integers(2, 60),
    virtual=st.integers(1, 200_000),
    window=st.integers(1, 60),
    a=st.floats(0, 1),
    b=st.floats(0, 1),
)
@settings(max_examples=500, deadline=None)
def test_bars_with_the_same_thumb_cells_draw_the_same(
    size: int, virtual: int, window: int, a: float, b: float
) -> None:
    window = window if window < virtual else 0  # (as `ScrollBar` asks for the bar)
    span = virtual - window
    first, second = a * span, b * span
    same = thumb_cells(size, virtual, window, first) == thumb_cells(size, virtual, window, second)
    if same:
        assert drawn(size, virtual, window, first) == drawn(size, virtual, window, second)
    # (different cells usually draw differently; equal drawings are only ever repainted)


def test_thumb_cells_follow_the_drawn_thumb() -> None:
    # a 36-row pane over 100,000 rows: the thumb is one cell; it moves a cell per ~2,800 rows
    assert thumb_cells(36, 100_000, 36, 0) == (0, 8)
    assert thumb_cells(36, 100_000, 36, 100) == thumb_cells(36, 100_000, 36, 0)
    assert thumb_cells(36, 100_000, 36, 50_000) == (140, 148)
    assert thumb_cells(36, 30, 0, 0) is None  # everything fits: no thumb
    assert ceil(8 * 36 * 36 / 72) == 144  # half the rows in view: half the bar
    assert thumb_cells(36, 72, 36, 0) == (0, 144)


@needs_overrides
async def test_moving_a_row_on_a_long_list_does_not_repaint_its_scrollbar(
    isolated: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    built_libraries: BuiltLibraries,
) -> None:
    library = make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 601)])
    app = make_app(library)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        plist = app.screen.query_one(PaperList)
        bar = plist.vertical_scrollbar
        assert isinstance(bar, QuietScrollBar)
        repainted = count_paints(monkeypatch, bar)
        for _ in range(plist.size.height + 3):  # past the bottom: the list scrolls a row
            await pilot.press("j")
        await pilot.pause()
        assert plist.scroll_offset.y > 0
        assert not repainted  # the thumb did not move by a drawn step
        await pilot.press("end")  # far: it moves, and the bar is repainted
        await pilot.pause()
        assert repainted
