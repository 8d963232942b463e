"""Real file-system faults in real processes: a read-only data directory or library file,
and a full disk (a file-size limit: the kernel refuses writes past it, as on a full disk)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from papertui.cli.main import main
from papertui.store import Library

PAPERS = Path(__file__).parent / "fixtures" / "arxiv-api" / "search-testing-100.xml"
PAPER = "2202.12139"  # one of PAPERS
# root ignores file permissions; without its capabilities it is bound by them like anyone
AS_USER = (
    ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    if os.geteuid() == 0 and shutil.which("setpriv")
    else []
)


def papertui(data: Path, *args: str, limit_file_size: int = 0) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [*AS_USER, sys.executable, "-m", "papertui", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=120,
        preexec_fn=limit if limit_file_size else None,
    )  # fmt: skip


@pytest.fixture
def data() -> Iterator[Path]:
    """A library in a directory any user can reach (pytest's tmp_path is private to root)."""
    top = Path(tempfile.mkdtemp(prefix="papertui-faults-"))
    top.chmod(0o755)
    data = top / "data"
    assert main(["--data-dir", str(data), "import", "--no-index", str(PAPERS)]) == 0
    yield data
    for path in (data, *data.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(top)


def _one_clean_line(proc: subprocess.CompletedProcess[str]) -> str:
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert "internal error" not in err and "Traceback" not in err
    return err


@pytest.mark.parametrize("read_only", ["directory", "file"])
def test_a_read_only_library_can_be_read_and_says_why_it_cannot_change(
    data: Path, read_only: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_CACHE_DIR", str(data.parent / "cache"))
    store = data / "library.sqlite3"
    with Library(store):
        pass  # checkpointed: the file has every paper
    before = store.read_bytes()
    (data if read_only == "directory" else store).chmod(
        0o555 if read_only == "directory" else 0o444
    )
    listed = papertui(data, "list", "--limit", "0")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 100
    assert papertui(data, "show", PAPER).returncode == 0
    searched = papertui(data, "search", "--limit", "0", "testing")  # the index goes elsewhere
    assert searched.returncode == 0, searched.stderr
    assert searched.stdout.strip() and "internal error" not in searched.stderr
    tagged = papertui(data, "tag", PAPER, "+later")
    assert tagged.returncode == 1
    err = _one_clean_line(tagged)
    assert "is read-only: the library can be read, but not changed" in err
    assert "backup restore" not in err and "damaged" not in err
    assert store.read_bytes() == before


def test_a_full_disk_does_not_block_a_small_change_for_the_daily_backup(data: Path) -> None:
    store = data / "library.sqlite3"
    with Library(store):
        pass
    limit = store.stat().st_size // 2  # no room for a copy of the library; room for a tag
    tagged = papertui(data, "tag", PAPER, "+kept", limit_file_size=limit)
    assert tagged.returncode == 0, tagged.stderr
    assert "today's backup was skipped" in tagged.stderr
    assert "internal error" not in tagged.stderr
    assert not list((data / "backups").glob("*.partial"))
    with Library(store) as lib:
        assert lib.states_for([PAPER])[PAPER].tags == ("kept",)


def test_a_full_disk_during_an_import_is_one_line_and_changes_nothing(
    data: Path, tmp_path: Path
) -> None:
    store = data / "library.sqlite3"
    first = Path(__file__).parent / "fixtures" / "arxiv-snapshot" / "first-line.jsonl"
    record = json.loads(first.read_text())
    many = tmp_path / "many.jsonl"
    with many.open("w") as out:
        for i in range(3000):
            paper = dict(record, id=f"1501.{i:05d}", title=f"Paper {i} on a full disk", doi="")
            out.write(json.dumps(paper) + "\n")
    many.chmod(0o644)
    shutil.copy(many, data.parent / "many.jsonl")
    with Library(store) as lib:
        count = lib.count()
    imported = papertui(
        data, "import", "--no-index", str(data.parent / "many.jsonl"),
        limit_file_size=store.stat().st_size + 200_000,
    )  # fmt: skip
    assert imported.returncode == 1
    err = _one_clean_line(imported)
    assert "cannot write" in err and "nothing was changed" in err
    with Library(store) as lib:
        assert lib.count() == count
