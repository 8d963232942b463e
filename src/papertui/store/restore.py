"""Putting a backup in place of the library, so that a kill at any moment leaves a library.

The sequence, each step durable before the next:

1. the backup is copied to `library.sqlite3.restoring` (SQLite's backup API) and fsynced;
2. the current library's WAL is folded into its file (checkpoint), and the file is
   hard-linked as `library.sqlite3.replaced-<time>` (its WAL too, if any is left):
   the library stays where it is;
3. the library's `-wal`/`-shm` are removed (a WAL beside the new file would be
   replayed into it) and `.restoring` is renamed over `library.sqlite3`.

Until step 3 the old library is in place; after it the new one is. A kill leaves at
most a `.restoring` file: `recover_leftovers`, run when a library is opened for
writing, finishes a restore whose copy is complete and deletes an incomplete copy.
It also repairs what an older papertui's killed restore left (the library moved aside,
nothing in its place): the moved-aside file is put back instead of an empty library
being created.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from papertui.atomic import fsync_directory
from papertui.store import health
from papertui.store.backup import check_backup

_SIDES = ("-wal", "-shm")


def staged_path(store: Path) -> Path:
    return store.with_name(store.name + ".restoring")


def restore_backup(backup: Path, store: Path) -> Path | None:
    """Put `backup` in place of `store`; return where the replaced file was kept.
    A file that is not a sound papertui library is refused (ValueError) before
    anything is touched."""
    check_backup(backup)
    staged = staged_path(store)
    staged.unlink(missing_ok=True)
    _copy_database(backup, staged)
    fsync_directory(store.parent)
    moved = _keep_aside(store) if store.exists() else None
    _swap_in(staged, store)
    return moved


def _copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        src.close()
    with target.open("rb") as fh:
        os.fsync(fh.fileno())


def _keep_aside(store: Path) -> Path:
    """Link the library (folded with its WAL where possible) to a `.replaced-` name."""
    _checkpoint(store)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    moved = store.with_name(f"{store.name}.replaced-{stamp}")
    _link_or_copy(store, moved)
    wal = store.with_name(store.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:  # the checkpoint could not fold it in
        _link_or_copy(wal, moved.with_name(moved.name + "-wal"))
    fsync_directory(store.parent)
    return moved


def _checkpoint(store: Path) -> None:
    """Fold the WAL into the file; a damaged library may refuse, and its WAL is kept."""
    try:
        conn = sqlite3.connect(store, timeout=5)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)
        with target.open("rb") as fh:
            os.fsync(fh.fileno())


def _swap_in(staged: Path, store: Path) -> None:
    for side in _SIDES:
        store.with_name(store.name + side).unlink(missing_ok=True)
    os.replace(staged, store)
    fsync_directory(store.parent)
    health.forget(store)


def recover_leftovers(store: Path) -> list[str]:
    """Finish or undo what a killed restore left; say what was done (one line each)."""
    notices: list[str] = []
    staged = staged_path(store)
    if staged.exists():
        try:
            check_backup(staged)
        except ValueError:
            staged.unlink()
            notices.append(
                f"removed {staged.name}, the incomplete copy of an interrupted "
                "`backup restore`; the library was not replaced"
            )
        else:
            moved = _keep_aside(store) if store.exists() else None
            _swap_in(staged, store)
            kept = f"; the previous library file was kept as {moved}" if moved else ""
            notices.append(f"finished an interrupted `backup restore`{kept}")
    if not store.exists():
        aside = sorted(store.parent.glob(f"{store.name}.replaced-*[0-9]Z"), reverse=True)
        if aside:
            for side in ("-wal",):
                leftover = aside[0].with_name(aside[0].name + side)
                if leftover.exists():
                    os.replace(leftover, store.with_name(store.name + side))
            os.replace(aside[0], store)
            fsync_directory(store.parent)
            notices.append(
                f"{store.name} was missing after an interrupted `backup restore`; "
                f"put back the library it had moved aside ({aside[0].name})"
            )
    return notices
