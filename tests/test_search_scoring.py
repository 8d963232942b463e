"""The numpy evaluator against Whoosh itself, on lists long enough for many blocks.

The demo library's posting lists fit in one block; here 2,600 generated papers
give lists of thousands of postings (several 1,024-posting blocks), a second
segment from an incremental sync, and deletions from updated papers.
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
from papertui.search.analysis import fold_term, stem_term
from papertui.search.highlight import mark
from papertui.search.index import SearchIndex
from papertui.search.phrases import has_phrase, phrase_in, text_terms
from papertui.search.prefix_table import PrefixTables
from papertui.search.query import parse
from papertui.search.sync import ensure_index, sync
from papertui.store import Library

prefix_terms = PrefixTables().completions  # no lists: every segment's term table scanned

# Tests of the fast paths' own readers: they are not used with the internals off.
needs_internals = pytest.mark.skipif(not internals.ENABLED, reason=str(internals.STOCK_REASON))

WORDS = [
    "model",
    "learning",
    "neural",
    "network",
    "graph",
    "data",
    "training",
    "transformer",
    "attention",
    "diffusion",
    "quantum",
    "robust",
    "sparse",
    "efficient",
    "inference",
    "gaussian",
    "splatting",
    "policy",
    "reinforcement",
    "language",
    "vision",
    "retrieval",
    "benchmark",
]


def _papers(count: int, seed: int, start: int = 0) -> list[Paper]:
    rng = random.Random(seed)
    papers = []
    for n in range(start, start + count):
        title = " ".join(rng.choices(WORDS, k=rng.randint(3, 8)))
        abstract = " ".join(rng.choices(WORDS, k=rng.randint(10, 40)))
        papers.append(
            Paper(
                id=f"2401.{n:05d}",
                arxiv_id=f"2401.{n:05d}",
                title=title,
                abstract=abstract,
                authors=(Author(f"Author {n % 97}"),),
                categories=(rng.choice(["cs.LG", "cs.CV", "quant-ph"]),),
                published=f"2024-01-{1 + n % 28:02d}",
                sources=("arxiv-api",),
                extras={"upvotes": n % 13},
            )
        )
    return papers


def _build(base: Path) -> None:
    with Library(base / "library.sqlite3") as library:
        library.import_papers(_papers(2400, seed=1))
        index = SearchIndex(base / "index")
        ensure_index(library, index)
        # a second segment: 200 new papers and 300 changed ones (deleted in the first)
        changed = _papers(300, seed=2, start=100)
        library.import_papers([*_papers(200, seed=3, start=2400), *changed])
        sync(library, index)
        index.close()


@pytest.fixture(scope="module")
def index(
    tmp_path_factory: pytest.TempPathFactory, built_libraries: BuiltLibraries
) -> Iterator[SearchIndex]:
    """The index, read only by the tests (built once per run, copied for the module)."""
    base = built_libraries.copy("scoring", _build, tmp_path_factory.mktemp("scoring"))
    index = SearchIndex(base / "index")
    yield index
    index.close()


def test_the_index_has_long_lists_several_segments_and_deletions(index: SearchIndex) -> None:
    reader = index._get_searcher().reader()
    assert len(reader.leaf_readers()) >= 2
    assert reader.has_deletions()
    assert reader.doc_frequency("text", "model") > 2 * 1024


@needs_internals
def test_posting_arrays_equal_whooshs_own_matcher(index: SearchIndex) -> None:
    reader = index._get_searcher().reader()
    for seg, _ in reader.leaf_readers():
        for term in ("model", "gaussian", "author", "cs.lg"):
            field = "categories" if "." in term else "text"
            if (field, term.encode()) not in seg:
                continue
            ids, weights = internals.posting_arrays(seg, field, term.encode())
            matcher = seg.postings(field, term.encode())
            expected_ids, expected_weights = [], []
            while matcher.is_active():
                expected_ids.append(matcher.id())
                expected_weights.append(matcher.weight())
                matcher.next()
            # posting_arrays keeps deleted documents (ArrayScorer drops them); Whoosh skips them
            live = [(i, w) for i, w in zip(ids.tolist(), weights.tolist(), strict=True)
                    if not seg.is_deleted(i)]  # fmt: skip
            assert [i for i, _ in live] == expected_ids
            assert [w for _, w in live] == pytest.approx(expected_weights)


QUERIES = [
    "model ",
    "neural network ",
    "graph OR quantum ",
    "model -quantum ",
    "transf",
    "cat:cs.LG diffus",
    "learning year:2024 ",
    "date:>2024-01-10 sparse ",
    "policy reinforcement language ",
]


@pytest.mark.parametrize("text", QUERIES)
def test_rankings_and_counts_equal_whooshs_exhaustive_scoring(
    index: SearchIndex, text: str
) -> None:
    searcher = index._get_searcher()
    parsed = parse(text, searcher.reader())
    found = searcher.search(parsed.query, limit=None, optimize=False)
    ranked = sorted(found, key=lambda hit: (-hit.score, hit.docnum))
    results = index.search(text, limit=50)
    assert results.total == len(ranked)
    assert [hit.id for hit in results.hits] == [hit["id"] for hit in ranked[:50]]
    # Whoosh gives a negation or a range a constant score of its own (1.0); we add none
    offset = round(ranked[0].score - results.hits[0].score) if results.hits else 0
    assert offset in (0, 1, 2)
    for ours, theirs in zip(results.hits, ranked, strict=False):
        assert ours.score + offset == pytest.approx(theirs.score, rel=1e-9)


@pytest.mark.parametrize("sort", ["date", "title", "upvotes"])
def test_sorted_results_equal_whooshs(index: SearchIndex, sort: str) -> None:
    searcher = index._get_searcher()
    parsed = parse("model attention ", searcher.reader())
    field, reverse = {"date": ("date", True), "title": ("title_sort", False)}.get(
        sort, ("upvotes", True)
    )
    found = searcher.search(parsed.query, limit=None, sortedby=field, reverse=reverse)
    values = [searcher.reader().column_reader(field)[hit.docnum] for hit in found]
    ours = index.search("model attention ", limit=40, sort=sort)
    ranked = sorted(
        zip(values, (hit.docnum for hit in found), (hit["id"] for hit in found), strict=True),
        key=lambda v: ((-v[0] if reverse else v[0]), v[1]) if sort != "title" else (v[0], v[1]),
    )
    assert [hit.id for hit in ours.hits] == [i for _, _, i in ranked[:40]]


def test_prefix_terms_count_every_segment(index: SearchIndex) -> None:
    reader = index._get_searcher().reader()
    found = prefix_terms(reader, "text", "tra", 4000)
    assert found["train"] == reader.doc_frequency("text", "train")
    assert found["transform"] == reader.doc_frequency("text", "transform")
    assert all(term.startswith("tra") for term in found)


@needs_internals
@pytest.mark.parametrize("field", ["text", "title", "authors", "categories", "id"])
@pytest.mark.parametrize("chunk", [16, 97, 32_768])  # refills mid-entry, and none
def test_raw_term_table_scan_equals_whooshs_items(
    index: SearchIndex, field: str, chunk: int
) -> None:
    for seg in index._get_searcher().reader().leaf_readers():
        reader = seg[0]
        expected = [
            (tbytes, info.doc_frequency())
            for (name, tbytes), info in reader._terms.items_from(field, b"")
            if name == field
        ]
        ours = list(internals.scan_terms(reader, field, b"", chunk))
        assert ours == expected and expected  # every term, in order, stopping at the field's end
        middle = expected[len(expected) // 2][0]
        after = list(internals.scan_terms(reader, field, middle, chunk))
        assert after == expected[len(expected) // 2 :]


def test_prefix_counts_reach_past_the_first_terms(index: SearchIndex) -> None:
    reader = index._get_searcher().reader()
    everything = prefix_terms(reader, "text", "", 10**9)
    for prefix in ("m", "tr", "zz"):
        found = prefix_terms(reader, "text", prefix, 10**9)
        assert found == {t: n for t, n in everything.items() if t.startswith(prefix)}
    assert len(prefix_terms(reader, "text", "m", 3)) <= 3 * len(reader.leaf_readers())


@pytest.mark.parametrize(
    "word",
    ["pruned", "Pruning", "happy", "ties", "hoping", "conflated", "Pérez", "generalization"],
)
def test_a_stem_keeps_the_first_two_letters_highlighting_relies_on_it(word: str) -> None:
    stem, folded = stem_term(word), fold_term(word)
    assert stem is not None and folded is not None
    assert stem[:2] == folded[:2]
    assert [text for text, hit in mark(f"x {word} y", {stem}) if hit] == [word]


_VOCAB = [
    "neural", "Neural", "networks", "network's", "NETWORK", "the", "of", "a", "x.neural",
    "learning", "learned", "deep", "Deeply", "graph", "graphs", "model", "models", "é",
]  # fmt: skip
_GLUE = [" ", "  ", ", ", ". ", "-", "'", "’", "\n", "..", "(", ")"]


@given(
    st.lists(st.tuples(st.sampled_from(_VOCAB), st.sampled_from(_GLUE)), max_size=30),
    st.lists(st.sampled_from(["neural", "network", "deep", "learn", "graph", "model"]),
             min_size=1, max_size=3),
)  # fmt: skip
@settings(max_examples=400, deadline=None)
def test_phrase_check_equals_stemming_every_word(
    pieces: list[tuple[str, str]], phrase: list[str]
) -> None:
    text = "".join(word + glue for word, glue in pieces)
    assert phrase_in(text, phrase) == has_phrase(text_terms(text), phrase)


@pytest.mark.parametrize(
    ("typed", "word"),
    [("diffusi", "diffusion "), ("inferen", "inference "), ("efficien", "efficient ")],
)
def test_typing_past_a_words_stem_keeps_its_results(
    index: SearchIndex, typed: str, word: str
) -> None:
    # "diffusion" is indexed as "diffus": no stem starts with "diffusi", yet the
    # results must not vanish while the word is being typed
    finished = index.search(word)
    assert finished.total > 0
    assert index.search(typed).total == finished.total
    assert index.search(f"model {typed}").total == index.search(f"model {word}").total


def test_a_lone_letter_searches_as_a_prefix(index: SearchIndex) -> None:
    found = index.search("q")
    assert found.total >= index.search("quantum ").total > 0
    assert "quantum" in found.highlight_terms


@pytest.mark.parametrize(
    ("many", "among", "dense"),
    [(0, 5, False), (5, 0, False), (3, 7, False), (1000, 1000, False), (6000, 9000, True),
     (1, 8000, True), (9000, 1, True)],
)  # fmt: skip
def test_long_lists_are_matched_by_table_as_short_ones_by_search(
    many: int, among: int, dense: bool
) -> None:
    """`_locate` and `_member` (AND, NOT, an OR within an AND's documents) find the same
    documents, and their places, whichever way they go (a table from `DENSE_FROM` on)."""
    import numpy as np

    from papertui.search.array_scoring import DENSE_FROM, _locate, _member

    rng = np.random.default_rng(many * 7 + among)
    docs = np.unique(rng.integers(0, 12_000, many))
    shared = docs[: max(among // 3, 1)] if among else docs[:0]
    others = np.unique(np.concatenate([rng.integers(0, 12_000, among), shared]))
    assert (len(docs) + len(others) >= DENSE_FROM) == dense
    expected = np.isin(docs, others)
    found, at = _locate(docs, others)
    assert (found == expected).all() and (_member(docs, others) == expected).all()
    assert (others[at[found]] == docs[found]).all()
    assert expected.any() or not len(docs) or not len(others)
