"""Where `export -o` and `state export` write: never over an existing file without --force,
stdout as `-` or /dev/stdout, FIFOs and symlinks kept, modes kept or from the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.cli.main import main
from papertui.store import Library

PAPERS = Path(__file__).parent / "fixtures" / "arxiv-api" / "search-testing-100.xml"
PAPER = "2202.12139"


def _import_noted(data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "import", "--no-index", str(PAPERS)]) == 0
    with Library(data_dir / "library.sqlite3") as lib:
        lib.set_note(PAPER, "a private note")


@pytest.fixture
def library(data_dir: Path, built_libraries: BuiltLibraries) -> Path:
    """100 papers, one with a note (imported once per run, copied for each test)."""
    return built_libraries.copy("arxiv-100-noted", _import_noted, data_dir)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "command", [("export", "-f", "bibtex", "-o"), ("state", "export")], ids=["export", "state"]
)
def test_an_existing_file_is_replaced_only_with_force_and_keeps_its_mode(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("mine\n")
    target.chmod(0o640)
    code, _, err = run(capsys, *command, str(target))
    assert code == 1 and f"{target} exists; --force replaces it" in err
    assert target.read_text() == "mine\n"
    code, _, _ = run(capsys, *command, str(target), "--force")
    assert code == 0 and target.read_text() != "mine\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_files_honour_the_umask_and_state_files_are_private(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o027)
    try:
        assert run(capsys, "export", "-f", "ris", "-o", str(tmp_path / "a.ris"))[0] == 0
        assert run(capsys, "state", "export", str(tmp_path / "state.json"))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.ris").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "state.json").stat().st_mode) == 0o600


def test_a_symlink_stays_a_symlink(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.bib"
    real.write_text("old\n")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    assert run(capsys, "export", "-f", "bibtex", "-o", str(link), "--force")[0] == 0
    assert link.is_symlink() and "@" in real.read_text()


def test_a_fifo_is_written_into_not_replaced(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, _, _ = run(capsys, "state", "export", str(fifo))
    reader.join(timeout=60)
    assert code == 0 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert "a private note" in received[0]


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_stdout_as_dash_or_dev_stdout(library: Path, target: str) -> None:
    for command in (["export", "-f", "bibtex", "-o", target], ["state", "export", target]):
        proc = subprocess.run(
            [sys.executable, "-m", "papertui", "--data-dir", str(library), *command],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert ("@" in proc.stdout) if command[0] == "export" else ("a private note" in proc.stdout)
