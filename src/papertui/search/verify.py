"""Is the index on disk the one papertui wrote? Checks cheap enough for every open.

Every commit records each index file's size, modification time and CRC-32 in the
meta file. On open, each file is only `stat`ed; a file whose size or time differs
from the record is read and its CRC compared (a copy with new times passes, a
truncated, garbled or replaced file does not). Once a day every file's CRC is
checked, for damage that leaves the times alone (a failing disk). Then a sample of documents is read
back: stored fields decode, their ids are papers of the library, and looking each
id up in the term index finds the same document. Any failure is a reason to
rebuild, stated in words.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

SKIPPED = ("MAIN_WRITELOCK", "papertui-index.json")
SAMPLE = 12  # documents read back on open
_READ = 1024 * 1024

Fingerprint = dict[str, list[int]]  # name -> [size, mtime_ns, crc32]


class IndexDamaged(Exception):
    """An index file could not be read as written; rebuilding from the store fixes it."""


def _files(index_dir: Path) -> dict[str, os.stat_result]:
    found: dict[str, os.stat_result] = {}
    with os.scandir(index_dir) as entries:
        for entry in entries:
            if entry.name in SKIPPED or entry.name.startswith(".") or entry.is_dir():
                continue
            found[entry.name] = entry.stat(follow_symlinks=False)
    return found


def crc32(path: Path) -> int:
    value = 0
    with path.open("rb") as handle:
        while block := handle.read(_READ):
            value = zlib.crc32(block, value)
    return value


def fingerprint(index_dir: Path, known: Fingerprint | None = None) -> Fingerprint:
    """Size, time and CRC of every index file; CRCs of files unchanged since `known`
    are taken from it rather than read again."""
    known = known or {}
    result: Fingerprint = {}
    for name, info in _files(index_dir).items():
        old = known.get(name)
        if old and old[0] == info.st_size and old[1] == info.st_mtime_ns:
            result[name] = old
        else:
            result[name] = [info.st_size, info.st_mtime_ns, crc32(index_dir / name)]
    return result


def file_damage(
    index_dir: Path, recorded: Fingerprint, *, full: bool = False
) -> tuple[str | None, bool]:
    """(why the files are not those recorded, or None; whether any file's time moved
    while its content stayed the same, so the record wants refreshing). `full`:
    compare every file's CRC, not only those whose time moved. Files not recorded
    are no damage: a writer's temporary files, or segments a crash left unlisted."""
    try:
        if index_dir.is_symlink() or not index_dir.is_dir():
            return f"{index_dir} is not a directory", False
        present = _files(index_dir)
    except OSError as exc:
        return f"cannot list {index_dir} ({exc.strerror or exc})", False
    for name in sorted(recorded.keys() - present.keys()):
        return f"{name} is missing", False
    moved = False
    for name, (size, mtime_ns, crc) in sorted(recorded.items()):
        info = present[name]
        if not _regular(info):
            return f"{name} is not a regular file", False
        if info.st_size != size:
            return f"{name} has {info.st_size} bytes, {size} were written", False
        if info.st_mtime_ns == mtime_ns and not full:
            continue
        try:
            if crc32(index_dir / name) != crc:
                return f"{name} changed since it was written", False
        except OSError as exc:
            return f"cannot read {name} ({exc.strerror or exc})", False
        moved = moved or info.st_mtime_ns != mtime_ns
    return None, moved


def _regular(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode)


def sample_damage(
    searcher: Any, known_ids: Callable[[Iterable[str]], set[str]], sample: int = SAMPLE
) -> str | None:
    """Why a sample of documents does not read back as the store's papers, or None."""
    reader = searcher.reader()
    total = reader.doc_count_all()
    if total == 0:
        return None
    step = max(total // sample, 1)
    docnums = [d for d in range(0, total, step) if not reader.is_deleted(d)][:sample]
    ids: dict[str, int] = {}
    for docnum in docnums:
        paper_id = searcher.stored_fields(docnum).get("id")
        if not isinstance(paper_id, str) or not paper_id:
            return f"document {docnum} has no paper id"
        ids[paper_id] = docnum
    missing = set(ids) - known_ids(ids)
    if missing:
        return f"document {ids[min(missing)]} names {min(missing)!r}, not in the library"
    for paper_id, docnum in ids.items():
        if searcher.document_number(id=paper_id) != docnum:
            return f"the term index does not find {paper_id!r} where it is stored"
    return None
