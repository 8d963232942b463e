"""Our writers and scorer against Whoosh's own, and indexes built before the split.

The same corpus is built twice, by `build.build` with the Whoosh internals on
(`SegmentBuilder`, `ArrayCodec`) and off (Whoosh's writer and codec); every
term statistic, posting, field length, stored field and column must agree, and
`ArrayScorer` on ours must rank like Whoosh's searcher on theirs. Every
seventh paper has a saved full text (the `body` field).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import whoosh

from conftest import BuiltLibraries
from fulltext_support import save_body
from papertui.models import Author, Paper
from papertui.reading.fulltext_store import FullTextStore
from papertui.search import whoosh_internals as internals
from papertui.search.array_scoring import ArrayScorer
from papertui.search.build import build
from papertui.search.index import SearchIndex
from papertui.search.query import parse
from papertui.search.schema import SCHEMA_VERSION
from papertui.search.scoring import StockScorer
from papertui.search.sync import ensure_index, read_meta
from papertui.search.weighting import PaperWeighting
from papertui.store import Library

FIXTURE = Path(__file__).parent / "fixtures" / "index-schema3"
pytestmark = pytest.mark.skipif(
    tuple(whoosh.__version__[:3]) != internals.WRITTEN_FOR,
    reason="our writers only run on the Whoosh they were written for",
)

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
    "language",
    "vision",
    "Pérez",
    "café",
    "naïve",
    "retrieval",
    "benchmark",
]


def _papers(count: int) -> list[Paper]:
    rng = random.Random(5)
    return [
        Paper(
            id=f"2402.{n:05d}",
            arxiv_id=f"2402.{n:05d}",
            title=" ".join(rng.choices(WORDS, k=rng.randint(3, 9))),
            abstract=" ".join(["model"] * (n % 10 > 0) + rng.choices(WORDS, k=rng.randint(5, 40))),
            authors=tuple(Author(f"Author {rng.randint(1, 60)}") for _ in range(rng.randint(1, 3))),
            categories=(rng.choice(["cs.LG", "cs.CV", "quant-ph"]),),
            published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
            sources=("arxiv-api",),
            extras={"upvotes": n % 17},
        )
        for n in range(count)
    ]


def _build_both(base: Path) -> None:
    papers = _papers(1300)
    bodies = FullTextStore(base / "fulltext", base / "parsed")
    rng = random.Random(7)
    for paper in papers[::7]:
        paragraphs = (" ".join(rng.choices(WORDS, k=rng.randint(20, 400))) for _ in range(3))
        save_body(bodies, paper.arxiv_id, *paragraphs, "zeppelin \x1e routing")
    with pytest.MonkeyPatch.context() as patch, Library(base / "library.sqlite3") as lib:
        lib.import_papers(papers)
        for paper in papers[::50]:
            lib.set_note(paper.id, f"note on {paper.title}")
            lib.change_tags([paper.id], add=["to-read"])
        for name, enabled in (("ours", True), ("stock", False)):
            patch.setattr(internals, "ENABLED", enabled)
            (base / name).mkdir()
            count, _ = build(lib, base / name, bodies=bodies)
            assert count == len(papers)


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, built_libraries: BuiltLibraries
) -> tuple[SearchIndex, SearchIndex]:
    """(ours, Whoosh's) over 1,300 papers: lists of several blocks, notes and tags (built
    once per run, shared by the xdist workers; the tests only read them)."""
    base = built_libraries.copy("writers", _build_both, tmp_path_factory.mktemp("writers"))
    return SearchIndex(base / "ours"), SearchIndex(base / "stock")


def _reader(index: SearchIndex):  # type: ignore[no-untyped-def]
    return index.open_index().reader()


def test_each_index_was_written_by_its_writer(built: tuple[SearchIndex, SearchIndex]) -> None:
    ours, stock = (_reader(ix) for ix in built)
    assert all(internals.is_array_segment(seg) for seg, _ in ours.leaf_readers())
    assert not any(internals.is_array_segment(seg) for seg, _ in stock.leaf_readers())
    assert ours.doc_frequency("text", "model") > 1024  # several posting blocks
    assert ours.doc_frequency("body", "rout") == 1300 // 7 + 1
    assert ours.doc_frequency("has", "fulltext") == 1300 // 7 + 1


def test_term_statistics_and_postings_are_whooshs(
    built: tuple[SearchIndex, SearchIndex],
) -> None:
    ours, stock = (_reader(ix) for ix in built)
    assert ours.doc_count_all() == stock.doc_count_all() == 1300
    terms = list(stock.all_terms())
    assert list(ours.all_terms()) == terms
    for field, tbytes in terms:
        a, b = ours.term_info(field, tbytes), stock.term_info(field, tbytes)
        stats = ("doc_frequency", "weight", "min_length", "max_length", "max_weight",
                 "min_id", "max_id")  # fmt: skip
        for stat in stats:
            assert getattr(a, stat)() == pytest.approx(getattr(b, stat)()), (field, tbytes, stat)
        mine, theirs = ours.postings(field, tbytes), stock.postings(field, tbytes)
        assert list(mine.all_ids()) == list(theirs.all_ids()), (field, tbytes)
        mine, theirs = ours.postings(field, tbytes), stock.postings(field, tbytes)
        while theirs.is_active():
            assert mine.weight() == pytest.approx(theirs.weight())
            assert mine.value() == theirs.value()  # positions, counts
            mine.next()
            theirs.next()


def test_lengths_stored_fields_and_columns_are_whooshs(
    built: tuple[SearchIndex, SearchIndex],
) -> None:
    ours, stock = (_reader(ix) for ix in built)
    scorable = [name for name, field in stock.schema.items() if field.scorable]
    for name in scorable:
        assert ours.field_length(name) == stock.field_length(name)
        assert ours.max_field_length(name) == stock.max_field_length(name)
    for docnum in range(stock.doc_count_all()):
        assert ours.stored_fields(docnum) == stock.stored_fields(docnum)
        for name in scorable:
            assert ours.doc_field_length(docnum, name) == stock.doc_field_length(docnum, name)
    for name in ("date", "upvotes", "title_sort"):
        assert list(ours.column_reader(name)) == list(stock.column_reader(name))


QUERIES = [
    "model ",
    "neural network ",
    "graph OR quantum -sparse ",
    "transf",
    "cat:cs.LG diffus",
    "tag:to-read attention ",
    "year:2024 perez ",
    "upvotes:>10 splatting gaussian ",
    "title:attention vision ",
    "author:author ",
    'title:"neural network" ',
    "cafe~ naive ",
    "body:zeppelin ",
    "body:quantum sparse ",
    "has:fulltext attention ",
    "routing OR zeppelin ",
]


@pytest.mark.parametrize("text", QUERIES)
def test_array_scorer_on_ours_ranks_like_whooshs_searcher_on_theirs(
    built: tuple[SearchIndex, SearchIndex], text: str
) -> None:
    ours, stock = (ix.open_index().searcher(weighting=PaperWeighting()) for ix in built)
    mine = ArrayScorer(ours).evaluate(parse(text, ours.reader()).query)
    theirs = StockScorer(stock).evaluate(parse(text, stock.reader()).query)
    assert len(theirs) > 0
    assert mine.docs.tolist() == theirs.docs.tolist()
    # Whoosh gives a negation or a range a constant score of its own (1.0); we add none
    offset = round(theirs.scores[0] - mine.scores[0])
    assert mine.scores + offset == pytest.approx(theirs.scores, rel=1e-9)
    assert [d for d, _ in StockScorer(ours).top(mine, 30)] == [
        d for d, _ in StockScorer(stock).top(theirs, 30)
    ]


def test_the_array_scorer_leaves_whooshs_own_segments_to_whoosh(
    built: tuple[SearchIndex, SearchIndex],
) -> None:
    searcher = built[1].open_index().searcher()
    query = parse("model attention ", searcher.reader()).query
    scorer = ArrayScorer(searcher)
    assert not scorer.readable
    found, expected = scorer.evaluate(query), StockScorer(searcher).evaluate(query)
    assert found.docs.tolist() == expected.docs.tolist()
    assert found.scores.tolist() == expected.scores.tolist()


@pytest.fixture
def old_index(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "old")
    return tmp_path / "old"


def test_an_index_built_before_the_split_still_opens(old_index: Path) -> None:
    toc = next((old_index / "index").glob("*.toc")).read_bytes()
    assert b"papertui.search.codec" in toc and b"ArrayCodec" in toc
    index = SearchIndex(old_index / "index")
    assert [hit.id for hit in index.search("qubits ").hits] == ["2401.00002"]
    assert [hit.id for hit in index.search("note:again ").hits] == ["2401.00001"]


@pytest.mark.parametrize("enabled", [True, False])
def test_ensure_index_keeps_or_rebuilds_an_old_index_without_a_crash(
    old_index: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    monkeypatch.setattr(internals, "ENABLED", enabled)
    before = sorted(p.name for p in (old_index / "index").iterdir())
    with Library(old_index / "library.sqlite3") as lib:
        index = SearchIndex(old_index / "index")
        ensure_index(lib, index)
        kept = sorted(p.name for p in (old_index / "index").iterdir()) == before
        assert not kept  # an older index schema (no watches/lists fields): rebuilt once
        meta = read_meta(old_index / "index") or {}
        assert meta.get("schema") == SCHEMA_VERSION
        assert meta.get("format", "array") == internals.index_format()
        assert [hit.id for hit in index.search("pruning ").hits] == ["2401.00001"]
        lib.set_bookmarked(["2401.00000"], True)
        ensure_index(lib, index)  # an incremental sync, in either format
        assert [hit.id for hit in index.search("is:bookmarked").hits] == ["2401.00000"]
        index.close()


def test_another_whoosh_or_the_switch_turns_the_internals_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(internals.SWITCH, raising=False)
    assert internals._stock_reason() is None
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))
    with pytest.warns(UserWarning, match="2.7.6"):
        assert "2.7.6" in (internals._stock_reason() or "")
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 5))
    monkeypatch.setenv(internals.SWITCH, "1")
    assert internals.SWITCH in (internals._stock_reason() or "")
    monkeypatch.setenv(internals.SWITCH, "0")
    assert internals._stock_reason() is None


def test_whoosh_morphology_loads_only_when_used() -> None:
    """`whoosh.query`'s morphology tables are built only if a `Variations` query is made
    (papertui makes none); when it is, it works as in Whoosh. Stock: Whoosh's own module."""
    code = (
        "import sys, papertui.search.index\n"
        "from whoosh.query import Variations\n"
        "module = sys.modules['whoosh.lang.morph_en']\n"
        "print(getattr(module, '__file__', None) is None, end=' ')\n"
        "from whoosh.lang.morph_en import variations\n"
        "print(sorted(variations('run'))[:3], sorted(variations('runs'))[:2])\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    stand_in = internals.ENABLED
    assert out.stdout.strip() == f"{stand_in} ['ran', 'run', 'runner'] ['ran', 'run']"
