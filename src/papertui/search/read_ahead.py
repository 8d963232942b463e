"""The index files loaded into the system's cache ahead of the first searches."""

from __future__ import annotations

import os
from pathlib import Path


def read_ahead(index_dir: Path) -> int:
    """Ask the system to load the files of the index in `index_dir` into its cache, in
    the background (`posix_fadvise` WILLNEED: nothing waits), so that the first searches
    of a process started after the files left the cache do not read the disk a block at
    a time (`pick`: typing starts within a second). The bytes asked for (0 where the
    system has no such advice)."""
    if not hasattr(os, "posix_fadvise"):
        return 0
    asked = 0
    for path in index_dir.iterdir():
        try:
            with path.open("rb") as file:
                os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_WILLNEED)
                asked += os.fstat(file.fileno()).st_size
        except OSError:
            continue  # (a file replaced meanwhile: the next open reads it as usual)
    return asked
