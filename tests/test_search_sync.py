"""Index upkeep: rebuilds, corrupt/foreign indexes, incremental sync, user state, CLI."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from papertui.cli.main import main
from papertui.models import Author, Paper
from papertui.search import whoosh_internals as internals
from papertui.search.index import SearchIndex
from papertui.search.sync import META_FILE, ensure_index, rebuild, sync
from papertui.store import Library


def _paper(n: int, title: str, abstract: str = "An abstract.") -> Paper:
    pid = f"2401.{n:05d}"
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=(Author("Ada Lovelace"),),
        categories=("cs.LG",),
        published="2024-01-02",
        arxiv_id=pid,
        sources=("arxiv-api",),
    )


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library(tmp_path / "library.sqlite3")
    lib.import_papers([_paper(1, "Sparse mixture of experts"), _paper(2, "Diffusion for audio")])
    yield lib
    lib.close()


def found(index: SearchIndex, query: str) -> list[str]:
    return [h.id for h in index.search(query + " ").hits]


def test_search_before_any_index_is_empty_not_an_error(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "missing")
    results = index.search("anything")
    assert results.hits == [] and results.notice
    assert index.doc_count() == 0 and index.related("2401.00001") == []


def test_rebuild_after_the_index_dir_is_deleted(library: Library, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    assert found(index, "experts") == ["2401.00001"]
    index.close()
    shutil.rmtree(tmp_path / "index")
    index = SearchIndex(tmp_path / "index")
    assert index.search("experts").hits == []
    ensure_index(library, index)
    assert found(index, "experts") == ["2401.00001"]
    assert not list(tmp_path.glob(".index-*"))  # no temp dirs left behind


@pytest.mark.parametrize("damage", ["garbage", "truncate", "meta", "schema"])
def test_damaged_index_is_rebuilt(library: Library, tmp_path: Path, damage: str) -> None:
    index_dir = tmp_path / "index"
    index = SearchIndex(index_dir)
    ensure_index(library, index)
    index.close()
    if damage == "garbage":
        for f in index_dir.iterdir():
            if f.name != META_FILE:
                f.write_bytes(b"\x00garbage" * 50)
    elif damage == "truncate":
        for f in index_dir.glob("*.seg"):
            f.write_bytes(f.read_bytes()[:100])
    elif damage == "meta":
        (index_dir / META_FILE).write_text("{not json")
    else:
        meta = json.loads((index_dir / META_FILE).read_text())
        (index_dir / META_FILE).write_text(json.dumps({**meta, "schema": -1}))
    index = SearchIndex(index_dir)
    ensure_index(library, index)
    assert found(index, "diffusion") == ["2401.00002"]
    assert index.doc_count() == 2


def test_index_of_another_library_is_rebuilt(library: Library, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    with Library(tmp_path / "other.sqlite3") as other:
        other.import_papers([_paper(9, "Protein folding")])
        ensure_index(other, index)
        assert found(index, "folding") == ["2401.00009"]
        assert found(index, "experts") == []


def test_incremental_updates_are_visible_to_the_next_search(
    library: Library, tmp_path: Path
) -> None:
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    assert found(index, "experts") == ["2401.00001"]  # the shared searcher is open
    library.import_papers(
        [
            _paper(3, "Mixture of experts at scale"),
            _paper(1, "Sparse mixture of experts", "Now with routers."),
        ]
    )
    assert sync(library, index) == 2
    assert set(found(index, "experts")) == {"2401.00001", "2401.00003"}
    assert found(index, "routers") == ["2401.00001"]
    assert index.doc_count() == 3  # updated, not duplicated
    assert sync(library, index) == 0
    library.import_papers([_paper(4, "Experts everywhere")])
    ensure_index(library, SearchIndex(tmp_path / "index"))  # another process catches up
    index.refresh()
    assert "2401.00004" in found(index, "experts")


def test_user_state_is_searchable(library: Library, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    ensure_index(library, index)
    library.change_tags(["2401.00001"], add=["To-Read", "MoE"])
    library.set_bookmarked(["2401.00002"], True)
    library.set_read(["2401.00001"], True)
    library.set_note("2401.00002", "Compare with WaveNet vocoders")
    sync(library, index)
    assert found(index, "tag:to-read") == ["2401.00001"]
    assert found(index, "tag:moe") == ["2401.00001"]
    assert found(index, "has:tags") == ["2401.00001"]
    assert found(index, "is:bookmarked") == ["2401.00002"]
    assert found(index, "is:read") == ["2401.00001"]
    assert found(index, "is:unread") == ["2401.00002"]
    assert found(index, "has:note") == ["2401.00002"]
    assert found(index, "note:vocoder") == ["2401.00002"]
    assert found(index, "wavenet") == ["2401.00002"]  # notes are free text too
    library.change_tags(["2401.00001"], remove=["To-Read"])
    sync(library, index)
    assert found(index, "tag:to-read") == []


def test_rebuild_counts_and_concurrent_searches(library: Library, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    assert rebuild(library, index) == 2
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(30):
                assert found(index, "experts") == ["2401.00001"]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    rebuild(library, index)
    for t in threads:
        t.join()
    assert errors == []


# ---- CLI ----------------------------------------------------------------------------
def test_cli_search_related_reindex(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path)
    library.import_papers([_paper(5, "Mixture of experts \x1b[31mrouting[/bold]")])
    assert main(["--data-dir", data, "search", "experts"]) == 0
    out, err = capsys.readouterr()
    assert "2401.00001" in out and "Sparse mixture of experts" in out
    assert "\x1b" not in out and "matching papers" in err
    assert main(["--data-dir", data, "search", "--json", "--sort", "date", "experts"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == {"2401.00001", "2401.00005"}
    assert set(rows[0]) == {
        "id",
        "score",
        "in_full_text",
        "title",
        "authors",
        "published",
        "published_precision",
        "categories",
    }
    assert not any(r["in_full_text"] for r in rows)  # no saved full texts
    assert main(["--data-dir", data, "search", "expertz"]) == 0
    assert "Did you mean: experts" in capsys.readouterr().err
    assert main(["--data-dir", data, "related", "arXiv:2401.00001v1"]) == 0
    assert "2401.00005" in capsys.readouterr().out
    assert main(["--data-dir", data, "related", "9999.99999"]) == 1
    assert main(["--data-dir", data, "reindex"]) == 0
    assert "indexed 3 papers" in capsys.readouterr().err


@pytest.mark.skipif(not internals.ENABLED, reason="the second process writes with the internals")
def test_two_process_rebuild_matches_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papertui.search.build as build

    papers = [
        _paper(n, f"Paper {n} about topic{n % 7}", f"Abstract word{n} shared") for n in range(40)
    ]
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_papers(papers)
        one = SearchIndex(tmp_path / "one")
        rebuild(lib, one)
        monkeypatch.setattr(build, "PARALLEL_FROM", 1)
        two = SearchIndex(tmp_path / "two")
        assert rebuild(lib, two) == 40
        assert len(two._get_searcher().reader().leaf_readers()) == 2  # one segment each
        for query in ["shared", "topic3", "word39", "word0", "paper"]:
            assert found(two, query) == found(one, query), query
        assert two.suggest("sharde") == "shared"
        ensure_index(lib, two)  # the two-segment index is trusted and kept
        assert two.doc_count() == 40
        one.close()
        two.close()
