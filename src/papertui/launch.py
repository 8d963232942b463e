"""Start the reader: resolve the library, build the app (Textual is imported lazily)."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

from papertui.paths import LibraryPaths


def launch_tui(data_dir: str | Path | None = None, demo: bool = False) -> int:
    """Run the reader until the user quits; return the process exit code."""
    from papertui.store import StoreError

    try:
        if demo:
            from papertui.demo import demo_config, demo_data_dir

            with demo_data_dir() as temp_dir:
                return _run(
                    temp_dir,
                    prefs_file=_demo_prefs(temp_dir),
                    config_file=demo_config(temp_dir),
                    backups=False,
                )
        return _run(data_dir)
    except (StoreError, sqlite3.DatabaseError) as exc:
        from papertui.store.backup import store_problem_message

        paths = LibraryPaths.resolve(data_dir)
        if not isinstance(exc, StoreError):  # damage found past the header, while reading
            exc = StoreError(f"{paths.store}: the library file is damaged or unreadable ({exc})")
        print(f"papertui: {store_problem_message(exc, paths.backups_dir)}", file=sys.stderr)
        return 1


def _run(
    data_dir: str | Path | None,
    prefs_file: Path | None = None,
    config_file: Path | None = None,
    backups: bool = True,
) -> int:
    from papertui.ui.app import make_app

    app = make_app(data_dir, prefs_file=prefs_file, config_file=config_file)
    writable = not app.library.readonly  # a read-only library cannot be backed up beside it
    backup = _start_daily_backup(LibraryPaths.resolve(data_dir)) if backups and writable else None
    try:
        result = app.run()
    finally:
        app.library.close()
        if backup is not None:
            backup.finish()
    return int(result or 0)


def _demo_prefs(temp_dir: Path) -> Path:
    """The demo's own UI state (last visit, last fetch), starting with the user's theme:
    a demo run never changes what the user's own reader remembers."""
    from papertui.config import load_prefs, update_prefs

    prefs = temp_dir / "ui-state.json"
    theme = load_prefs(None).get("theme")
    if isinstance(theme, str):
        update_prefs(prefs, theme=theme)
    return prefs


class _DailyBackup(threading.Thread):
    """Today's backup of the library, taken in the background once the reader is up."""

    def __init__(self, paths: LibraryPaths) -> None:
        super().__init__(name="papertui-daily-backup")
        self.paths = paths
        self.cancelled = threading.Event()
        self.error: Exception | None = None

    def run(self) -> None:
        from papertui.store.backup import maybe_daily_backup

        if self.cancelled.wait(2.0):  # let the first screen paint; skip if the user left
            return
        try:
            maybe_daily_backup(self.paths.store, self.paths.backups_dir)
        except Exception as exc:  # a failed backup must not take the reader down
            self.error = exc

    def finish(self) -> None:
        self.cancelled.set()
        self.join()  # never leave a half-written backup behind
        if self.error is not None:
            print(f"papertui: daily backup failed: {self.error}", file=sys.stderr)


def _start_daily_backup(paths: LibraryPaths) -> _DailyBackup:
    backup = _DailyBackup(paths)
    backup.start()
    return backup
