from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from papertui.models import Author, Paper, merge_papers
from papertui.store import Library, StoreError


def make_paper(i: int, **changes: object) -> Paper:
    base = Paper(
        id=f"2401.{i:05d}",
        title=f"Paper number {i}",
        authors=(Author("Ada Lovelace"),),
        abstract=f"Abstract {i}",
        published=f"2024-01-{1 + i % 28:02d}",
        categories=("cs.LG",),
        arxiv_id=f"2401.{i:05d}",
        sources=("hf-listing",),
    )
    return base.with_changes(**changes)


def test_import_adds_then_reimport_changes_nothing(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        first = lib.import_papers(make_paper(i) for i in range(50))
        assert (first.added, first.updated, first.unchanged) == (50, 0, 0)
        again = lib.import_papers(make_paper(i) for i in range(50))
        assert (again.added, again.updated, again.unchanged) == (0, 0, 50)
        assert lib.count() == 50


def test_richer_source_updates_one_record(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(1, abstract="", doi="")])
        richer = make_paper(
            1,
            abstract="The full abstract.",
            doi="10.1/abc",
            sources=("arxiv-api",),
            authors=(Author("Ada Lovelace", family="Lovelace", given="Ada"),),
        )
        counts = lib.import_papers([richer])
        assert (counts.added, counts.updated) == (0, 1)
        stored = lib.get("2401.00001")
        assert stored is not None
        assert stored.abstract == "The full abstract."
        assert stored.doi == "10.1/abc"
        assert stored.authors[0].family == "Lovelace"
        assert stored.sources == ("hf-listing", "arxiv-api")
        # A poorer source later does not overwrite the richer fields.
        lib.import_papers([make_paper(1, abstract="short", sources=("hf-listing",))])
        assert lib.get("2401.00001").abstract == "The full abstract."  # type: ignore[union-attr]


def test_merge_keeps_earliest_published_and_latest_version() -> None:
    old = make_paper(1, published="2024-01-05", arxiv_version=2, extras={"upvotes": 3})
    new = make_paper(1, published="2024-01-09", arxiv_version=1, extras={"github_repo": "a/b"})
    merged = merge_papers(old, new)
    assert merged.published == "2024-01-05"
    assert merged.arxiv_version == 2
    assert merged.extras == {"upvotes": 3, "github_repo": "a/b"}


def test_duplicates_within_one_import_are_merged(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        counts = lib.import_papers([make_paper(1), make_paper(1, doi="10.1/x")])
        assert counts.added == 1
        assert lib.get("2401.00001").doi == "10.1/x"  # type: ignore[union-attr]


def test_failed_import_rolls_back_everything(tmp_path: Path) -> None:
    def papers_then_error():
        for i in range(5000):
            yield make_paper(i)
        raise ValueError("bad record 5001")

    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(99999)])
        with pytest.raises(ValueError):
            lib.import_papers(papers_then_error(), batch_size=500)
        assert lib.count() == 1


def test_user_state_survives_reimport(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(1)])
        lib.set_bookmarked(["2401.00001"], True)
        lib.change_tags(["2401.00001"], add=["Survey"])
        lib.set_note("2401.00001", "read section 3")
        lib.import_papers([make_paper(1, abstract="new abstract", sources=("arxiv-api",))])
        state = lib.states_for(["2401.00001"])["2401.00001"]
        assert state.bookmarked and state.tags == ("Survey",) and state.note == "read section 3"


def test_tags_are_case_insensitive_and_shown_as_typed(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(1), make_paper(2)])
        lib.change_tags(["2401.00001"], add=["Reading"])
        lib.change_tags(["2401.00002"], add=["reading", "to read"])
        assert lib.states_for(["2401.00001"])["2401.00001"].tags == ("Reading",)
        assert dict(lib.tag_counts())["to-read"] == 1
        assert sorted(lib.ids_matching(tag="READING")) == ["2401.00001", "2401.00002"]
        lib.change_tags(["2401.00001", "2401.00002"], remove=["READING"])
        assert lib.ids_matching(tag="reading") == []


def test_state_changes_mark_papers_for_reindexing(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(1), make_paper(2)])
        seq = lib.change_seq()
        lib.set_bookmarked(["2401.00002"], True)
        assert [p.id for p in lib.iter_changed(seq)] == ["2401.00002"]


def test_undo_restores_previous_state(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(1)])
        lib.change_tags(["2401.00001"], add=["a"])
        snapshot = lib.change_tags(["2401.00001"], add=["b"], remove=["a"])
        lib.restore_states(snapshot)
        assert lib.states_for(["2401.00001"])["2401.00001"].tags == ("a",)


def test_ordered_nums_and_lookup(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers(
            [
                make_paper(1, published="2020-01-01", title="Zeta"),
                make_paper(2, published="2023-01-01", title="alpha"),
                make_paper(3, published="2021-01-01", title="Mu", extras={"upvotes": 9}),
            ]
        )
        by_date = [p.id for p in lib.get_by_nums(lib.ordered_nums("date"))]
        assert by_date == ["2401.00002", "2401.00003", "2401.00001"]
        by_title = [p.title for p in lib.get_by_nums(lib.ordered_nums("title"))]
        assert by_title == ["alpha", "Mu", "Zeta"]
        assert lib.get_by_nums(lib.ordered_nums("upvotes"))[0].id == "2401.00003"


def test_resolve_any_id_form(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([make_paper(1)])
        for form in ("2401.00001", "arXiv:2401.00001v3", "https://arxiv.org/abs/2401.00001"):
            assert lib.resolve(form) is not None


def test_corrupt_store_is_reported_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a usable papertui library"):
        Library(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer papertui"):
        Library(path)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from papertui.store import Library
    lib = Library(Path(sys.argv[1]))
    tag = sys.argv[2]
    for i in range(int(sys.argv[3])):
        lib.change_tags([f"2401.{i % 20:05d}"], add=[f"{tag}-{i}"])
        print(i, flush=True)
    """
)


def test_two_processes_write_state_without_losing_changes(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.import_papers(make_paper(i) for i in range(20))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "60"], stdout=subprocess.DEVNULL
        )
        for name in ("left", "right")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Library(path) as lib:
        counts = dict(lib.tag_counts())
    assert len(counts) == 120
    assert all(name.startswith(("left-", "right-")) for name in counts)


def test_kill_during_write_loop_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        lib.import_papers(make_paper(i) for i in range(20))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "k", "100000"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    confirmed = -1
    deadline = time.monotonic() + 60
    while confirmed < 40 and time.monotonic() < deadline:
        confirmed = int(proc.stdout.readline())
    proc.kill()  # SIGKILL: no cleanup of any kind
    proc.wait()
    with Library(path) as lib:
        tags = {name for name, _ in lib.tag_counts()}
        assert lib.count() == 20
    # Every change the writer reported as done (printed after commit) is there.
    assert {f"k-{i}" for i in range(confirmed + 1)} <= tags
    integrity = sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0]
    assert integrity == "ok"
