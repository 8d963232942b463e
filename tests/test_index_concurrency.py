"""A second process writing the index (issue 18, item 13): readers never wait for it,
a writer's change is caught up by whoever holds the index, new papers arriving during
a catch-up do not force a rebuild, and a stale result says "index catching up"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from index_damage import corpus, make_library
from papertui.paths import LibraryPaths
from papertui.search.index import CATCHING_UP, SearchIndex
from papertui.search.sync import ensure_index, sync
from papertui.store import Library

WAIT = 60

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from papertui.search.index import SearchIndex
    from papertui.search.sync import index_lock

    index_dir = Path(sys.argv[1])
    if sys.argv[2] == "papertui":
        with index_lock(index_dir, wait=True):
            print("held", flush=True)
            sys.stdin.readline()
    else:  # Whoosh's own writer lock, as an older papertui held it
        writer = SearchIndex(index_dir).writer()
        print("held", flush=True)
        sys.stdin.readline()
        writer.cancel()
    """
)


def _build(data_dir: Path) -> None:
    paths = LibraryPaths(data_dir)
    paths.ensure()
    with make_library(paths.store, 60) as library:
        index = SearchIndex(paths.index_dir)
        ensure_index(library, index)
        index.close()


@pytest.fixture
def data(tmp_path: Path, built_libraries: BuiltLibraries) -> Iterator[tuple[Library, LibraryPaths]]:
    """A library and its index (built once, copied for each test)."""
    paths = LibraryPaths(built_libraries.copy("concurrency", _build, tmp_path / "data"))
    library = Library(paths.store)
    yield library, paths
    library.close()


@pytest.fixture(params=["papertui", "whoosh"])
def holder(request: pytest.FixtureRequest, data: tuple[Library, LibraryPaths]) -> Iterator[None]:
    """Another process holding the index's writer lock until the test ends."""
    _, paths = data
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.index_dir), request.param],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "held"
    yield
    child.stdin.write("\n")
    child.stdin.close()
    child.wait(WAIT)


def in_thread(call: object) -> tuple[threading.Event, list[object]]:
    done = threading.Event()
    result: list[object] = []

    def run() -> None:
        try:
            result.append(call())  # type: ignore[operator]
        except BaseException as exc:
            result.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    return done, result


def test_a_reader_does_not_wait_for_another_writer_and_says_it_is_stale(
    data: tuple[Library, LibraryPaths], holder: None
) -> None:
    library, paths = data
    library.change_tags(["2402.00001"], add=["fresh1"])
    index = SearchIndex(paths.index_dir)
    done, result = in_thread(lambda: ensure_index(library, index))
    assert done.wait(WAIT), "the reader waited for the writer"
    assert result[0].catching_up  # type: ignore[attr-defined]
    results = index.search("graph ")
    assert results.hits and results.notice == CATCHING_UP


def test_the_cli_searches_at_once_and_says_index_catching_up(
    data: tuple[Library, LibraryPaths], holder: None
) -> None:
    library, paths = data
    library.change_tags(["2402.00001"], add=["fresh1"])
    env = {**os.environ, "PAPERTUI_DATA_DIR": str(paths.data_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "papertui", "search", "graph"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,  # waiting for the holder would never end: it waits for the test
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
    assert "index catching up" in out.stderr


def test_a_change_made_while_another_thread_syncs_is_caught_up_by_it(
    data: tuple[Library, LibraryPaths],
) -> None:
    library, paths = data
    index = SearchIndex(paths.index_dir)
    ensure_index(library, index)
    with Library(paths.store) as other:
        other.import_papers(corpus(400)[60:])  # enough for the sync to report progress
    in_sync, release = threading.Event(), threading.Event()

    def progress(*_args: object) -> None:
        in_sync.set()
        assert release.wait(WAIT)

    with Library(paths.store) as holder_library:
        done, result = in_thread(lambda: sync(holder_library, index, progress))
        assert in_sync.wait(WAIT)
        library.change_tags(["2402.00002"], add=["handed"])
        assert sync(library, index) == 0  # busy: handed over, not waited for
        assert index.catching_up
        release.set()
        assert done.wait(WAIT)
    assert not isinstance(result[0], BaseException), result
    assert [h.id for h in index.search("tag:handed ").hits] == ["2402.00002"]
    assert not index.catching_up
    assert index.doc_count() == 400


def test_papers_arriving_just_after_a_catch_up_do_not_force_a_rebuild(
    data: tuple[Library, LibraryPaths],
) -> None:
    library, paths = data
    with Library(paths.store) as other:
        other.import_papers(corpus(400)[60:360])
    before = paths.index_dir.stat().st_ino

    class Progress:
        """Another process imports as this one's catch-up ends, before it compares counts."""

        arrived = False

        def __call__(self, *_args: object) -> None:
            pass

        def finish(self) -> None:
            if not self.arrived:
                self.arrived = True
                with Library(paths.store) as importer:
                    importer.import_papers(corpus(400)[360:])

    progress = Progress()
    index = SearchIndex(paths.index_dir)
    status = ensure_index(library, index, progress)
    assert progress.arrived
    assert not status.rebuilt
    assert paths.index_dir.stat().st_ino == before  # the same directory: not swapped
    assert index.doc_count() == library.count() == 400
