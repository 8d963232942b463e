"""Search as you type, against the real search index."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.messages import ResultsReady
from papertui.ui.render import STOCK_RENDER
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from test_ui_support import isolated, make_indexed_library, make_library, paper, until  # noqa: F401

pytest.importorskip("papertui.search.index")


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n) for n in range(1, 41)]
    papers += [
        paper(
            101,
            title="Quantum error correction with surface codes",
            abstract="Surface codes protect qubits from noise.",
        ),
        paper(
            102,
            title="Pruning neural networks at initialization",
            abstract="We study pruned sparse networks.",
        ),
    ]
    return make_indexed_library(built_libraries, isolated, papers)


async def settle(app: PaperTUI, pilot, query: str | None = None) -> None:
    """Wait for the index, then (if given) for the results of `query` to be shown."""
    screen = app.screen

    def settled() -> bool:
        shown = screen.search.shown_query == query and not screen.status.searching
        return app.session.index is not None and (query is None or shown)

    await until(pilot, settled, what=f"the results of {query!r}" if query else "the index")
    await pilot.pause()


async def test_search_as_you_type(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        assert screen.status.indexing == ""
        await pilot.press("slash", *"quantum")
        await settle(app, pilot, "quantum")
        plist = screen.query_one(PaperList)
        assert len(plist.keys) == 1
        assert plist.row_at(0).title.plain.startswith("Quantum error correction")
        assert screen.status.total == 1
        assert "quantum" in screen.rows.terms
        # The matched word is highlighted in the list row and the detail pane.
        assert plist.row_at(0).title.spans
        detail = screen.query_one(PaperDetail)
        assert detail.paper is not None and detail.paper.id == "2401.00101"
        # Stemming: "pruning" finds "pruned"
        for _ in "quantum":
            await pilot.press("backspace")
        await pilot.press(*"pruning")
        await settle(app, pilot, "pruning")
        assert plist.row_at(0).paper_id == "2401.00102"
        # Esc leaves the box, a second Esc clears the search.
        await pilot.press("escape")
        assert app.focused is plist
        await pilot.press("escape")
        await pilot.pause()
        assert screen.search.query_text == "" and len(plist.keys) == 42


async def test_stale_results_are_dropped(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        await pilot.press("slash", *"surface")
        outcome = app.session.search("graph", "relevance")
        screen.post_message(ResultsReady("graph", "relevance", outcome))  # late: ignored
        await pilot.pause()
        assert screen.search.shown_query != "graph"
        await settle(app, pilot, "surface")
        assert len(screen.query_one(PaperList).keys) == 1


async def test_sort_while_searching_and_status(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        await pilot.press("slash", *"graph", "escape")
        await settle(app, pilot, "graph")
        assert screen.status.sort == "relevance" and screen.status.total == 40
        await pilot.press("s")
        await settle(app, pilot, "graph")
        assert screen.search.search_sort == "date" and screen.status.sort == "date"
        dates = [screen.query_one(PaperList).row_at(i).date for i in range(40)]
        assert dates == sorted(dates, reverse=True)
        status = str(screen.query_one("#search-status").render())
        assert "40 results" in status and "sort: date" in status


async def test_syntax_error_and_suggestion_are_shown(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen: MainScreen = app.screen  # type: ignore[assignment]
        await pilot.press("slash", *'"unclosed quantum')
        await settle(app, pilot, '"unclosed quantum')
        assert "syntax error" in screen.status.notice.lower()
        assert "syntax error" in str(screen.query_one("#search-status").render()).lower()
        await pilot.press("ctrl+u")  # Input: delete to start
        await pilot.press(*"quantom")
        await settle(app, pilot, "quantom")
        assert screen.status.suggestion
        status = str(screen.query_one("#search-status").render())
        assert "did you mean" in status
        assert not screen.paper_list.keys  # nothing matched: the list says why, not blank
        assert "Did you mean quantum?" in screen.paper_list.empty_message
        line = screen.paper_list.render_line(1)
        assert "Did you mean quantum?" in "".join(seg.text for seg in line)
        await pilot.press("ctrl+y")
        await settle(app, pilot, "quantum")
        assert screen.search.query_text == "quantum" and screen.status.total == 1


async def test_related_papers_appear(library_dir: Path) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        pane = app.screen.query_one(PaperDetail)
        plist = app.screen.query_one(PaperList)

        def related_shown() -> bool:
            row = plist.row_at(plist.cursor)
            shown = pane.paper is not None and row is not None and pane.paper.id == row.paper_id
            return shown and bool(pane.related.plain)  # empty until the answer comes

        await until(pilot, related_shown, what="the related papers of the second paper")
        related = pane.related.plain
        assert "Related papers" in related
        assert "Paper number" in related


async def test_a_long_query_scrolls_in_the_input_without_relayout(library_dir: Path) -> None:
    from papertui.ui.widgets.search_bar import QueryInput

    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        box = app.screen.query_one(QueryInput)
        await pilot.press("slash")
        layouts_asked = 0
        refresh = box.refresh

        def counting(*regions, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal layouts_asked
            layouts_asked += bool(kwargs.get("layout"))
            return refresh(*regions, **kwargs)

        box.refresh = counting  # type: ignore[method-assign]
        await pilot.press(*("quantum surface codes " * 5))
        await pilot.pause()
        # the input still scrolls to keep the cursor in view as the text outgrows it
        assert box.value == "quantum surface codes " * 5
        assert box.virtual_size.width > box.content_size.width
        assert box.scroll_x > 0
        assert box.content_region.x <= box.cursor_screen_offset.x <= box.content_region.right
        # ...and keystrokes did not each ask to lay out the screen, as Input's own virtual
        # width does (once: Textual notes the overflow when the text outgrows the box)
        if not STOCK_RENDER:  # (render/fixed_input's doing)
            assert layouts_asked <= 1


async def test_clearing_a_search_keeps_the_selected_paper_selected_and_in_view(
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    from papertui.config import Config
    from papertui.ui.app import make_app
    from papertui.ui.widgets.paper_detail import PaperDetail
    from papertui.ui.widgets.paper_list import PaperList
    from test_ui_state import current_id, index_ready, until
    from test_ui_support import make_indexed_library, paper

    library = make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 201)])
    app = make_app(library, config=Config(mark_read_after=0), prefs_file=library / "p.json")
    async with app.run_test(size=(120, 30)) as pilot:
        await index_ready(pilot)
        plist = app.screen.query_one(PaperList)
        await pilot.press("slash", *'"case 7."', "enter")  # one paper, far down by date
        await until(pilot, lambda: len(plist.keys) == 1 and plist.row_at(0) is not None)
        chosen = current_id(app)
        await pilot.press("escape")  # clear the search, back to every paper
        await until(pilot, lambda: len(plist.keys) == 200)
        await pilot.pause()
        assert current_id(app) == chosen
        top, height = round(plist.scroll_offset.y), plist.scrollable_content_region.height
        assert top <= plist.cursor < top + height  # the selected row is on screen
        assert app.screen.query_one(PaperDetail).paper.id == chosen
        before = plist.cursor
        await pilot.press("j")
        assert plist.cursor == before + 1  # the next row, not a jump


async def test_ctrl_u_then_typing_in_one_burst_keeps_what_was_typed(
    isolated: Path,  # noqa: F811
) -> None:
    from textual import events

    from papertui.config import Config
    from test_ui_state import index_ready, until

    library = make_library(isolated, [paper(n) for n in range(1, 41)])
    app = make_app(library, config=Config(mark_read_after=0), prefs_file=library / "p.json")
    async with app.run_test(size=(120, 30)) as pilot:
        await index_ready(pilot)
        box = app.screen.query_one("#query")
        await pilot.press("slash", *"graph networks")
        for _ in range(20):  # a burst: every key queued before the first is handled
            for key, char in (("ctrl+u", None), ("a", "a"), ("b", "b")):
                app.post_message(events.Key(key, char))
            await until(pilot, lambda: box.value == "ab", timeout=10)
            for key, char in (("ctrl+u", None), *((c, c) for c in "graph")):
                app.post_message(events.Key(key, char))
            await until(pilot, lambda: box.value == "graph", timeout=10)
