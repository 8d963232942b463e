"""Search: the query language, ranking, highlighting and hostile input (real index, real store)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BuiltLibraries, copy_demo
from papertui.models import Author, Paper
from papertui.paths import LibraryPaths
from papertui.search.highlight import mark
from papertui.search.index import SearchIndex
from papertui.search.read_ahead import read_ahead
from papertui.search.results import spans_text
from papertui.search.sync import ensure_index
from papertui.store import Library


def _paper(
    pid: str,
    title: str,
    abstract: str,
    authors: tuple[str, ...] = ("Jane Doe",),
    cats: tuple[str, ...] = ("cs.LG",),
    published: str = "2024-01-15",
    upvotes: int | None = None,
) -> Paper:
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=tuple(Author(a) for a in authors),
        categories=cats,
        published=published,
        arxiv_id=pid if "/" in pid or "." in pid else "",
        sources=("arxiv-api",),
        extras={"upvotes": upvotes} if upvotes is not None else {},
    )


PAPERS = [
    _paper(
        "2401.00001",
        "Pruning transformers for efficient inference",
        "We remove attention heads from large language models with little loss.",
        ("Eduardo Pérez-Pellitero", "Li Wei"),
        ("cs.LG", "stat.ML"),
        "2024-01-15",
        50,
    ),
    _paper(
        "2301.00002",
        "A survey of graph neural networks",
        "Graph neural networks and transformer models for relational data are reviewed.",
        ("Ana García",),
        ("cs.AI",),
        "2023-03-10",
    ),
    _paper(
        "2206.00003",
        "Quantum error correction with surface codes",
        "Surface codes protect logical qubits; we simulate decoders at scale.",
        ("Søren Jørgensen",),
        ("quant-ph",),
        "2022-06-01",
        5,
    ),
    _paper(
        "hep-th/9901001",
        "String theory compactifications",
        "Calabi-Yau manifolds and flux compactifications of string theory.",
        ("Old Author",),
        ("hep-th",),
        "1999-01-01",
    ),
    _paper(
        "2406.00005",
        "Neural radiance fields for dynamic scenes",
        "Neural radiance fields model dynamic scenes; unlike Gaussian splats we use MLPs.",
        ("Maria Rossi",),
        ("cs.CV",),
        "2024-06-20",
        120,
    ),
    _paper(
        "2407.00006",
        "Efficient attention for long documents",
        "We study pruning of attention weights: pruned heads and pruning schedules "
        "make long-context models cheaper.",
        ("Bob Smith",),
        ("cs.CL",),
        "2024-07-02",
    ),
    _paper(
        "2408.00007",
        "Transformers in vision: a primer",
        "An introduction to vision transformers and their training recipes.",
        ("Carla Mendes",),
        ("cs.CV",),
        "2024-08-11",
        7,
    ),
]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, SearchIndex]]:
    base = tmp_path_factory.mktemp("search")
    library = Library(base / "library.sqlite3")
    library.import_papers(PAPERS)
    index = SearchIndex(base / "index")
    ensure_index(library, index)
    yield library, index
    index.close()
    library.close()


def _texts(library: Library):  # type: ignore[no-untyped-def]
    def texts(ids: list[str]) -> dict[str, tuple[str, str]]:
        return {k: (p.title, p.abstract) for k, p in library.get_many(ids).items()}

    return texts


def ids(index: SearchIndex, query: str, **kw: object) -> list[str]:
    return [h.id for h in index.search(query, **kw).hits]  # type: ignore[arg-type]


# ---- syntax -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("surface codes ", {"2206.00003"}),
        ('"radiance fields" ', {"2406.00005"}),
        ('"fields radiance" ', set()),
        ("quantum OR string ", {"2206.00003", "hep-th/9901001"}),
        ("attention -long ", {"2401.00001"}),
        ("attention NOT documents ", {"2401.00001"}),
        ("(quantum OR string) theory ", {"hep-th/9901001"}),
        ("compactif* ", {"hep-th/9901001"}),
        ("qantum~ ", {"2206.00003"}),
        ("title:transformers ", {"2401.00001", "2408.00007"}),
        ('title:"graph neural" ', {"2301.00002"}),
        ("abstract:qubits ", {"2206.00003"}),
        ("author:rossi ", {"2406.00005"}),
        ('author:"ana garcia" ', {"2301.00002"}),
        ("cat:cs.lg ", {"2401.00001"}),
        ("cat:CS.LG ", {"2401.00001"}),
        ("cat:stat ", {"2401.00001"}),
        ("cat:quant-ph ", {"2206.00003"}),
        ("year:2023 ", {"2301.00002"}),
        ("year:2022..2023 ", {"2206.00003", "2301.00002"}),
        ("year:<2000 ", {"hep-th/9901001"}),
        ("date:>2024-06-20 ", {"2407.00006", "2408.00007"}),
        ("date:>=2024-06-20 ", {"2406.00005", "2407.00006", "2408.00007"}),
        ("date:<2022-06-01 ", {"hep-th/9901001"}),
        ("date:2024-06..2024-07 ", {"2406.00005", "2407.00006"}),
        ("upvotes:>=50 ", {"2401.00001", "2406.00005"}),
        ("id:2401.00001 ", {"2401.00001"}),
        ("id:arXiv:2401.00001v3 ", {"2401.00001"}),
        ("id:https://arxiv.org/abs/hep-th/9901001v2 ", {"hep-th/9901001"}),
        ("2206.00003 ", {"2206.00003"}),
        ("is:unread year:2022 ", {"2206.00003"}),
        ("is:bookmarked ", set()),
        ("has:note ", set()),
    ],
)
def test_syntax(env: tuple[Library, SearchIndex], query: str, expected: set[str]) -> None:
    _, index = env
    results = index.search(query)
    assert {h.id for h in results.hits} == expected
    assert results.notice is None


def test_stemming_and_accent_folding(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    assert "2407.00006" in ids(index, "prune ")  # pruning, pruned
    assert ids(index, "perez ") == ["2401.00001"]
    assert ids(index, "Pérez ") == ["2401.00001"]
    assert ids(index, "jorgensen ") == ["2206.00003"]  # ø folds to o


def test_last_word_is_a_prefix_while_typing(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    assert {"2401.00001", "2408.00007"} <= set(ids(index, "transf"))
    assert ids(index, "transf ") == []  # a trailing space ends the word
    assert set(ids(index, "vision transf")) == {"2408.00007"}
    # One letter of the next word does not empty the list mid-word ...
    assert set(ids(index, "transformers v")) == set(ids(index, "transformers "))
    assert set(ids(index, "transformers OR v")) == set(ids(index, "transformers "))
    # ... but a finished one-letter word still counts.
    assert set(ids(index, "transformers v ")) <= set(ids(index, "transformers "))


def test_title_match_beats_abstract_match(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    found = ids(index, "pruning ")
    assert found[0] == "2401.00001" and "2407.00006" in found


def test_sorts(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    assert ids(index, "attention OR transformers ", sort="date")[0] == "2408.00007"
    assert ids(index, "cat:cs ", sort="upvotes")[:2] == ["2406.00005", "2401.00001"]
    titles = ids(index, "cat:cs ", sort="title")
    assert titles[0] == "2301.00002"  # "A survey ..."
    with pytest.raises(ValueError):
        index.search("x", sort="nonsense")


def test_paging_and_counts(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    everything = ids(index, "cat:cs ", sort="date")
    assert ids(index, "cat:cs ", sort="date", limit=2, offset=1) == everything[1:3]
    assert index.search("cat:cs ").total == len(everything) == 5
    assert index.doc_count() == len(PAPERS)


def test_highlights_are_plain_spans(env: tuple[Library, SearchIndex]) -> None:
    library, index = env
    results = index.search("pruning transformers ", texts=_texts(library))
    hit = results.hits[0]
    assert hit.title_snippet == "Pruning transformers for efficient inference"
    assert ("Pruning", True) in hit.title_spans and ("transformers", True) in hit.title_spans
    assert {"prune", "transform"} <= set(results.highlight_terms)
    text = "the pruned [bold]model[/bold]\x1b[31m"
    spans = mark(text, results.highlight_terms)
    assert ("pruned", True) in spans and "\x1b" not in spans_text(spans)
    assert "[bold]" in spans_text(spans)  # kept literally: never interpreted


def test_highlight_limit_and_without_texts(env: tuple[Library, SearchIndex]) -> None:
    library, index = env
    results = index.search("cat:cs ", highlight_limit=2, texts=_texts(library))
    assert all(h.title_spans for h in results.hits[:2])
    assert not any(h.title_spans for h in results.hits[2:])
    assert not any(h.title_spans for h in index.search("cat:cs ").hits)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "((graph neural",
        "graph)) neural",
        "*",
        "title:",
        "title: ",
        "a OR",
        "NOT",
        "OR OR",
        "is:whatever",
        "date:2024-13-01",
        "year:20x",
        "cat:",
        "x" * 10_000,
        "graph " * 2_000,
        "\x00\x1b[31m\x07graph",
        "[bold]graph[/bold]",
        "~",
        "-",
        "---",
        ":",
        '"',
        "()",
        "id:",
        "upvotes:>>3",
        "date:..",
        "\u202egraph",
    ],
)
def test_hostile_queries_never_raise(env: tuple[Library, SearchIndex], query: str) -> None:
    library, index = env
    results = index.search(query, texts=_texts(library))
    known = {paper.id for paper in PAPERS}
    assert {hit.id for hit in results.hits} <= known
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert "\x1b" not in hit.title_snippet


def test_syntax_errors_fall_back_to_words_with_a_notice(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    results = index.search('"graph neural')
    assert results.notice and "plain words" in results.notice
    assert [h.id for h in results.hits] == ["2301.00002"]
    assert index.search("title: graph ").notice
    assert "2301.00002" in ids(index, "((graph neural ")


def test_did_you_mean(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    assert index.suggest("qantum corection ") == "quantum correction "
    assert index.suggest("quantum correction") is None
    assert index.search("qantum corection ").suggestion == "quantum correction "


def test_related(env: tuple[Library, SearchIndex]) -> None:
    _, index = env
    related = [h.id for h in index.related("2401.00001")]
    assert "2401.00001" not in related
    assert related and related[0] in {"2407.00006", "2408.00007"}
    assert index.related("arXiv:2401.00001v2")  # any id form
    assert index.related("9999.99999") == []


# ---- the bundled demo library ---------------------------------------------------------
def test_demo_ranking_and_suggestion(tmp_path: Path, built_libraries: BuiltLibraries) -> None:
    paths = LibraryPaths(copy_demo(built_libraries, tmp_path))
    with Library(paths.store) as library:
        index = SearchIndex(paths.index_dir)
        assert ensure_index(library, index).rebuilt == ""
        results = index.search("gaussian splatting", texts=_texts(library))
        assert results.hits[0].title_snippet.startswith("HeadGaS")
        assert index.suggest("gausian splating") == "gaussian splatting"
        # a word still being typed is not misspelt ("diffus" is not "diff")...
        assert index.suggest("diffus") is None
        assert index.search("diffus").suggestion is None
        assert index.suggest("splatting gaus") is None
        assert index.suggest("gaussian spl") is None  # "splatting": in one paper only
        # ...but it is once the user has moved on, or if no known word starts so
        assert index.suggest("difusion ") == "diffusion "
        assert index.suggest("difusion") == "diffusion"
        index.close()


# ---- phrases and the bulk evaluator ---------------------------------------------------
def test_phrases_are_checked_on_the_texts(env: tuple[Library, SearchIndex]) -> None:
    library, index = env
    texts = _texts(library)
    # "long documents" is in a title; "logical qubits" only in an abstract
    assert ids(index, '"long documents" ', texts=texts) == ["2407.00006"]
    assert ids(index, '"logical qubits" ', texts=texts) == ["2206.00003"]
    assert ids(index, '"qubits logical" ', texts=texts) == []
    # without texts only fields with positions (title, authors, note) can confirm a phrase
    assert ids(index, '"long documents" ') == ["2407.00006"]
    assert ids(index, '"logical qubits" ') == []
    # a phrase nested in OR matches as all its words
    assert "2206.00003" in ids(index, '("qubits logical" OR string) ', texts=texts)


def test_bulk_evaluation_ranks_like_whoosh(env: tuple[Library, SearchIndex]) -> None:
    from papertui.search.query import parse

    _, index = env
    searcher = index._get_searcher()
    assert searcher is not None
    queries = ["attention ", "pruning attention ", "transf", "graph OR quantum ", "cat:cs transf"]
    for text in queries:
        parsed = parse(text, searcher.reader())
        # every hit scored: Whoosh's own top-k collection can drop hits with boosted ORs
        found = searcher.search(parsed.query, limit=None, optimize=False)
        ranked = sorted(found, key=lambda hit: (-hit.score, hit.docnum))[:50]
        expected = [hit["id"] for hit in ranked]
        assert ids(index, text) == expected, text


def test_read_ahead_asks_for_every_index_file(env: tuple[Library, SearchIndex]) -> None:
    """`pick` asks the system to cache the whole index as it opens it (nothing waits)."""
    _, index = env
    files = sum(p.stat().st_size for p in index.index_dir.iterdir())
    asked = read_ahead(index.index_dir)
    assert asked == (files if hasattr(os, "posix_fadvise") else 0) and files > 0
    assert ids(index, "transformer")  # still searches as before
