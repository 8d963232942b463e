"""A damaged search index is detected, said and rebuilt, never trusted (issue 18, item 11).

Each case damages a real index on disk, opens it as a command does, and expects the
answers of the sound index, a rebuild that says why, and no exception. The fuzz here
is a short version; tests/test_soak_index.py runs >= 40 trials (PAPERTUI_SOAK=1).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from index_damage import (
    answers,
    damage,
    index_files,
    keep_times,
    make_library,
    restore_times,
)
from papertui.paths import LibraryPaths
from papertui.search.index import SearchIndex
from papertui.search.sync import META_FILE, ensure_index, read_meta
from papertui.search.verify import IndexDamaged
from papertui.store import Library

PAPERS = 150


def _build_sound(base: Path) -> None:
    with make_library(base / "library.sqlite3", PAPERS) as library:
        index = SearchIndex(base / "index")
        assert ensure_index(library, index).rebuilt == "no index yet"
        index.close()


@pytest.fixture
def built(
    tmp_path: Path, built_libraries: BuiltLibraries
) -> Iterator[tuple[Library, Path, dict[str, list[str]]]]:
    """A library and its sound index (built once, copied for each test), and its answers."""
    built_libraries.copy("index-damage-sound", _build_sound, tmp_path)
    library = Library(tmp_path / "library.sqlite3")
    index = SearchIndex(tmp_path / "index")
    assert ensure_index(library, index).rebuilt == ""  # the copy is sound
    sound = answers(index)
    assert all(sound.values())  # every query finds something: an empty answer means damage
    index.close()
    yield library, tmp_path / "index", sound
    library.close()


@pytest.mark.parametrize(
    "kind", ["truncate-pst", "garble-stored", "garble-words", "dangling-symlink", "delete-file"]
)
def test_each_damage_is_detected_and_rebuilt(
    built: tuple[Library, Path, dict[str, list[str]]], kind: str
) -> None:
    library, index_dir, sound = built
    what = damage(index_dir, kind, random.Random(kind))
    index = SearchIndex(index_dir)
    status = ensure_index(library, index)
    assert status.damaged and status.rebuilt, what
    assert answers(index) == sound, what
    assert not index_dir.is_symlink()


def test_random_corruption_short_fuzz(built: tuple[Library, Path, dict[str, list[str]]]) -> None:
    library, index_dir, sound = built
    rng = random.Random(18)
    for trial in range(6):
        what = damage(index_dir, "random", rng)
        index = SearchIndex(index_dir)
        status = ensure_index(library, index)
        assert status.damaged, f"trial {trial}: {what} went unnoticed"
        assert answers(index) == sound, f"trial {trial}: {what}"
        index.close()


def test_a_sound_index_is_not_rebuilt_and_a_copy_is_accepted(
    built: tuple[Library, Path, dict[str, list[str]]],
) -> None:
    library, index_dir, sound = built
    for f in index_files(index_dir):
        f.write_bytes(f.read_bytes())  # same content, new times (a copy without -p)
    index = SearchIndex(index_dir)
    assert ensure_index(library, index).rebuilt == ""
    assert answers(index) == sound
    recorded = read_meta(index_dir)["files"]  # type: ignore[index]
    assert all(recorded[f.name][1] == f.stat().st_mtime_ns for f in index_files(index_dir))


def test_meta_records_checksums_and_count(built: tuple[Library, Path, dict]) -> None:
    _, index_dir, _ = built
    meta = json.loads((index_dir / META_FILE).read_text())
    assert meta["count"] == PAPERS
    assert set(meta["files"]) == {f.name for f in index_files(index_dir)}


def corrupt_unnoticed(index_dir: Path) -> None:
    """Garble the word list but keep its size and times: the checks on open pass (until
    the daily full check), and only a search that reads it can tell."""
    words = index_dir / "words.tsv"
    times = keep_times(words)
    words.write_bytes(b"\xff" * words.stat().st_size)
    restore_times(words, times)


def test_a_read_error_while_searching_is_index_damage(
    built: tuple[Library, Path, dict[str, list[str]]],
) -> None:
    library, index_dir, _ = built
    corrupt_unnoticed(index_dir)
    index = SearchIndex(index_dir)
    assert ensure_index(library, index).rebuilt == ""
    with pytest.raises(IndexDamaged, match=r"words\.tsv"):
        index.search("kernl ")  # no hits: did-you-mean reads the word list


def test_the_daily_full_check_finds_damage_that_kept_the_times(
    built: tuple[Library, Path, dict[str, list[str]]],
) -> None:
    library, index_dir, sound = built
    corrupt_unnoticed(index_dir)
    meta = read_meta(index_dir)
    (index_dir / META_FILE).write_text(json.dumps({**meta, "checked": 0}))  # type: ignore[dict-item]
    index = SearchIndex(index_dir)
    status = ensure_index(library, index)
    assert status.damaged and "words.tsv" in status.rebuilt
    assert answers(index) == sound


def test_cli_search_rebuilds_after_a_read_error_and_answers(
    tmp_path: Path, built_libraries: BuiltLibraries
) -> None:
    paths = LibraryPaths(
        built_libraries.copy("index-damage-sound", _build_sound, tmp_path / "data")
    )
    env = {**os.environ, "PAPERTUI_DATA_DIR": str(paths.data_dir)}
    # a misspelt word: did-you-mean reads the word list
    run = [sys.executable, "-m", "papertui", "search", "--limit", "0", "kernl"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    corrupt_unnoticed(paths.index_dir)
    second = subprocess.run(run, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert "search index was damaged" in second.stderr and "rebuilt" in second.stderr


def test_cli_says_when_it_rebuilt_a_damaged_index(
    tmp_path: Path, built_libraries: BuiltLibraries
) -> None:
    paths = LibraryPaths(
        built_libraries.copy("index-damage-sound", _build_sound, tmp_path / "data")
    )
    env = {**os.environ, "PAPERTUI_DATA_DIR": str(paths.data_dir)}
    run = [sys.executable, "-m", "papertui", "search", "--limit", "0", "graph"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    damage(paths.index_dir, "truncate-pst", random.Random(0))
    second = subprocess.run(run, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert "search index was damaged" in second.stderr
