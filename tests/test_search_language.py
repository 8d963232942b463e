"""The query language does what the query says: negated groups, fuzzy words as
written, tags, impossible values (real index, real store)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BuiltLibraries, copy_demo
from papertui.paths import LibraryPaths
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index
from papertui.store import Library
from test_search import PAPERS


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    base = tmp_path_factory.mktemp("language")
    with Library(base / "library.sqlite3") as library:
        library.import_papers(PAPERS)
        library.change_tags(["2401.00001"], add=["to read"])
        library.change_tags(["2406.00005"], add=["Méthodes"])
        index = SearchIndex(base / "index")
        ensure_index(library, index)
        yield index
        index.close()


def found(index: SearchIndex, query: str) -> set[str]:
    return {h.id for h in index.search(query).hits}


def test_a_minus_before_a_group_excludes_the_group(index: SearchIndex) -> None:
    assert found(index, "attention -(long) ") == {"2401.00001"}
    assert found(index, "attention -(long) ") == found(index, "attention NOT (long) ")
    assert found(index, "attention -(documents OR language) ") == set()
    assert found(index, "transformers -(vision OR graph) ") == {"2401.00001"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pruning~ ", {"2401.00001", "2407.00006"}),  # the word as written: stem "prune"
        ("prunning~ ", {"2401.00001", "2407.00006"}),
        ("tranformers~ ", {"2401.00001", "2301.00002", "2408.00007"}),
        ("transformrs~2 ", {"2401.00001", "2301.00002", "2408.00007"}),
        ("compactification~ ", {"hep-th/9901001"}),
        ("qantum~ ", {"2206.00003"}),
        ("author:jorgenson~ ", {"2206.00003"}),
    ],
)
def test_fuzzy_words_match_the_words_as_written(
    index: SearchIndex, query: str, expected: set[str]
) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    "query", ['tag:"to read" ', "tag:to-read ", "tag:TO-READ ", 'tag:"To  Read" ']
)
def test_a_tag_is_found_however_it_is_typed(index: SearchIndex, query: str) -> None:
    assert found(index, query) == {"2401.00001"}


def test_tags_fold_accents_and_case(index: SearchIndex) -> None:
    assert found(index, "tag:methodes ") == {"2406.00005"}
    assert found(index, "tag:Méthodes ") == {"2406.00005"}


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("year:2030..2020 ", "2030 is after 2020"),
        ("date:2024-03..2024-01 ", "2024-03 is after 2024-01"),
        ("upvotes:50..10 ", "50 is after 10"),
        ("date:2024-02-30 ", "no such date"),
        ("date:2023-02-29 ", "no such date"),
        ("date:2024-13 ", "no such date"),
    ],
)
def test_impossible_values_say_so(index: SearchIndex, query: str, says: str) -> None:
    results = index.search(query)
    assert results.hits == []
    assert results.notice and says in results.notice
    assert "plain words" not in results.notice


def test_a_leap_day_is_a_date(index: SearchIndex) -> None:
    results = index.search("date:2024-02-29 ")
    assert results.notice is None


def test_an_unknown_field_is_named_with_the_known_ones(index: SearchIndex) -> None:
    results = index.search("foo:bar ")
    assert results.notice is not None
    assert "foo:" in results.notice and "unknown field" in results.notice
    for name in ("title:", "author:", "tag:", "year:", "date:"):
        assert name in results.notice
    assert results.suggestion is None


def test_ids_with_a_scheme_are_not_unknown_fields(index: SearchIndex) -> None:
    for query in ("arXiv:2401.00001 ", "https://arxiv.org/abs/2401.00001 "):
        results = index.search(query)
        assert results.notice is None, query
        assert [h.id for h in results.hits] == ["2401.00001"], query


def test_the_word_list_reads_one_letter_at_a_time(tmp_path: Path) -> None:
    from collections import Counter

    from papertui.search.suggest import FILE_NAME, WordList

    counts = Counter(
        {"splatting": 4, "splat": 1, "gaussian": 9, "gausian": 1, "日本語": 2, "zeta": 1}
    )
    WordList(counts).save(tmp_path)
    lazy = WordList.load(tmp_path)
    assert lazy.within("splating", 1) == [("splatting", 4)]
    assert lazy.corrections("gausian") == ["gaussian"]
    assert lazy.count("日本語") == 2 and lazy.count("zeta") == 1  # offsets in bytes
    assert lazy._counts is None  # nothing read but the letters asked for
    assert WordList.load(tmp_path).counts == counts
    (tmp_path / FILE_NAME).write_text("garbage", encoding="utf-8")
    with pytest.raises(ValueError, match=r"words\.tsv"):  # damage, for the index to rebuild
        WordList.load(tmp_path).within("gaussian", 1)


def test_when_no_paper_has_all_the_words_those_with_most_of_them_show(
    index: SearchIndex,
) -> None:
    results = index.search("pruning quantum attention ")
    assert {h.id for h in results.hits} == {"2401.00001", "2407.00006"}  # 2 of the 3
    assert results.notice == "No paper has all 3 words; showing papers with 2 of them"
    results = index.search("pruning quantum ")
    assert {h.id for h in results.hits} == {"2401.00001", "2407.00006", "2206.00003"}
    assert results.notice == "No paper has all 2 words; showing papers with any one of them"


def test_loosened_queries_keep_filters_and_exclusions(index: SearchIndex) -> None:
    assert found(index, "pruning quantum year:2022 ") == {"2206.00003"}
    assert found(index, "pruning quantum -attention ") == {"2206.00003"}
    assert found(index, 'pruning quantum "surface codes" ') == {"2206.00003"}
    assert found(index, "pruning quantum year:1990 ") == set()


def test_strict_searches_and_matches_are_not_loosened(index: SearchIndex) -> None:
    results = index.search("pruning quantum ", strict=True)
    assert results.hits == [] and results.notice is None
    results = index.search("pruning attention ")
    assert results.notice is None and len(results.hits) == 2
    assert index.search("zzzz qqqq ").notice is None  # nothing has any of them either


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, built_libraries: BuiltLibraries
) -> Iterator[SearchIndex]:
    paths = LibraryPaths(copy_demo(built_libraries, tmp_path_factory.mktemp("demo")))
    with Library(paths.store) as library:
        index = SearchIndex(paths.index_dir)
        assert ensure_index(library, index).rebuilt == ""
        yield index
        index.close()


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("gausian splating ", "gaussian splatting "),
        ("difusion ", "diffusion "),
        ("netwrk pruning ", "network pruning "),
        ("avatar ", None),  # "avatars": the same word inflected, the same papers
        ("yolo ", None),  # the start of YOLOv4, not a misspelling of "yoo"
        ("foo:bar ", None),  # an unknown field, not "for:bare"
        ("foo ", None),  # "for" is a stop word
        ("gausian qqqzzz ", None),  # "gaussian qqqzzz" finds nothing either
        ("splatting~ ", None),
    ],
)
def test_did_you_mean_only_when_it_helps(
    demo: SearchIndex, query: str, suggestion: str | None
) -> None:
    assert demo.search(query).suggestion == suggestion
