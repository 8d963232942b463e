"""A library emptied or garbled behind papertui's back is noticed, refused for writing and
left as it is, with the best backup offered; backups of a bad library never push the last
good backup out."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tests.test_store import make_paper

from papertui.cli.main import main
from papertui.store import Library
from papertui.store.backup import create_backup, list_backups

PAPERS = Path(__file__).parent / "fixtures" / "arxiv-api" / "search-testing-100.xml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def library(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["import", "--no-index", str(PAPERS)]) == 0
    assert main(["backup", "create"]) == 0
    capsys.readouterr()
    return data_dir / "library.sqlite3"


def _sides_removed(store: Path) -> None:
    for side in ("-wal", "-shm"):
        store.with_name(store.name + side).unlink(missing_ok=True)


def test_a_zeroed_library_is_not_taken_for_a_new_empty_one(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sides_removed(library)
    library.write_bytes(b"")  # `: > library.sqlite3`
    for command in (["stats"], ["import", "--no-index", str(PAPERS)]):
        code, err = run(capsys, *command)
        assert code == 1, command
        assert "is empty (0 bytes), but it held 100 papers" in err
        assert "Latest backup:" in err and "papertui backup restore" in err
        assert library.stat().st_size == 0  # left exactly as it was
    assert main(["backup", "restore"]) == 0
    capsys.readouterr()
    with Library(library) as lib:
        assert lib.count() == 100


def _garble_the_middle(store: Path) -> None:
    with Library(store):
        pass  # every page in the main file
    size = store.stat().st_size
    with store.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(os.urandom(8192))


def test_a_library_garbled_mid_file_refuses_writes(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library(library, readonly=True) as lib:
        (paper,) = lib.get_by_nums([1])
    _garble_the_middle(library)
    garbled = library.read_bytes()
    for command in (["tag", paper.id, "+x"], ["import", "--no-index", str(PAPERS)]):
        code, err = run(capsys, *command)
        assert code == 1, command
        assert "the library file is damaged" in err and "internal error" not in err
        assert "Latest backup:" in err
    assert library.read_bytes() == garbled


def test_the_last_good_backup_survives_backups_of_an_empty_library(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    good_store = tmp_path / "good" / "library.sqlite3"
    with Library(good_store) as lib:
        lib.import_papers(make_paper(i) for i in range(5))
    good = create_backup(good_store, backups)
    empty_store = tmp_path / "empty" / "library.sqlite3"
    Library(empty_store).close()
    for _ in range(7):
        create_backup(empty_store, backups)
    kept = list_backups(backups)
    assert good in kept and len(kept) == 6


def test_a_damaged_library_is_not_backed_up(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = list_backups(library.parent / "backups")
    _garble_the_middle(library)
    from papertui.store.backup import BackupRefused

    with pytest.raises(BackupRefused, match="the library is damaged"):
        create_backup(library, library.parent / "backups")
    assert list_backups(library.parent / "backups") == before
    assert not list((library.parent / "backups").glob("*.partial"))
    with sqlite3.connect(before[0]) as good:
        assert good.execute("SELECT count(*) FROM papers").fetchone()[0] == 100
