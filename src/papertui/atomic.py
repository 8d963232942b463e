"""Write a file so that readers see the old content or the new, never half of it:
a temp file in the same directory, flushed and fsynced, then renamed over the target."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_writer(
    path: Path, *, binary: bool = False, mode: int = 0o644, durable: bool = True
) -> Iterator[IO]:  # type: ignore[type-arg]
    """Yield a file handle; on normal exit its content replaces `path` atomically.

    `durable` fsyncs before the rename (skip it for caches); `mode` sets the
    permissions of the new file (0o600 for private content).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if binary:
            handle: IO = os.fdopen(fd, "wb")  # type: ignore[type-arg]
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if durable:
        fsync_directory(path.parent)


def fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (not possible on every platform: best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path: Path, text: str, *, mode: int = 0o644, durable: bool = True) -> None:
    with atomic_writer(path, mode=mode, durable=durable) as handle:
        handle.write(text)


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    with atomic_writer(path, binary=True, durable=durable) as handle:
        handle.write(data)
