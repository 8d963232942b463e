"""Who has the library open: every papertui that opens it for writing holds a shared
lock on `library.sqlite3.users`; a restore takes it exclusively, so it never swaps the
file under a running reader (which would go on writing into the file moved aside).
The kernel drops a killed process's lock, so nothing stale is ever left to clean up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the file-identity check still guards writes
    fcntl = None  # type: ignore[assignment]


class LibraryInUse(Exception):
    """Another process has the library open; the message says which."""


def lock_path(store: Path) -> Path:
    return store.with_name(store.name + ".users")


def hold_open(store: Path, repair: Callable[[Path], list[str]]) -> tuple[int | None, list[str]]:
    """Take the shared lock (waiting while a restore runs); the fd holds it until closed.
    `repair` (what a killed restore left) runs first, alone, when no one else has the
    library open. No fd where no lock can be taken (a read-only directory)."""
    if fcntl is None:
        return None, repair(store)
    try:
        fd = os.open(lock_path(store), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None, []
    notices: list[str] = []
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pass  # open elsewhere: whoever opened it first has repaired it
    else:
        notices = repair(store)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd, notices


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def take_exclusive(store: Path) -> int | None:
    """The exclusive lock, or LibraryInUse naming the processes holding the library open."""
    if fcntl is None:
        return None
    fd = os.open(lock_path(store), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holders = _holders(fd)
        os.close(fd)
        which = "; ".join(holders) if holders else "another process"
        raise LibraryInUse(f"the library is open in {which}") from None
    return fd


def _holders(fd: int) -> list[str]:
    """The processes holding a lock on `fd`'s file, from /proc/locks (Linux)."""
    stat = os.fstat(fd)
    inode = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"
    pids: list[str] = []
    try:
        with open("/proc/locks", encoding="ascii") as locks:
            for line in locks:
                fields = line.split()
                ours = len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == inode
                if ours and fields[4] != str(os.getpid()) and fields[4] not in pids:
                    pids.append(fields[4])
    except OSError:
        return []
    return [f"process {pid} ({_command(pid)})" for pid in pids]


def _command(pid: str) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "papertui"
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    return " ".join(words)[:120] or "papertui"
