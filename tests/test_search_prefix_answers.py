"""The costly first letters' answers kept beside the index (`search/prefix_answers.py`)
are what the live search gives, on an index of several segments with deleted
documents, and are never used once the index changed."""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from papertui.models import Author, Paper
from papertui.paths import LibraryPaths
from papertui.picking import SHOWN, PickSource
from papertui.search import prefix_answers
from papertui.search import whoosh_internals as internals
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index, keep_answers, read_meta, sync
from papertui.search.verify import IndexDamaged
from papertui.store import Library

if TYPE_CHECKING:
    from conftest import BuiltLibraries

SYLLABLES = ["ta", "ro", "mi", "ne", "su", "ka", "lo", "pe", "tri", "dra", "ven", "gal"]
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "x")})


def _papers(start: int, count: int, seed: int) -> list[Paper]:
    """Papers whose words follow a skewed distribution (many share their commonest
    words), every fifth one a copy of the one before it: equal scores, ranked by order."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    papers: list[Paper] = []
    for n in range(start, start + count):
        if n % 5 == 4 and papers:
            title, abstract = papers[-1].title, papers[-1].abstract
        else:
            title = " ".join(rng.choices(WORDS, weights, k=6))
            abstract = " ".join(rng.choices(WORDS, weights, k=40))
        papers.append(
            Paper(
                id=f"2403.{n:05d}",
                arxiv_id=f"2403.{n:05d}",
                title=title,
                abstract=abstract,
                authors=(Author(f"Writer {n % 17}"),),
                published=f"2024-03-{1 + n % 28:02d}",
                sources=("arxiv-api",),
            )
        )
    return papers


def _texts(library: Library):  # type: ignore[no-untyped-def]
    def texts(ids: list[str]) -> dict[str, tuple[str, str]]:
        return {i: (p.title, p.abstract) for i, p in library.get_many(ids).items()}

    return texts


def _live(index_dir: Path, tmp_path: Path) -> SearchIndex:
    """The same index without the kept answers: every query scored live."""
    copy = tmp_path / "live-index"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(index_dir, copy)
    (copy / prefix_answers.FILE_NAME).unlink()
    return SearchIndex(copy)


def _load(path: Path) -> tuple[dict, dict[str, dict]]:
    """(header, {query: answer}) of a saved file."""
    header, *answers = [json.loads(line) for line in path.read_text().splitlines()]
    return header, dict(zip(header["queries"], answers, strict=True))


def _save(path: Path, header: dict, answers: dict[str, dict]) -> None:
    lines = [json.dumps({**header, "queries": list(answers)}), *map(json.dumps, answers.values())]
    path.write_text("\n".join(lines) + "\n")


def _kept(index_dir: Path) -> dict[str, dict]:
    return _load(index_dir / prefix_answers.FILE_NAME)[1]


DEFAULT_FEWEST = prefix_answers.FEWEST_POSTINGS


@pytest.fixture(autouse=True)
def small_libraries_answer_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """These libraries are far below the size from which queries are answered ahead."""
    monkeypatch.setattr(prefix_answers, "FEWEST_POSTINGS", 0)


def _build_env(target: Path) -> None:
    library = Library(target / "library.sqlite3")
    index = SearchIndex(target / "index")
    library.import_papers(_papers(0, 150, seed=1))
    ensure_index(library, index)
    for start in (150, 200):
        library.import_papers(_papers(start, 50, seed=start))
        library.set_bookmarked([f"2403.{n:05d}" for n in range(0, start, 7)], True)
        sync(library, index)
        assert not index.answers().fresh(index._get_searcher().reader())
        keep_answers(index)
    index.close()
    library.close()


@pytest.fixture
def env(tmp_path: Path, built_libraries: BuiltLibraries) -> Iterator[tuple[Library, SearchIndex]]:
    """An index caught up three times (several segments) with re-indexed papers (deleted
    documents in the older segments), its answers kept (built once, copied)."""
    built_libraries.copy("prefix-answers", _build_env, tmp_path)
    library = Library(tmp_path / "library.sqlite3")
    index = SearchIndex(tmp_path / "index")
    reader = index._get_searcher().reader()
    assert len(reader.leaf_readers()) > 1 and reader.has_deletions()
    assert index.answers().fresh(reader)
    yield library, index
    index.close()
    library.close()


def test_kept_answers_are_the_live_search_s(
    env: tuple[Library, SearchIndex], tmp_path: Path
) -> None:
    library, index = env
    kept = _kept(index.index_dir)
    assert {"t", "r", "m"} <= set(kept)
    assert {len(q) for q in kept} == set(range(1, prefix_answers.LONGEST + 1))
    assert not {"z", "tz", "x"} & set(kept)  # no paper has such words: nothing to save
    assert any(  # equal scores among the kept hits: their order is the ranking's tie rule
        len({h[1] for h in answer["hits"]}) < len(answer["hits"]) for answer in kept.values()
    )
    live = _live(index.index_dir, tmp_path)
    texts = _texts(library)
    for query in kept:
        for offset, limit in ((0, SHOWN), (0, prefix_answers.KEPT_HITS), (50, 50), (0, 500)):
            asked = dict(offset=offset, limit=limit, texts=texts)
            assert index.search(query, **asked) == live.search(query, **asked), query
        assert index.search(query, sort="date") == live.search(query, sort="date")
        assert index.search(query + " ") == live.search(query + " ")
    live.close()


def test_the_picker_lists_the_kept_answers_as_the_live_search(
    env: tuple[Library, SearchIndex], tmp_path: Path
) -> None:
    library, index = env
    paths = LibraryPaths(tmp_path)
    kept, live = PickSource(paths, library), PickSource(paths, library)
    kept.index, live.index = index, _live(index.index_dir, tmp_path)
    asked = [*[q for q in _kept(index.index_dir) if len(q) == 2][:3], "t", "m"]
    for query in asked:
        assert kept.search(query) == live.search(query)
    live.close()


def test_the_kept_file_is_what_answers(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    path = index.index_dir / prefix_answers.FILE_NAME
    header, answers = _load(path)
    answers["t"]["hits"] = answers["t"]["hits"][::-1]
    _save(path, header, answers)
    index.refresh()
    shown = [(h.id, h.score) for h in index.search("t", limit=prefix_answers.KEPT_HITS).hits]
    searcher = index._get_searcher()
    assert shown == [(searcher.stored_fields(d)["id"], s) for d, s, _ in answers["t"]["hits"]]


@pytest.mark.parametrize("change", ["papers added", "papers re-indexed"])
def test_answers_kept_for_an_index_changed_since_are_not_used(
    env: tuple[Library, SearchIndex], tmp_path: Path, change: str
) -> None:
    library, index = env
    path = index.index_dir / prefix_answers.FILE_NAME
    before = path.read_bytes()
    (index.index_dir.parent / "old").mkdir()
    (index.index_dir.parent / "old" / prefix_answers.FILE_NAME).write_bytes(before)
    other = SearchIndex(index.index_dir)  # another process catches the index up
    if change == "papers added":
        library.import_papers(_papers(300, 20, seed=3))
    else:
        library.set_bookmarked(["2403.00003", "2403.00160"], True)
    sync(library, other)
    other.close()
    path.write_bytes(before)  # ... without rewriting the answers, as an older papertui
    index.refresh()
    live = _live(index.index_dir, tmp_path)
    old = _kept(index.index_dir.parent / "old")
    for query in ("t", "m", "tr"):
        now = live.search(query, limit=prefix_answers.KEPT_HITS)
        was = [(h[0], h[1]) for h in old[query]["hits"]]
        assert was != [(hit.id, hit.score) for hit in now.hits]  # the change matters
        assert index.search(query, limit=prefix_answers.KEPT_HITS) == now
    live.close()


@pytest.mark.parametrize("damage", ["not JSON", "a list", "cut short", "wrong shapes"])
def test_an_unreadable_or_malformed_file_is_ignored(
    env: tuple[Library, SearchIndex], tmp_path: Path, damage: str
) -> None:
    _, index = env
    live = _live(index.index_dir, tmp_path)
    path = index.index_dir / prefix_answers.FILE_NAME
    header, answers = _load(path)
    if damage == "not JSON":
        path.write_text("{")
    elif damage == "a list":
        path.write_text("[]\n[]\n")
    elif damage == "cut short":  # the header and the first answers only
        path.write_text("\n".join(path.read_text().splitlines()[:2]))
    else:  # the right stamp, wrong shapes, documents the index does not have
        reader = index._get_searcher().reader()
        deleted = next(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))
        answers["t"]["hits"] = [["2403.00001"]]
        answers["m"]["total"] = "many"
        answers["r"]["hits"][3][0] = reader.doc_count_all()
        answers["tr"]["hits"][0][0] = deleted
        _save(path, header, answers)
    index.refresh()
    for query in ("t", "m", "r", "tr"):
        assert index.search(query) == live.search(query)
    live.close()


def test_an_index_without_answers_gets_them_at_open_without_a_rebuild(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite3")
    library.import_papers(_papers(0, 100, seed=5))
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    index.close()
    path = tmp_path / "index" / prefix_answers.FILE_NAME
    assert prefix_answers.FILE_NAME in read_meta(tmp_path / "index")["files"]  # type: ignore[index]
    path.unlink()  # as an index written before the answers
    meta = read_meta(tmp_path / "index") or {}
    del meta["files"][prefix_answers.FILE_NAME]
    (tmp_path / "index" / "papertui-index.json").write_text(json.dumps(meta))
    toc = sorted((tmp_path / "index").glob("*.toc"))
    index = SearchIndex(tmp_path / "index")
    status = ensure_index(library, index)
    assert not status.rebuilt and "t" in _kept(tmp_path / "index")
    assert sorted((tmp_path / "index").glob("*.toc")) == toc  # the same segments
    assert prefix_answers.FILE_NAME in read_meta(tmp_path / "index")["files"]  # type: ignore[index]
    assert index.answers().fresh(index._get_searcher().reader())
    index.close()
    library.close()


def test_a_library_of_a_few_thousand_papers_keeps_no_answers(
    env: tuple[Library, SearchIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, index = env
    monkeypatch.setattr(prefix_answers, "FEWEST_POSTINGS", DEFAULT_FEWEST)
    library.set_bookmarked(["2403.00002"], True)
    sync(library, index)
    keep_answers(index)
    assert _kept(index.index_dir) == {}
    assert index.answers().fresh(index._get_searcher().reader())  # (nothing to redo at open)


def test_opening_after_a_change_keeps_answers_for_the_index_caught_up(
    env: tuple[Library, SearchIndex],
) -> None:
    library, index = env
    library.import_papers(_papers(400, 10, seed=4))
    ensure_index(library, index)  # as the command line and `pick` open it
    assert index.answers().fresh(index._get_searcher().reader()) and _kept(index.index_dir)


def test_answers_are_not_kept_for_an_index_another_process_wrote_since(
    env: tuple[Library, SearchIndex],
) -> None:
    library, index = env
    library.set_bookmarked(["2403.00005"], True)
    sync(library, index)
    path = index.index_dir / prefix_answers.FILE_NAME
    before = path.read_bytes()
    other = SearchIndex(index.index_dir)
    library.set_bookmarked(["2403.00006"], True)
    sync(library, other)  # another process caught up after this one
    other.close()
    keep_answers(index)  # this one's searcher reads the older index: nothing to keep
    assert path.read_bytes() == before


def test_searches_while_the_answers_are_computed_give_the_live_results(
    env: tuple[Library, SearchIndex], tmp_path: Path
) -> None:
    _, index = env
    live = _live(index.index_dir, tmp_path)
    queries = [*list(_kept(index.index_dir))[:6], "tra", "mi ka"]
    expected = {q: live.search(q) for q in queries}
    failures: list[BaseException] = []

    def answer_again() -> None:
        try:
            for _ in range(3):
                assert index.update_answers()
        except BaseException as exc:  # reported below
            failures.append(exc)

    worker = threading.Thread(target=answer_again)
    worker.start()
    searching = True
    while searching:  # (one round at least, then until the answers are written)
        searching = worker.is_alive()
        for query in queries:
            assert index.search(query) == expected[query], query
    worker.join()
    assert not failures
    assert index.answers().fresh(index._get_searcher().reader())
    live.close()


POSTINGS_FILE = pytest.mark.skipif(
    not internals.ENABLED, reason="stock Whoosh writes one compound file, no posting file"
)


def _garble_postings(index_dir: Path) -> None:
    """Zero the second half of the largest posting file, its size and time kept (a disk
    error the open's stat check does not see)."""
    pst = max(index_dir.glob("*.pst"), key=lambda p: p.stat().st_size)
    info = pst.stat()
    data = pst.read_bytes()
    pst.write_bytes(data[: len(data) // 2] + bytes(len(data) - len(data) // 2))
    os.utime(pst, ns=(info.st_atime_ns, info.st_mtime_ns))


@POSTINGS_FILE
def test_a_read_error_while_keeping_answers_is_left_to_the_next_search(
    env: tuple[Library, SearchIndex],
) -> None:
    library, index = env
    library.set_bookmarked(["2403.00008"], True)
    sync(library, index)
    before = (index.index_dir / prefix_answers.FILE_NAME).read_bytes()
    _garble_postings(index.index_dir)
    index.refresh()
    keep_answers(index)  # no error
    assert (index.index_dir / prefix_answers.FILE_NAME).read_bytes() == before
    with pytest.raises(IndexDamaged):
        index.search("t")


@POSTINGS_FILE
def test_a_read_error_while_answering_at_open_rebuilds(env: tuple[Library, SearchIndex]) -> None:
    library, index = env
    library.set_bookmarked(["2403.00009"], True)
    _garble_postings(index.index_dir)
    index.close()
    status = ensure_index(library, index)
    assert status.rebuilt.startswith("reading it failed") and status.damaged
    assert index.answers().fresh(index._get_searcher().reader())
    assert index.search("t").total
