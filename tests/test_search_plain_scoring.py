"""The plain-Python scorer (`PlainScorer`, used by one-shot searches to spare numpy's
import) against the numpy one (`ArrayScorer`): the same documents with the same
scores to the last bit, the same rankings and sorted pages, over a generated
library with long posting lists, two segments, deletions, notes and tags.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BuiltLibraries
from papertui.models import Author, Paper
from papertui.search import whoosh_internals as internals
from papertui.search.array_scoring import ArrayScorer
from papertui.search.index import SearchIndex
from papertui.search.plain_scoring import PlainScorer
from papertui.search.query import parse
from papertui.search.scoring import Hits
from papertui.search.sync import ensure_index, sync
from papertui.store import Library

# PlainScorer reads `ArrayCodec` segments only: with the internals off it hands
# every query on, which tests/test_search_scoring.py covers.
pytestmark = pytest.mark.skipif(not internals.ENABLED, reason=str(internals.STOCK_REASON))

WORDS = ["model", "learning", "neural", "network", "graph", "data", "training", "transformer",
         "attention", "diffusion", "quantum", "robust", "sparse", "efficient", "inference",
         "gaussian", "splatting", "policy", "language", "vision", "retrieval", "benchmark",
         "protein", "molecule"]  # fmt: skip
RARE = ["colrabe", "vikulora", "tesjola", "zemizebe"]
AUTHORS = ["Silva", "Müller", "Dupont", "Sato", "Çelik", "Rossi"]


def _papers(count: int, seed: int, start: int = 0) -> list[Paper]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]  # a Zipf-like spread

    def text(low: int, high: int) -> str:
        words = rng.choices(WORDS, weights, k=rng.randint(low, high))
        if rng.random() < 0.05:
            words.append(rng.choice(RARE))
        return " ".join(words)

    return [
        Paper(
            id=f"2301.{n:05d}",
            arxiv_id=f"2301.{n:05d}",
            title=text(3, 9),
            abstract=text(15, 60),
            authors=tuple(Author(f"Ana {rng.choice(AUTHORS)}") for _ in range(rng.randint(1, 3))),
            categories=(rng.choice(["cs.LG", "cs.CV", "quant-ph", "q-bio.BM"]),),
            published=f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-01",
            sources=("arxiv-api",),
            extras={"upvotes": rng.randint(0, 40)},
        )
        for n in range(start, start + count)
    ]


def _build(base: Path) -> None:
    with Library(base / "library.sqlite3") as library:
        library.import_papers(_papers(1600, seed=7))
        index = SearchIndex(base / "index", one_shot=True)
        ensure_index(library, index)
        # a second segment: new papers, and changed ones (deleted from the first)
        library.import_papers([*_papers(150, seed=8, start=1600), *_papers(200, seed=9, start=40)])
        library.set_note("2301.00003", "a note on sparse attention")
        library.change_tags(["2301.00005"], add=["to read"])
        sync(library, index)
        index.close()


@pytest.fixture(scope="module")
def index(
    tmp_path_factory: pytest.TempPathFactory, built_libraries: BuiltLibraries
) -> Iterator[SearchIndex]:
    """The index, read only by the tests (built once per run, copied for the module)."""
    base = built_libraries.copy("plain-scoring", _build, tmp_path_factory.mktemp("plain"))
    index = SearchIndex(base / "index", one_shot=True)
    yield index
    index.close()


def _scorers(index: SearchIndex, most_postings: int = 10**9) -> tuple[PlainScorer, ArrayScorer]:
    searcher = index._get_searcher()
    arrays = ArrayScorer(searcher)
    return PlainScorer(searcher, lambda: arrays, most_postings=most_postings), arrays


def _same(index: SearchIndex, text: str) -> None:
    searcher = index._get_searcher()
    parsed = parse(text, searcher.reader(), words=index.words())
    if parsed.query is None:
        return
    plain, arrays = _scorers(index)
    ours, theirs = plain.evaluate(parsed.query), arrays.evaluate(parsed.query)
    scored = plain.scored(ours)
    assert scored == arrays.scored(theirs)  # float ==: the same bits
    for k in (1, 7, len(scored) + 1):
        assert plain.top(ours, k) == arrays.top(theirs, k)
    for field in ("date", "upvotes", "title_sort"):
        for reverse in (False, True):
            assert plain.sorted_by(ours, field, reverse, 9) == arrays.sorted_by(
                theirs, field, reverse, 9
            )


def test_the_library_has_long_lists_two_segments_and_deletions(index: SearchIndex) -> None:
    reader = index._get_searcher().reader()
    assert len(reader.leaf_readers()) == 2
    assert reader.has_deletions()
    assert reader.doc_frequency("text", "model") > 1024  # a list of several blocks


QUERIES = [
    "model ",
    "colrabe ",
    "neural network ",
    "graph OR quantum OR protein ",
    "protein OR sparse OR model OR graph ",
    "model -quantum -(graph OR sparse) ",
    "(attention OR diffusion) (sparse OR robust) model ",
    "transf",
    "difusion~ ",
    "title:model abstract:network ",
    "author:silva cat:cs.LG year:2018..2021 ",
    "date:>2020-06-01 sparse ",
    "year:2016 OR year:2023 ",
    'tag:"to read" ',
    "note:sparse ",
    "is:noted OR has:note ",
    '"neural network" model ',
    "qqqzzz ",
    "model qqqzzz ",
]


@pytest.mark.parametrize("text", QUERIES)
def test_plain_scores_equal_the_array_scores(index: SearchIndex, text: str) -> None:
    _same(index, text)


_ATOMS = [*WORDS[:12], *RARE, "mod*", "gaus*", "splating~", "author:sato", "cat:quant-ph",
          "year:2015..2019", "title:graph", "tag:to-read"]  # fmt: skip


@given(
    st.lists(
        st.tuples(st.sampled_from(["", "-", "OR ", "("]), st.sampled_from(_ATOMS)),
        min_size=1,
        max_size=5,
    )
)
@settings(max_examples=120, deadline=None)
def test_plain_scores_equal_the_array_scores_for_generated_queries(
    index: SearchIndex, parts: list[tuple[str, str]]
) -> None:
    text = " ".join(f"{op}{atom})" if op == "(" else f"{op}{atom}" for op, atom in parts)
    _same(index, text + " ")


def test_a_query_with_few_postings_is_scored_in_plain_python(index: SearchIndex) -> None:
    plain, _ = _scorers(index)
    q = parse("model sparse ", index._get_searcher().reader()).query
    assert isinstance(plain.evaluate(q), dict)


def test_a_query_with_more_postings_goes_to_the_array_scorer(index: SearchIndex) -> None:
    searcher = index._get_searcher()
    plain, arrays = _scorers(index, most_postings=1000)
    big = parse("model ", searcher.reader()).query
    small = parse("colrabe ", searcher.reader()).query
    found = plain.evaluate(big)
    assert isinstance(found, Hits)
    assert plain.top(found, 20) == arrays.top(arrays.evaluate(big), 20)
    assert isinstance(plain.evaluate(small), dict)


def test_one_shot_and_shared_indexes_give_the_same_pages(index: SearchIndex) -> None:
    shared = SearchIndex(index.index_dir)
    for text in ("model ", "neural network ", "colrabe OR tesjola ", "attention -model "):
        for sort in ("relevance", "date", "title"):
            assert index.search(text, sort=sort, limit=30) == shared.search(
                text, sort=sort, limit=30
            )
