"""A user's mistake or a damaged file is one line naming the path, exit 1, and the
library untouched: never "internal error ... please report it" (exit 70)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.cli.main import main
from papertui.store import Library

PAPERS = Path(__file__).parent / "fixtures" / "arxiv-api" / "search-testing-100.xml"


def _import(data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "import", "--no-index", str(PAPERS)]) == 0


@pytest.fixture
def library(data_dir: Path, built_libraries: BuiltLibraries) -> Path:
    """100 papers (imported once per run, copied for each test)."""
    return built_libraries.copy("arxiv-100", _import, data_dir)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("backup", "restore", "{dir}"), "{dir}: not a file"),
        (("backup", "restore", "{json}"), "{json}: not a papertui library"),
        (("backup", "restore", "{missing}"), "{missing}: no such file"),
        (("state", "import", "{dir}"), "{dir}: a directory, not a state file"),
        (("state", "export", "{dir}"), "{dir} is a directory"),
        (("--data-dir", "{json}", "stats"), "{json} is a file; the data directory"),
    ],
)
def test_user_errors_name_the_path_and_exit_1(
    library: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    says: str,
) -> None:
    names = {"dir": tmp_path / "a-dir", "json": tmp_path / "library.json",
             "missing": tmp_path / "no-such-file"}  # fmt: skip
    names["dir"].mkdir()
    names["json"].write_text("{}", encoding="utf-8")
    store = (library / "library.sqlite3").read_bytes()
    code, err = run(capsys, *(a.format(**names) for a in args))
    assert code == 1
    assert says.format(**names) in err
    assert "internal error" not in err and len(err.strip().splitlines()) == 1
    assert (library / "library.sqlite3").read_bytes() == store


def test_an_unwritable_export_target_is_a_user_error(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            target = tmp_path / "a-file" / "x.json"  # root can write anywhere: a file as dir
            (tmp_path / "a-file").write_text("", encoding="utf-8")
        else:
            target = locked / "x.json"
        code, err = run(capsys, "state", "export", str(target))
    finally:
        locked.chmod(0o700)
    assert code == 1
    assert "internal error" not in err and str(target) in err


def _damage_the_middle(store: Path) -> None:
    size = store.stat().st_size
    with store.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xff" * 8192)


def test_a_library_damaged_mid_file_gets_the_clear_message_and_backup(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "create"]) == 0
    capsys.readouterr()
    store = library / "library.sqlite3"
    with Library(store):
        pass  # checkpoint: every page in the main file
    _damage_the_middle(store)
    damaged = store.read_bytes()
    code, err = run(capsys, "list", "--limit", "0")
    assert code == 1
    assert f"{store}: the library file is damaged" in err
    assert "Latest backup:" in err and "papertui backup restore" in err
    assert "internal error" not in err
    assert store.read_bytes() == damaged  # left exactly as it was
