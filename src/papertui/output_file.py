"""Where a command's output file (`export -o`, `state export`) goes, safely.

- `-` is stdout; a FIFO, a device or `/dev/stdout` is written into as it is, never
  replaced by a regular file;
- an existing file is replaced only with `force`, atomically, keeping its mode; a
  symlink stays a symlink (the file it points to is replaced);
- a new file gets the mode the umask allows, or 0600 for private content (notes).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from papertui.atomic import atomic_writer


class OutputRefused(Exception):
    """The target must not be written (it exists, or is a directory); nothing was written."""


def write_output(
    target: str | Path,
    write: Callable[[TextIO], None],
    *,
    force: bool = False,
    private: bool = False,
    stdout: TextIO | None = None,
) -> None:
    """Call `write(fh)` with a handle on `target` (see the module for the rules)."""
    if str(target) == "-":
        write(stdout or sys.stdout)
        return
    path = Path(target).expanduser()
    try:
        mode: int | None = path.stat().st_mode  # of what a symlink points to
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputRefused(f"{path} is a directory; give the output file's name")
    if mode is not None and not stat.S_ISREG(mode):  # a FIFO, a terminal, /dev/stdout
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            write(handle)
        return
    if mode is not None and not force:
        raise OutputRefused(
            f"{path} exists; --force replaces it (or -o - writes to stdout). Nothing was written"
        )
    new_mode = stat.S_IMODE(mode) if mode is not None else (0o600 if private else _umask_mode())
    with atomic_writer(path.resolve(), mode=new_mode) as handle:
        write(handle)


def _umask_mode() -> int:
    """What `open()` would give a new file: 0666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
