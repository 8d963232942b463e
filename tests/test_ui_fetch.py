"""Pilot tests: fetching from the reader against a real local HTTP server. The list
takes the fetched papers in `ListRefresh`'s worker, as it takes another papertui's
(tests/test_ui_list_refresh.py): the tests wait for its answer on the screen."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from conftest import BuiltLibraries
from papertui.config import Config
from papertui.fetch import Fetcher, RetryPolicy
from papertui.ids import title_key
from papertui.models import Paper
from papertui.paths import LibraryPaths
from papertui.store import Library
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.screens.first_run import FirstRunScreen
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput
from test_fetch_support import hf_item
from test_ui_state import index_ready, messages, until
from test_ui_support import (  # noqa: F401
    isolated,
    make_indexed_library,
    make_library,
    paper,
    run_command,
)

SIZE = (120, 32)
DAILY = "/api/daily_papers"


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    return make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 11)])


def app_for(data_dir: Path) -> PaperTUI:
    app = make_app(data_dir, config=Config(mark_read_after=0), prefs_file=data_dir / "prefs.json")
    app.make_fetcher = lambda: Fetcher.create(retry=RetryPolicy(attempts=1))  # type: ignore[method-assign]
    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ids_listed(app: PaperTUI) -> list[str]:
    plist = app.screen.query_one(PaperList)
    return [plist.row_at(i).paper_id for i in range(len(plist.keys))]


def status_news(app: PaperTUI) -> str:
    assert isinstance(app.screen, MainScreen)
    return app.screen.status.arrivals


def cursor_place(app: PaperTUI) -> tuple[str, int]:
    """The paper under the cursor and its row counted from the top of the pane."""
    plist = app.screen.query_one(PaperList)
    row = plist.row_at(plist.cursor)
    assert row is not None
    return row.paper_id, plist.cursor - round(plist.scroll_offset.y)


async def test_F_fetches_and_new_papers_appear_marked(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    items = [hf_item(1), hf_item(2)]
    httpserver.expect_request(DAILY).respond_with_json(items)
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        assert len(ids_listed(app)) == 10
        await pilot.press("F")
        await until(pilot, lambda: len(ids_listed(app)) == 12)
        plist = app.screen.query_one(PaperList)
        rows = {plist.row_at(i).paper_id: plist.row_at(i) for i in range(12)}
        assert rows["2406.00001"].new and rows["2406.00002"].new
        assert not rows["2401.00001"].new
        await until(pilot, lambda: any("2 new papers" in m for m in messages(app)))
        assert app.screen.status.fetching == ""
        assert status_news(app) == "2 new papers fetched"  # not "from another import"
        assert "last_fetch" in json.loads((library_dir / "prefs.json").read_text())
        # the index caught up: the new papers are searchable at once
        await pilot.press("slash", *"id:2406.00002")
        await until(pilot, lambda: ids_listed(app) == ["2406.00002"])


async def test_offline_fetch_says_so_and_keeps_the_list(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("PAPERTUI_HF_URL", f"http://127.0.0.1:{port}")
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = ids_listed(app)
        await pilot.press("F")
        await until(pilot, lambda: any(m.startswith("Offline") for m in messages(app)))
        (message,) = [m for m in messages(app) if m.startswith("Offline")]
        host = f"127.0.0.1:{port}"
        assert f"Offline: cannot reach {host} (Connection refused)" in message
        assert message.endswith("Showing what you have (nothing fetched before).")
        assert ids_listed(app) == before
        assert app.screen.status.fetching == ""


async def test_offline_after_a_fetch_uses_the_cache(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("F")
        await until(pilot, lambda: any("1 new paper" in m for m in messages(app)))
        await until(pilot, lambda: len(ids_listed(app)) == 11)  # the list's refresh
        httpserver.stop()
        await pilot.press("F")
        await until(pilot, lambda: any("Offline: from the cache" in m for m in messages(app)))
        assert len(ids_listed(app)) == 11
    httpserver.start()


async def test_palette_refreshes_saved_feeds(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(3)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "refresh saved feeds")
        await until(pilot, lambda: "2406.00003" in ids_listed(app))
        await until(
            pilot, lambda: any(m.startswith("Saved feeds: 1 new paper") for m in messages(app))
        )


async def test_papers_added_since_the_last_visit_are_new(library_dir: Path) -> None:
    prefs = library_dir / "prefs.json"
    prefs.write_text(json.dumps({"last_visit": "2000-01-01T00:00:00+00:00"}))
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        plist = app.screen.query_one(PaperList)
        await until(pilot, lambda: plist.row_at(0) is not None and plist.row_at(0).new)
    stamp = json.loads(prefs.read_text())["last_visit"]
    assert stamp > "2000"
    app = app_for(library_dir)  # the visit was remembered: nothing is new now
    async with app.run_test(size=SIZE) as pilot:
        plist = app.screen.query_one(PaperList)
        # the rows are in once the index is open (the first visit's were marked by then)
        await until(pilot, lambda: app.session.index is not None and plist.row_at(9) is not None)
        await pilot.pause()
        assert not any(plist.row_at(i).new for i in range(10))


async def test_F_after_a_listing_import_merges_instead_of_doubling(
    isolated: Path,  # noqa: F811
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a listing copy: title only, keyed by its title hash, bookmarked by the user
    listed = [
        Paper(id=title_key(f"Paper number {n}"), title=f"Paper number {n}", sources=("hf-listing",))
        for n in (1, 2)
    ]
    library_dir = make_library(isolated, listed)
    with Library(LibraryPaths(library_dir).store) as library:
        library.set_bookmarked([listed[0].id], True)
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        assert sorted(ids_listed(app)) == sorted(p.id for p in listed)
        await pilot.press("F")
        await until(pilot, lambda: sorted(ids_listed(app)) == ["2406.00001", "2406.00002"])
        plist = app.screen.query_one(PaperList)
        rows = {plist.row_at(i).paper_id: plist.row_at(i) for i in range(2)}
        assert rows["2406.00001"].bookmarked and not rows["2406.00002"].bookmarked
        assert not rows["2406.00001"].new  # the same paper as before, not a new one
        await pilot.press("slash", *"is:bookmarked")
        await until(pilot, lambda: ids_listed(app) == ["2406.00001"])


async def test_F_on_the_empty_library_screen_fetches_into_the_reader(
    isolated: Path,  # noqa: F811
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    app = app_for(make_library(isolated, []))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(pilot, lambda: sorted(ids_listed(app)) == ["2406.00001", "2406.00002"])
        await until(pilot, lambda: any("2 new papers" in m for m in messages(app)))


async def test_F_keeps_the_cursor_paper_at_its_row_with_marks_and_details(
    built_libraries,
    isolated: Path,  # noqa: F811
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library_dir = make_indexed_library(built_libraries, isolated, [paper(n) for n in range(1, 61)])
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        plist = app.screen.query_one(PaperList)
        await pilot.press("pagedown", "pagedown", "space", "space", "j", "j")
        marked = plist.marked_ids
        detail = app.screen.query_one(PaperDetail)
        place = cursor_place(app)
        await until(pilot, lambda: detail.paper is not None and detail.paper.id == place[0])
        shown = detail.paper
        before = ids_listed(app)
        await pilot.press("F")
        await until(pilot, lambda: status_news(app) == "2 new papers fetched")
        # the fetched papers are the newest: listed first, the rest below them
        assert sorted(ids_listed(app)[:2]) == ["2406.00001", "2406.00002"]
        assert ids_listed(app)[2:] == before
        assert cursor_place(app) == place
        assert plist.marked_ids == marked
        assert detail.paper is shown  # not shown again


async def test_F_while_searching_lists_the_fetched_papers_that_match(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        app.screen.query_one(QueryInput).value = "students"  # in the fetched papers' abstracts
        await until(pilot, lambda: app.screen.search.shown_query == "students")
        assert ids_listed(app) == []
        await pilot.press("F")
        news = "2 new papers fetched, 2 match this search"
        await until(pilot, lambda: status_news(app) == news, what=status_news(app))
        assert sorted(ids_listed(app)) == ["2406.00001", "2406.00002"]


async def test_the_query_typed_while_a_fetch_lands_wins(
    library_dir: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        await pilot.press("F")
        await until(pilot, lambda: any("2 new papers" in m for m in messages(app)))
        # the list's refresh was asked with the notification: typed before or after its
        # answer, the query lists its own results
        app.screen.query_one(QueryInput).value = "id:2401.00003"
        await until(pilot, lambda: app.screen.search.shown_query == "id:2401.00003")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.search.query_text == "id:2401.00003"
        assert ids_listed(app) == ["2401.00003"]


async def test_a_fetch_that_merges_two_records_says_it_did_so_itself(
    isolated: Path,  # noqa: F811
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a listing copy (title only) and the arXiv record under an early title: two records
    # of one paper, until the fetch brings its arXiv id and title together
    listing = Paper(id=title_key("Paper number 1"), title="Paper number 1", sources=("hf-listing",))
    early = Paper(id="2406.00001", arxiv_id="2406.00001", title="An early title")
    library_dir = make_library(isolated, [listing, early, paper(1), paper(2)])
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1)])
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await index_ready(pilot)
        assert len(ids_listed(app)) == 4
        await pilot.press("F")
        news = "1 duplicate record merged by the fetch"
        await until(pilot, lambda: status_news(app) == news, what=status_news(app))
        assert sorted(ids_listed(app)) == ["2401.00001", "2401.00002", "2406.00001"]
        assert app.screen.status.library_size == 3
        assert any(m.startswith("Hugging Face today: 0 new papers") for m in messages(app))
