"""Starting the reader on a damaged library: a clear message, the file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.launch import launch_tui
from papertui.paths import LibraryPaths
from papertui.store import Library
from papertui.store.backup import create_backup


def test_corrupt_library_is_reported_with_the_latest_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = LibraryPaths(tmp_path / "data")
    paths.ensure()
    Library(paths.store).close()
    backup = create_backup(paths.store, paths.backups_dir, reason="daily")
    paths.store.write_bytes(b"\x00garbage" * 512)
    assert launch_tui(data_dir=paths.data_dir) == 1
    err = capsys.readouterr().err
    assert "not a usable papertui library" in err and "left untouched" in err
    assert str(backup) in err and "papertui backup restore" in err
    assert paths.store.read_bytes() == b"\x00garbage" * 512
