"""Pilot tests: the listed view follows papers another papertui imports, merges, removes
or edits in place (issue 20): new papers in their sorted or ranked place, a paper whose
upvotes or title changed in its new place, the cursor on its paper at the
same screen row, marks and details kept, the status line saying what happened. The
other process is a second `Library` handle on the same store; store and index are real."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from papertui.models import Paper
from papertui.paths import LibraryPaths
from papertui.store import Library
from papertui.ui.app import PaperTUI
from papertui.ui.list_refresh import Arrivals
from papertui.ui.listed_order import order_holds
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.search_bar import QueryInput
from test_ui_state import app_for, index_ready, plist
from test_ui_support import isolated, make_indexed_library, make_library, paper, until  # noqa: F401

SIZE = (120, 32)
COUNT = 60


@pytest.fixture
def library_dir(built_libraries, isolated: Path) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, COUNT + 1)])


def screen_of(app: PaperTUI) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


def listed(app: PaperTUI) -> list[str]:
    rows = [plist(app).row_at(i) for i in range(len(plist(app).keys))]
    assert all(row is not None for row in rows), "a row points to a missing paper"
    return [row.paper_id for row in rows if row is not None]


def cursor_id(app: PaperTUI) -> str:
    row = plist(app).row_at(plist(app).cursor)
    assert row is not None
    return row.paper_id


def screen_row(app: PaperTUI) -> int:
    return plist(app).cursor - round(plist(app).scroll_offset.y)


def arrivals(app: PaperTUI) -> str:
    return screen_of(app).status.arrivals


def import_elsewhere(data_dir: Path, papers: list[Paper]) -> None:
    with Library(LibraryPaths(data_dir).store) as other:  # another process's connection
        other.import_papers(papers)


def newest(n: int, title: str) -> Paper:
    return paper(n, title=title, published="2025-06-01")  # first in the date order


async def search(pilot: Pilot, query: str) -> None:
    screen = screen_of(pilot.app)  # type: ignore[arg-type]
    screen.query_one(QueryInput).value = query
    screen.set_focus(plist(pilot.app))  # type: ignore[arg-type]
    await until(pilot, lambda: screen.search.shown_query == query, what=query)


async def settle_cursor(pilot: Pilot, presses: int) -> tuple[str, int, PaperDetail]:
    """Move the cursor down the list and let the details follow; (paper, row, pane)."""
    app: PaperTUI = pilot.app  # type: ignore[assignment]
    await pilot.press(*["j"] * presses)
    detail = app.screen.query_one(PaperDetail)
    await until(pilot, lambda: detail.paper is not None and detail.paper.id == cursor_id(app))
    return cursor_id(app), screen_row(app), detail


async def test_browsing_new_papers_take_their_place_and_the_cursor_keeps_its_paper(
    library_dir: Path,
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await pilot.press("pagedown", "pagedown")  # scrolled: the pane's top is not row 0
        await pilot.press("space", "space")  # two marks, the cursor two rows on
        marked = plist(app).marked_ids
        paper_id, row, detail = await settle_cursor(pilot, 3)
        shown = detail.paper
        assert round(plist(app).scroll_offset.y) > 0
        before = listed(app)
        import_elsewhere(library_dir, [newest(901, "Fresh one"), newest(902, "Fresh two")])
        await until(pilot, lambda: arrivals(app) == "2 new papers from another import")
        assert listed(app) == ["2401.00902", "2401.00901", *before]
        assert cursor_id(app) == paper_id and screen_row(app) == row
        assert plist(app).marked_ids == marked
        assert detail.paper is shown  # not shown again: no flicker, its scroll kept
        assert screen_of(app).status.library_size == COUNT + 2


async def test_a_search_they_match_lists_them_in_their_ranked_place(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "graph networks")
        assert len(plist(app).keys) == COUNT
        paper_id, row, _ = await settle_cursor(pilot, 4)
        import_elsewhere(
            library_dir,
            [
                paper(901, title="Graph networks, graph networks"),
                paper(902, title="Protein folding", abstract="Folds."),
            ],
        )
        news = "2 new papers from another import, 1 matches this search"
        await until(pilot, lambda: arrivals(app) == news, what=f"{news!r}, not {arrivals(app)!r}")
        ids = listed(app)
        assert len(ids) == COUNT + 1 and "2401.00902" not in ids
        assert ids[0] == "2401.00901"  # the title says it twice: the best match
        assert cursor_id(app) == paper_id and screen_row(app) == row
        assert screen_of(app).status.total == COUNT + 1


async def test_a_search_they_do_not_match_keeps_its_rows_and_says_so(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "topic 3")
        before = listed(app)
        paper_id, row, detail = await settle_cursor(pilot, 2)
        shown = detail.paper
        import_elsewhere(library_dir, [paper(901, title="Protein folding", abstract="Folds.")])
        news = "1 new paper from another import, none match this search"
        await until(pilot, lambda: arrivals(app) == news)
        assert listed(app) == before
        assert cursor_id(app) == paper_id and screen_row(app) == row
        assert detail.paper is shown


async def test_a_merge_elsewhere_moves_cursor_and_marks_to_the_record_kept(
    isolated: Path,  # noqa: F811
) -> None:
    journal = Paper(
        id="doi:10.1000/x.1",
        title="Attention over sparse graphs, the journal version",
        doi="10.1000/x.1",
        published="2024-03-01",
    )
    preprint = paper(40, doi="", title="Attention over sparse graphs")
    library_dir = make_library(isolated, [paper(1), journal, paper(3), preprint, paper(5)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        order = listed(app)
        await pilot.press(*["j"] * order.index("doi:10.1000/x.1"), "space")
        await pilot.press("g", *["j"] * order.index("2401.00040"))
        assert cursor_id(app) == "2401.00040"
        # the preprint's record gets the journal's DOI: the two records become one
        import_elsewhere(library_dir, [paper(40, doi="10.1000/x.1", title=preprint.title)])
        await until(pilot, lambda: arrivals(app) == "1 paper merged or removed by another papertui")
        assert len(listed(app)) == 4 and "doi:10.1000/x.1" not in listed(app)
        assert cursor_id(app) == "2401.00040"
        assert plist(app).marked_ids == ["2401.00040"]
        assert screen_of(app).status.marked == 1


async def test_a_refresh_gives_way_to_the_query_being_typed(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await search(pilot, "graph networks")
        screen = screen_of(app)
        import_elsewhere(library_dir, [paper(901, title="Protein folding")])
        screen.search.refresh_list()  # what the store check starts once the index caught up
        screen.query_one(QueryInput).value = "protein"  # typed before the answer is shown
        await until(pilot, lambda: screen.search.shown_query == "protein")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.search.query_text == "protein"
        assert "2401.00001" not in listed(app)  # the refresh of "graph networks" was dropped
        await until(pilot, lambda: listed(app) == ["2401.00901"])  # once the index has it


async def test_a_mark_or_move_made_while_a_refresh_runs_is_kept(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        screen = screen_of(app)
        await pilot.press("j", "j")
        order = listed(app)
        import_elsewhere(library_dir, [newest(901, "Fresh one")])
        screen.search.refresh_list()  # answered before or after the keys: either way...
        await pilot.press("space", "j")  # ...the mark and the move stay
        await until(pilot, lambda: arrivals(app) == "1 new paper from another import")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert plist(app).marked_ids == [order[2]]
        assert cursor_id(app) == order[4]
        assert listed(app) == ["2401.00901", *order]


async def sort_by(pilot: Pilot, sort: str) -> None:
    screen = screen_of(pilot.app)  # type: ignore[arg-type]
    while screen.status.sort != sort:
        await pilot.press("s")


async def store_check_done(pilot: Pilot, data_dir: Path) -> None:
    """Wait until the reader has seen the store's latest change and acted on it."""
    app: PaperTUI = pilot.app  # type: ignore[assignment]
    with Library(LibraryPaths(data_dir).store) as other:
        seq = other.change_seq()
    await until(pilot, lambda: screen_of(app)._seen_seq == seq, what="the store check")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_browsing_by_upvotes_follows_upvotes_changed_elsewhere(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await sort_by(pilot, "upvotes")
        paper_id, row, detail = await settle_cursor(pilot, 3)
        shown = detail.paper
        before = listed(app)
        assert before.index("2401.00005") > 3  # below the cursor: it moves past it
        import_elsewhere(library_dir, [paper(5, extras={"upvotes": 999})])  # no paper came
        await until(pilot, lambda: listed(app)[0] == "2401.00005", what="the new order")
        assert listed(app) == ["2401.00005", *(i for i in before if i != "2401.00005")]
        assert cursor_id(app) == paper_id and screen_row(app) == row
        assert detail.paper is shown
        assert arrivals(app) == ""  # nothing arrived or left


async def test_browsing_by_title_follows_a_title_changed_elsewhere(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await sort_by(pilot, "title")
        before = listed(app)
        import_elsewhere(library_dir, [paper(30, title="Aardvarks first")])
        await until(pilot, lambda: listed(app)[0] == "2401.00030", what="the new order")
        assert listed(app) == ["2401.00030", *(i for i in before if i != "2401.00030")]
        first = plist(app).row_at(0)
        assert first is not None and first.title.plain.startswith("Aardvarks first")


async def test_a_change_elsewhere_that_moves_nothing_keeps_the_listing(
    library_dir: Path,
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await sort_by(pilot, "upvotes")
        keys = plist(app).keys
        paper_id = listed(app)[2]
        with Library(LibraryPaths(library_dir).store) as other:  # the order's fields unchanged
            other.set_bookmarked([paper_id], True)
            other.import_papers([paper(int(paper_id[-5:]), abstract="A new abstract.")])
        await store_check_done(pilot, library_dir)
        assert plist(app).keys is keys  # not listed again
        row = plist(app).row_at(2)
        assert row is not None and row.paper_id == paper_id and row.bookmarked  # repainted


def test_the_order_is_checked_around_the_papers_that_changed(isolated: Path) -> None:  # noqa: F811
    data_dir = make_library(isolated, [paper(n) for n in range(1, 6)])  # upvotes 1..5
    with Library(LibraryPaths(data_dir).store) as library:
        keys = library.ordered_nums("upvotes")  # 5, 4, 3, 2, 1
        since = library.change_seq()
        library.import_papers([paper(3, extras={"upvotes": 4})])  # ties 4: num breaks it
        assert order_holds(library, keys, "upvotes", since)
        assert not order_holds(library, keys, "title", since - 1)  # all checked
        library.import_papers([paper(1, extras={"upvotes": 9})])  # the last becomes first
        assert not order_holds(library, keys, "upvotes", since)
        assert order_holds(library, library.ordered_nums("upvotes"), "upvotes", since)


def test_the_status_line_counts_what_arrived_and_left() -> None:
    def said(added: int, removed: int, matching: int | None) -> str:
        return Arrivals(added, removed, matching, highest=0, size=0).text()

    assert said(0, 0, None) == ""
    assert said(1, 0, None) == "1 new paper from another import"
    assert said(1_200, 0, 2) == "1,200 new papers from another import, 2 match this search"
    assert said(3, 2, 0) == (
        "3 new papers from another import, none match this search; "
        "2 papers merged or removed by another papertui"
    )
    fetched = Arrivals(1, 1, None, highest=0, size=0, fetched=2, fetched_matching=1, merged=1)
    assert fetched.text() == (
        "2 new papers fetched, 1 matches this search; 1 new paper from another import; "
        "1 duplicate record merged by the fetch; 1 paper merged or removed by another papertui"
    )
