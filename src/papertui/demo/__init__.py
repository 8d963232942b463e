"""The bundled demo library: a real Hugging Face papers listing (210 papers) with
arXiv ids and authors for most of them (`hf-papers-listing.meta.jsonl`).

`--demo` runs every command, and the reader, on a throw-away copy in a temporary
directory of its own (library, index, UI state and a copy of the config file, so
`watch add` and "Watch this search" change the demo's config, never the user's),
removed on exit, on SIGTERM and SIGHUP (a closed terminal) too; directories left
by a killed run are swept on the next start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

LISTING_NAME = "hf-papers-listing.txt"
CONFIG_NAME = "config.toml"
DIR_PREFIX = "papertui-demo-"
LEGACY_MAX_AGE = 24 * 3600  # seconds; directories from before the pid was in the name


def ensure_demo_library(data_dir: Path) -> int:
    """Import the demo listing into the library at `data_dir`; return its paper count."""
    from papertui.library_import import import_file
    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with as_file(files(__package__) / LISTING_NAME) as listing, Library(paths.store) as library:
        import_file(library, Path(listing))
        return library.count()


def demo_config(temp_dir: Path) -> Path:
    """The demo's own config file in `temp_dir`: a copy of the user's (their feeds,
    keys and watches), which the demo may change; the user's is only read."""
    from papertui.paths import config_path

    demo = temp_dir / CONFIG_NAME
    with contextlib.suppress(FileNotFoundError):  # none yet: made when something is saved
        shutil.copyfile(config_path(), demo)
    return demo


@contextlib.contextmanager
def demo_data_dir() -> Iterator[Path]:
    """A fresh demo library in a temporary directory, removed when the block ends."""
    sweep_stale_demo_dirs()
    temp = Path(tempfile.mkdtemp(prefix=f"{DIR_PREFIX}{os.getpid()}-"))
    try:
        ensure_demo_library(temp)
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


@contextlib.contextmanager
def exit_on_hangup() -> Iterator[None]:
    """SIGTERM and SIGHUP end the process through `SystemExit`, so `finally` blocks
    (the demo directory's removal) run. For the CLI; the reader exits its own way."""

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, leave) for sig in _hangup_signals()}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _hangup_signals() -> list[signal.Signals]:
    return [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s]


def sweep_stale_demo_dirs(root: Path | None = None) -> list[Path]:
    """Remove demo directories whose papertui is gone (killed before it could clean up)."""
    root = root or Path(tempfile.gettempdir())
    removed = []
    for path in root.glob(f"{DIR_PREFIX}*"):
        if path.is_dir() and _ours(path) and _abandoned(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _ours(path: Path) -> bool:
    return not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def _abandoned(path: Path) -> bool:
    pid_text = path.name[len(DIR_PREFIX) :].split("-", 1)[0]
    if not pid_text.isdigit():
        return time.time() - path.stat().st_mtime > LEGACY_MAX_AGE
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, someone else's
        return False
    return False
