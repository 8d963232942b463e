"""Keys that arrive together (pasted, or batched over SSH) act in order, each from
where the one before left the text: none is lost to a scroll still waiting for a
refresh."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.scroll_view import ScrollView

from papertui.ui.app import PaperTUI, make_app
from papertui.ui.delays import Delays
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.reading_pane import ReadingPane
from test_ui_reading import library_dir, open_saved  # noqa: F401
from test_ui_support import isolated, make_library, paper, until  # noqa: F401


async def burst(pilot: Pilot, pane: ScrollView, *keys: str, to: Callable[[], float]) -> None:
    """`keys` queued at once; `pane` is then waited for at `to()` (keys lost or taken out
    of order leave it elsewhere)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await until(pilot, lambda: pane.scroll_y == to(), what=f"{' '.join(keys)} taken in order")


async def test_the_full_text_takes_g_then_b_in_order(library_dir: Path) -> None:  # noqa: F811
    app = make_app(library_dir)
    async with app.run_test(size=(120, 20)) as pilot:
        reading = await open_saved(pilot, app)
        pane = reading.query_one(ReadingPane)
        page = pane.scrollable_content_region.height
        assert pane.max_scroll_y > 2 * page
        await burst(pilot, pane, "G", "b", to=lambda: pane.max_scroll_y - page)
        await burst(pilot, pane, "g", "j", "j", "j", "space", to=lambda: 3 + page)


async def test_the_detail_takes_end_then_up_in_order(isolated: Path) -> None:  # noqa: F811
    long_abstract = " ".join(f"Sentence {n} of a long abstract." for n in range(400))
    data = make_library(isolated, [paper(1, abstract=long_abstract)])
    app: PaperTUI = make_app(data, delays=Delays(related=3600))  # the pane's text stays put
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(PaperDetail)
        await pilot.press("enter")  # focus the pane
        await until(pilot, lambda: app.focused is pane and pane.max_scroll_y > 10, what="a pane")
        await burst(pilot, pane, "end", "k", "k", to=lambda: pane.max_scroll_y - 2)
        await burst(pilot, pane, "home", "j", to=lambda: 1)
