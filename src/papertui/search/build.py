"""Index every paper of a library into a fresh directory (the core of a rebuild).

Papers are written with `SegmentBuilder` (or, with the internals switched
off, Whoosh's own writer: one process). From `PARALLEL_FROM` papers on, and
with more than one CPU, a second process (`python -m`, not a fork: the TUI
runs threads) indexes the upper half of the paper numbers into its own segment,
reading the library itself, so no documents cross a pipe; its segment files
are then moved in and listed in the index's table of contents (no merge).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from papertui.models import Paper
from papertui.search import whoosh_internals as internals
from papertui.search.schema import COMBINED_FIELDS, build_schema, document, marks_for
from papertui.search.segment_writer import SegmentBuilder
from papertui.search.suggest import WordList, count_raw

Progress = Callable[..., None]
PARALLEL_FROM = 20_000  # rebuilds this large use two indexing processes
CHUNK = 1000  # papers read from the store at a time
RESULT = "worker-result.json"


def _papers(library: Any, lo: int, hi: int) -> Iterator[list[Paper]]:
    """Papers whose handle (`num`) is in [lo, hi), in order, a chunk at a time."""
    for start in range(lo, hi, CHUNK):
        batch = library.get_by_nums(range(start, min(start + CHUNK, hi)))
        if batch:
            yield batch


def index_range(
    library: Any,
    ix: Index,
    lo: int,
    hi: int,
    progress: Progress | None = None,
    total: int = 0,
    scale: int = 1,
) -> tuple[int, Counter[str]]:
    """Index papers numbered [lo, hi) into `ix` as one segment: (count, raw word counts)."""
    stock = not internals.ENABLED
    writer: Any = ix.writer() if stock else SegmentBuilder(ix, COMBINED_FIELDS)
    add = (lambda doc: writer.add_document(**doc)) if stock else writer.add
    raw: Counter[str] = Counter()
    count = 0
    try:
        for batch in _papers(library, lo, hi):
            states = library.states_for([p.id for p in batch])
            marks = marks_for(library, [p.id for p in batch])
            for paper in batch:
                count_raw(raw, paper)
                add(
                    document(paper, states.get(paper.id), keyterms=stock, marks=marks.get(paper.id))
                )
                count += 1
                if progress and count % 250 == 0:
                    progress(min(count * scale, total), total, "Indexing")
    except BaseException:
        writer.cancel()
        raise
    if progress:
        progress(min(count * scale, total), total, "Indexing (saving)")
    writer.commit()
    return count, raw


def _worker(library_path: str, index_dir: str, lo: int, hi: int) -> None:
    """`python -m papertui.search.build LIBRARY DIR LO HI`: index a range, counts to JSON."""
    from papertui.store import Library

    library = Library(Path(library_path), readonly=True)
    try:
        ix = FileStorage(index_dir, supports_mmap=False).create_index(build_schema())
        count, raw = index_range(library, ix, lo, hi)
    finally:
        library.close()
    result = Path(index_dir) / RESULT
    result.write_text(json.dumps({"count": count, "raw": raw}), encoding="utf-8")


def build(
    library: Any, directory: Path, progress: Progress | None = None, total: int = 0
) -> tuple[int, WordList]:
    """Index the whole library into the empty `directory`: (count, word list)."""
    ix = FileStorage(str(directory), supports_mmap=False).create_index(build_schema())
    top = library.max_num()
    words = WordList()
    if total >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and internals.ENABLED:
        split = top // 2 + 1
        side = directory / "upper-half"
        side.mkdir()
        args = [str(library.path), str(side), str(split), str(top + 1)]
        upper = subprocess.Popen([sys.executable, "-m", "papertui.search.build", *args])
        try:
            count, raw = index_range(library, ix, 1, split, progress, total, scale=2)
        except BaseException:
            upper.kill()
            upper.wait()
            raise
        if upper.wait() != 0:
            raise RuntimeError(f"the second indexing process failed ({upper.returncode})")
        result = json.loads((side / RESULT).read_text(encoding="utf-8"))
        (side / RESULT).unlink()
        internals.adopt_segments(ix, side)
        shutil.rmtree(side, ignore_errors=True)
        count += result["count"]
        raw.update(result["raw"])
    else:
        count, raw = index_range(library, ix, 1, top + 1, progress, total)
    words.add_raw(raw)
    return count, words


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
