"""Saved full texts in the search index: `body:`, bare words, `has:fulltext`, "in full
text", and the index staying derived (rebuilds, catch-ups, a deleted index), with a
real library, real saved texts and a real index, with the Whoosh internals on and off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fulltext_support import save_body
from papertui.models import Author, Paper
from papertui.reading.api import mark_for_index
from papertui.reading.fulltext_store import FullTextStore
from papertui.search import build
from papertui.search import whoosh_internals as internals
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index, rebuild, sync
from papertui.store import Library

FILLER = "We evaluate the proposed method on standard benchmarks and report accuracy. "


def _paper(n: int, title: str, abstract: str) -> Paper:
    return Paper(
        id=f"2403.{n:05d}",
        arxiv_id=f"2403.{n:05d}",
        title=title,
        abstract=abstract,
        authors=(Author("Ada Lovelace"),),
        categories=("cs.NI",),
        published="2024-03-01",
    )


TITLE = _paper(1, "Routing tables for sparse networks", "We build tables. " + FILLER)
ABSTRACT = _paper(2, "Sparse networks at scale", "Messages need routing to arrive. " + FILLER)
BODY = _paper(3, "Load balancing in data centres", "We balance load. " + FILLER)
LATER = _paper(4, "Scheduling jobs on clusters", "We schedule jobs. " + FILLER)
OTHERS = [
    _paper(n, f"Graph learning case {n}", f"Graphs, case {n}. " + FILLER) for n in range(5, 40)
]
BODY_TEXT = ("Section 2 describes routing of flows between racks. " + FILLER * 40, "More routing.")


@pytest.fixture(params=["as set", "stock"])
def writers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Our writers and scorer (unless PAPERTUI_STOCK_WHOOSH=1), then Whoosh's own."""
    if request.param == "stock":
        monkeypatch.setattr(internals, "ENABLED", False)
    return str(request.param)


@pytest.fixture
def library(tmp_path: Path, writers: str) -> Library:
    lib = Library(tmp_path / "library.sqlite3")
    lib.import_papers([TITLE, ABSTRACT, BODY, LATER, *OTHERS])
    yield lib
    lib.close()


@pytest.fixture
def bodies(tmp_path: Path) -> FullTextStore:
    store = FullTextStore(tmp_path / "fulltext", tmp_path / "parsed")
    save_body(store, BODY.arxiv_id, *BODY_TEXT)
    return store


@pytest.fixture
def index(tmp_path: Path, library: Library, bodies: FullTextStore) -> SearchIndex:
    ix = SearchIndex(tmp_path / "index", bodies)
    assert ensure_index(library, ix).rebuilt == "no index yet"
    return ix


def ids(index: SearchIndex, query: str) -> list[str]:
    return [hit.id for hit in index.search(query, strict=True).hits]


def test_body_searches_the_saved_full_text_only(index: SearchIndex) -> None:
    found = index.search("body:routing").hits
    assert [hit.id for hit in found] == [BODY.id]
    assert found[0].in_full_text
    assert ids(index, "body:racks flows") == [BODY.id]
    assert ids(index, "body:balance") == []  # the abstract is not the body


def test_a_bare_word_ranks_title_then_abstract_then_full_text(index: SearchIndex) -> None:
    found = index.search("routing").hits
    assert [hit.id for hit in found] == [TITLE.id, ABSTRACT.id, BODY.id]
    assert [hit.in_full_text for hit in found] == [False, False, True]
    assert found[2].score < found[1].score < found[0].score


def test_a_word_in_abstract_and_full_text_is_not_labelled_full_text(index: SearchIndex) -> None:
    found = index.search("balance").hits  # abstract and title ("balancing") of BODY
    assert [hit.id for hit in found] == [BODY.id]
    assert not found[0].in_full_text


def test_has_fulltext(index: SearchIndex) -> None:
    assert ids(index, "has:fulltext") == [BODY.id]
    assert ids(index, "has:fulltext routing") == [BODY.id]
    assert ids(index, "routing -has:fulltext") == [TITLE.id, ABSTRACT.id]
    notice = index.search("has:pdf").notice or ""
    assert "has: takes note, tags or fulltext" in notice


def test_a_quoted_phrase_stays_a_title_and_abstract_phrase(index: SearchIndex) -> None:
    assert ids(index, '"routing tables"') == [TITLE.id]
    assert ids(index, 'body:"routing flows"') == [BODY.id]  # all the words, in the body


def test_saving_a_full_text_updates_its_document_at_the_next_catch_up(
    index: SearchIndex, library: Library, bodies: FullTextStore
) -> None:
    assert ids(index, "zeppelin") == []
    save_body(bodies, LATER.arxiv_id, "Jobs travel by zeppelin between clusters.")
    assert mark_for_index(library, [LATER.arxiv_id]) == [LATER.id]
    assert sync(library, index) == 1  # that paper re-indexed, no rebuild
    found = index.search("zeppelin").hits
    assert [hit.id for hit in found] == [LATER.id] and found[0].in_full_text
    assert ids(index, "has:fulltext") == [BODY.id, LATER.id]
    assert index.doc_count() == library.count()


def test_a_rebuild_and_a_deleted_index_take_the_full_texts_in(
    tmp_path: Path, index: SearchIndex, library: Library, bodies: FullTextStore
) -> None:
    assert rebuild(library, index) == library.count()  # `papertui reindex`
    assert ids(index, "body:routing") == [BODY.id]
    index.close()
    shutil.rmtree(index.index_dir)
    reopened = SearchIndex(index.index_dir, bodies)
    assert ensure_index(library, reopened).rebuilt == "no index yet"
    assert ids(reopened, "body:racks") == [BODY.id]
    assert ids(reopened, "has:fulltext") == [BODY.id]


def test_an_index_without_full_texts_is_rebuilt_with_them(
    tmp_path: Path, library: Library, bodies: FullTextStore
) -> None:
    """An index built before this schema is rebuilt (not caught up): its bodies come in."""
    plain = SearchIndex(tmp_path / "index")
    ensure_index(library, plain)
    assert ids(plain, "body:routing") == []
    meta = plain.index_dir / "papertui-index.json"
    meta.write_text(meta.read_text().replace('"schema": 6', '"schema": 5'))
    upgraded = SearchIndex(plain.index_dir, bodies)
    assert "another papertui version" in ensure_index(library, upgraded).rebuilt
    assert ids(upgraded, "body:routing") == [BODY.id]


def test_two_process_build_indexes_full_texts_of_both_halves_once(
    tmp_path: Path, library: Library, bodies: FullTextStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    upper = OTHERS[-1]  # numbered last: in the second process's half
    save_body(bodies, upper.arxiv_id, "Graphs of racks and their routing.")
    ix = SearchIndex(tmp_path / "index", bodies)
    ensure_index(library, ix)
    assert ix.doc_count() == library.count()
    assert sorted(ids(ix, "has:fulltext")) == sorted([BODY.id, upper.id])
    assert sorted(ids(ix, "body:racks")) == sorted([BODY.id, upper.id])


def test_a_word_of_a_full_text_is_not_corrected(
    index: SearchIndex, library: Library, bodies: FullTextStore
) -> None:
    assert index.search("netwroks").suggestion == "networks"  # a typo of titles' word
    save_body(bodies, LATER.arxiv_id, "The netwroks package schedules the jobs.")
    mark_for_index(library, [LATER.arxiv_id])
    sync(library, index)
    found = index.search("netwroks")
    assert [hit.id for hit in found.hits] == [LATER.id]
    assert found.suggestion is None  # a word of the papers, if only of a full text
