"""Who keeps the first letters' answers (`search/prefix_answers.py`): the command line
after its catch-up; never `pick`, which may be typed into while its index opens; the
reader only once the user rests, stopping at an input, and abandoned on quitting.

The reader's rest is driven by hand: a rest of an hour is never reached, and a test
sets it to nothing and asks the keeper to look (as its timer does). A job is held
mid-way by holding the index's own lock, which every answered query takes, once the
job has taken the index's write lock (so it has started).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.cli.main import main
from papertui.config import Config
from papertui.paths import LibraryPaths
from papertui.picking import PickSource
from papertui.search import prefix_answers
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index, index_lock, keep_answers, read_meta, sync
from papertui.store import Library
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.delays import Delays
from papertui.ui.screens.main import MainScreen
from test_search_prefix_answers import _kept, _papers
from test_ui_support import isolated, make_library, until  # noqa: F401

NEVER = 3600.0  # a rest never reached in a test


@pytest.fixture(autouse=True)
def small_libraries_answer_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """These libraries are far below the size from which queries are answered ahead."""
    monkeypatch.setattr(prefix_answers, "FEWEST_POSTINGS", 0)


@pytest.fixture
def data(isolated: Path) -> Path:  # noqa: F811
    """A library whose index and answers are kept, then a change the index lacks."""
    make_library(isolated, _papers(0, 120, seed=1))
    paths = LibraryPaths(isolated)
    with Library(paths.store) as library:
        index = SearchIndex(paths.index_dir)
        ensure_index(library, index)
        assert _fresh(index) and _kept(paths.index_dir)
        index.close()
        library.set_bookmarked(["2403.00003"], True)
    return isolated


def _answers(data: Path) -> bytes:
    return (LibraryPaths(data).index_dir / prefix_answers.FILE_NAME).read_bytes()


def _fresh(index: SearchIndex) -> bool:
    searcher = index._get_searcher()
    return searcher is not None and index.answers().fresh(searcher.reader())


def _answering(index: SearchIndex) -> bool:
    """True while a job holds the index's write lock (as answering does)."""
    with index_lock(index.index_dir, wait=False) as held:
        return not held


def _reader(data: Path) -> PaperTUI:
    delays = Delays(related=NEVER, sync=0, answers_idle=NEVER)
    return make_app(data, config=Config(mark_read_after=0), delays=delays)


def test_pick_opening_a_changed_index_leaves_its_answers_stale(data: Path) -> None:
    before = _answers(data)
    paths = LibraryPaths(data)
    with Library(paths.store) as library:
        source = PickSource(paths, library)
        source.open_index()
        assert source.index is not None
        assert source.index.search("is:bookmarked").total == 1  # caught up...
        assert not _fresh(source.index) and _answers(data) == before  # ...answers untouched
        source.close()


def test_a_command_adding_papers_keeps_the_answers_a_search_or_a_state_change_not(
    data: Path, tmp_path: Path
) -> None:
    before = _answers(data)
    assert main(["--data-dir", str(data), "search", "zzzz"]) in (0, 1)
    assert main(["--data-dir", str(data), "bookmark", "2403.00004"]) == 0
    index = SearchIndex(LibraryPaths(data).index_dir)
    assert index.search("is:bookmarked").total == 2  # caught up...
    assert not _fresh(index) and _answers(data) == before  # ...answers left as they were
    index.close()
    bib = tmp_path / "one.bib"
    bib.write_text("@article{a, title={Graph networks again}, author={Ada Lovelace}, year=2024}\n")
    assert main(["--data-dir", str(data), "import", str(bib)]) == 0
    index = SearchIndex(LibraryPaths(data).index_dir)
    assert index.search("is:bookmarked").total == 2 and _fresh(index)
    assert index.search("again").total == 1
    index.close()


def test_answering_stopped_between_queries_writes_nothing(data: Path) -> None:
    paths = LibraryPaths(data)
    before, meta = _answers(data), read_meta(paths.index_dir)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # an input after the third query

    with Library(paths.store) as library:
        index = SearchIndex(paths.index_dir)
        sync(library, index)
        meta = read_meta(paths.index_dir)
        assert index.update_answers(cancelled=lambda: True) is False  # (not taken for damage)
        keep_answers(index, cancelled)
        assert len(asked) == 4  # stopped at once, not after answering the rest
        assert _answers(data) == before and read_meta(paths.index_dir) == meta
        assert not _fresh(index)
        keep_answers(index)  # the next rest
        assert _fresh(index) and _kept(paths.index_dir)
        index.close()


def _screen(app: PaperTUI) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def test_the_reader_keeps_them_once_the_user_rests_after_a_change(data: Path) -> None:
    before = _answers(data)
    app = _reader(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.session.index is not None)
        index = app.session.index
        assert not _fresh(index) and _answers(data) == before  # not at open
        await pilot.press("b")  # the index catches up at once (sync=0)...
        await until(pilot, lambda: index.search("is:bookmarked").total == 2)
        assert not _fresh(index) and _answers(data) == before  # ...no rest yet: not answered
        keeper = _screen(app).answers
        keeper.idle = 0  # the user rests
        keeper.check()
        await until(pilot, lambda: _fresh(index) and not keeper.running)
        assert _kept(index.index_dir) and _answers(data) != before


async def test_an_input_stops_the_answers_and_the_next_rest_redoes_them(data: Path) -> None:
    before = _answers(data)
    app = _reader(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.session.index is not None)
        index, keeper = app.session.index, _screen(app).answers
        meta = read_meta(index.index_dir)
        with index._lock:  # the job cannot answer a query until released
            keeper.idle = 0
            keeper.check()
            await until(pilot, lambda: _answering(index))  # (the job has started)
            keeper.idle = NEVER
            await pilot.press("j")
        await until(pilot, lambda: not keeper.running)
        assert _answers(data) == before and read_meta(index.index_dir) == meta
        assert not _fresh(index)
        keeper.idle = 0  # the next rest
        keeper.check()
        await until(pilot, lambda: _fresh(index) and not keeper.running)


async def test_quitting_abandons_the_answers(data: Path) -> None:
    before = _answers(data)
    app = _reader(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.session.index is not None)
        index, keeper = app.session.index, _screen(app).answers
        index._lock.acquire()  # the job is held before its first query...
        keeper.idle = 0
        keeper.check()
        await until(pilot, lambda: _answering(index))  # (the job has started)
        app.exit()  # (as a closed terminal ends it: no key, which would stop it too)
    index._lock.release()  # ...and the app has quit meanwhile, without waiting for it
    with index_lock(index.index_dir, wait=True):  # the job let go: it gave up
        assert _answers(data) == before
