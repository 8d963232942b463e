"""The word being typed expands to its most frequent completions, read from the lists
kept beside the index (`search/prefix_table.py`) for short prefixes with many terms."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.models import Author, Paper
from papertui.search import prefix_table
from papertui.search.index import SearchIndex
from papertui.search.prefix_table import PrefixTables
from papertui.search.sync import ensure_index, read_meta, sync
from papertui.search.terms import PREFIX_EXPANSIONS, PREFIX_SCAN
from papertui.store import Library

# More q-words than a scan reads (`PREFIX_SCAN`), each in one paper; the most frequent
# one sorts after all of them, and the lonely one before.
RARE = ["q" + "".join(letters) + "ox" for letters in itertools.product("bcdfghjkl", repeat=4)]
FREQUENT, LONELY = "qzzzzox", RARE[0]
PER_PAPER = 40


def _paper(n: int, title: str, abstract: str) -> Paper:
    return Paper(
        id=f"2402.{n:05d}",
        arxiv_id=f"2402.{n:05d}",
        title=title,
        abstract=abstract,
        authors=(Author(f"Author {n}"),),
        published="2024-02-01",
        sources=("arxiv-api",),
    )


def _papers() -> list[Paper]:
    rare = RARE[1:]
    papers = [
        _paper(n, "rare words", " ".join(rare[i : i + PER_PAPER]))
        for n, i in enumerate(range(0, len(rare), PER_PAPER))
    ]
    start = len(papers)
    papers += [_paper(start + n, "frequent word", f"{FREQUENT} plain") for n in range(30)]
    papers.append(_paper(start + 30, "lonely word", f"{LONELY} plain"))
    return papers


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, SearchIndex]]:
    base = tmp_path_factory.mktemp("prefixes")
    library = Library(base / "library.sqlite3")
    library.import_papers(_papers())
    index = SearchIndex(base / "index")
    ensure_index(library, index)
    yield library, index
    index.close()
    library.close()


def test_the_corpus_has_more_completions_than_a_scan_reads() -> None:
    assert len(RARE) > PREFIX_SCAN and sorted([*RARE, FREQUENT])[-1] == FREQUENT


def test_a_typed_letter_expands_to_the_most_frequent_completions(
    env: tuple[Library, SearchIndex],
) -> None:
    _, index = env
    found = index.search("q", limit=100)
    ids = {hit.id for hit in found.hits}
    assert FREQUENT in found.highlight_terms  # sorted after every rare word, yet found
    assert set(found.highlight_terms) - {"q"} == {FREQUENT, *sorted(RARE)[-7:]}
    assert PREFIX_EXPANSIONS == 8
    assert {p.id for p in _papers() if p.title == "frequent word"} <= ids
    assert LONELY not in found.highlight_terms  # one paper, and first in order: left out
    assert not any(p.title == "lonely word" and p.id in ids for p in _papers())


def test_the_lists_give_what_reading_every_term_gives(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    reader = index._get_searcher().reader()
    listed, scanned = index.prefixes(), PrefixTables()
    assert listed.tables  # the build wrote them

    def best(found: dict[str, int]) -> list[tuple[int, str]]:
        return sorted(((n, t) for t, n in found.items()), reverse=True)[:PREFIX_EXPANSIONS]

    for prefix in ("q", "qb", "qbc", "qz", "qzzzz", "p", "x"):
        assert best(listed.completions(reader, "text", prefix, PREFIX_SCAN)) == best(
            scanned.completions(reader, "text", prefix, 10**9)
        ), prefix
    table = next(iter(listed.tables.values()))["text"]
    assert set(table) == {"q", "qb", "qc", "qd", "qf", "qg", "qh", "qj", "qk", "ql"}


def test_a_sync_lists_new_segments_and_drops_gone_ones(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite3")
    library.import_papers(_papers()[:60])
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    before = set(index.prefixes().tables)
    library.import_papers(_papers()[60:])
    sync(library, index)
    segments = {
        seg.segment().segment_id() for seg, _ in index._get_searcher().reader().leaf_readers()
    }
    saved = json.loads((tmp_path / "index" / prefix_table.FILE_NAME).read_text())
    assert set(saved) == segments == set(index.prefixes().tables) != before
    assert FREQUENT in index.search("q").highlight_terms
    library.close()


def test_an_index_without_lists_gets_them_at_open_without_a_rebuild(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite3")
    library.import_papers(_papers())
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    index.close()
    path = tmp_path / "index" / prefix_table.FILE_NAME
    path.unlink()  # as an index written before the lists
    meta = read_meta(tmp_path / "index") or {}
    del meta["files"][prefix_table.FILE_NAME]
    (tmp_path / "index" / "papertui-index.json").write_text(json.dumps(meta))
    toc = sorted((tmp_path / "index").glob("*.toc"))
    status = ensure_index(library, SearchIndex(tmp_path / "index"))
    assert not status.rebuilt and path.exists()
    assert sorted((tmp_path / "index").glob("*.toc")) == toc  # the same segments
    assert prefix_table.FILE_NAME in read_meta(tmp_path / "index")["files"]  # type: ignore[index]
    library.close()


def test_a_changed_list_file_is_damage_and_the_index_is_rebuilt(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite3")
    library.import_papers(_papers()[:40])
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    index.close()
    path = tmp_path / "index" / prefix_table.FILE_NAME
    tables = json.loads(path.read_text())
    for fields in tables.values():
        fields["text"]["q"] = [["qwrong", 10**6]]
    path.write_text(json.dumps(tables))
    status = ensure_index(library, index)
    assert status.rebuilt and status.damaged
    assert "qwrong" not in index.search("q").highlight_terms
    library.close()
