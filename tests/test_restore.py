"""`backup restore` killed at every step of its sequence leaves a library: the old one or
the restored one, never none (and never a silently created empty one)."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.test_store import make_paper

from papertui.store import Library, StoreError
from papertui.store.backup import create_backup

OLD, BACKED_UP = 30, 20  # papers in the library now, and in the backup

# Runs `papertui backup restore` and SIGKILLs itself just before its N-th file-system
# step (a link, rename, unlink or fsync): a real kill of a real process at each point.
KILL_AT_STEP = textwrap.dedent(
    """
    import os, signal, sys
    from papertui.cli.main import main
    limit, calls = int(sys.argv[1]), [0]
    def killing(real):
        def step(*args, **kwargs):
            calls[0] += 1
            if calls[0] == limit:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return step
    for name in ("replace", "link", "unlink", "fsync", "rename"):
        setattr(os, name, killing(getattr(os, name)))
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.fixture
def template(tmp_path: Path) -> tuple[Path, Path]:
    """A data dir whose library has OLD papers (some only in the WAL) and a backup of BACKED_UP."""
    data = tmp_path / "template"
    store = data / "library.sqlite3"
    with Library(store) as lib:
        lib.import_papers(make_paper(i) for i in range(BACKED_UP))
    backup = create_backup(store, tmp_path / "kept-backups")
    keep_open = Library(store)  # holds the WAL open so the last papers stay in it
    with Library(store) as lib:
        lib.import_papers(make_paper(i) for i in range(BACKED_UP, OLD))
    shutil.copytree(data, tmp_path / "frozen")  # copied while the WAL still has content
    keep_open.close()
    return tmp_path / "frozen", backup


def count(store: Path, *, readonly: bool = False) -> int:
    with Library(store, readonly=readonly) as lib:
        return lib.count()


def test_a_restore_killed_at_any_step_leaves_the_old_or_the_new_library(
    tmp_path: Path, template: tuple[Path, Path]
) -> None:
    frozen, backup = template
    assert (frozen / "library.sqlite3-wal").stat().st_size > 0
    outcomes: dict[int, int] = {}
    for step in range(1, 60):
        data = tmp_path / f"run-{step}"
        shutil.copytree(frozen, data)
        store = data / "library.sqlite3"
        proc = subprocess.run(
            [sys.executable, "-c", KILL_AT_STEP, str(step), "--data-dir", str(data),
             "backup", "restore", str(backup)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode in (0, -signal.SIGKILL), proc.stderr
        papers = count(store)  # opening recovers what the kill left
        assert papers in (OLD, BACKED_UP), f"killed at step {step}: {papers} papers"
        outcomes[step] = papers
        assert not (data / "library.sqlite3.restoring").exists()
        assert sqlite3.connect(store).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if papers == BACKED_UP:  # the library it replaced is kept, with every paper
            kept = [p for p in data.glob("library.sqlite3.replaced-*") if p.name.endswith("Z")]
            assert kept and all(count(p, readonly=True) == OLD for p in kept)
        if proc.returncode == 0:
            break
    else:
        pytest.fail("the restore never finished")
    assert set(outcomes.values()) == {OLD, BACKED_UP}, outcomes  # kills on both sides


def test_what_an_older_killed_restore_left_is_put_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = data / "library.sqlite3"
    with Library(store) as lib:
        lib.import_papers(make_paper(i) for i in range(OLD))
    aside = data / "library.sqlite3.replaced-20260101T000000Z"
    store.rename(aside)
    (data / "library.sqlite3.restoring").write_bytes(b"SQLite format 3\x00" + b"\x00" * 500)
    with Library(store) as lib:
        assert lib.count() == OLD
        assert any("put back the library it had moved aside" in n for n in lib.notices)
        assert any("incomplete copy" in n for n in lib.notices)
    assert not (data / "library.sqlite3.restoring").exists()


HOLD_OPEN = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from papertui.store import Library
    library = Library(Path(sys.argv[1]))
    print("open", flush=True)
    sys.stdin.read()
    """
)


def test_a_restore_is_refused_while_another_papertui_has_the_library_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from papertui.cli.main import main

    store = tmp_path / "data" / "library.sqlite3"
    with Library(store) as lib:
        lib.import_papers(make_paper(i) for i in range(BACKED_UP))
    backup = create_backup(store, tmp_path / "data" / "backups")
    with Library(store) as lib:
        lib.import_papers(make_paper(i) for i in range(BACKED_UP, OLD))
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stdout.readline() == "open\n"
    code = main(["--data-dir", str(store.parent), "backup", "restore", str(backup)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"the library is open in process {reader.pid}" in err and "Nothing was changed" in err
    assert count(store) == OLD
    reader.communicate("")
    assert main(["--data-dir", str(store.parent), "backup", "restore", str(backup)]) == 0
    assert count(store) == BACKED_UP


def test_a_library_replaced_under_an_open_one_refuses_its_writes(tmp_path: Path) -> None:
    store = tmp_path / "library.sqlite3"
    with Library(store) as lib:
        lib.import_papers(make_paper(i) for i in range(BACKED_UP))
    other = create_backup(store, tmp_path / "backups")
    with Library(store) as reader:
        shutil.copy(other, tmp_path / "swap.sqlite3")
        (tmp_path / "swap.sqlite3").replace(store)  # a restore by hand, or by an old papertui
        with pytest.raises(StoreError, match="was replaced since this papertui opened it"):
            reader.set_bookmarked([make_paper(1).id], True)
    with Library(store) as lib:
        assert lib.states_for([make_paper(1).id]) == {}
