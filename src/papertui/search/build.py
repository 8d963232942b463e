"""Index every paper of a library into a fresh directory (the core of a rebuild).

Papers are written with `SegmentBuilder` (or, with the internals switched
off, Whoosh's own writer: one process). From `PARALLEL_FROM` papers on, and
with more than one CPU, a second process (`python -m`, not a fork: the TUI
runs threads) indexes the upper half of the paper numbers into its own segment,
reading the library itself, so no documents cross a pipe; its segment files
are then moved in and listed in the index's table of contents (no merge).
Papers with a saved full text (`BodyTexts`) are all indexed by the first
process: the second one leaves them out (it is given their arXiv ids), so it
never needs the full texts, which only the layers above `search/` can read.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from papertui.models import Paper
from papertui.search import whoosh_internals as internals
from papertui.search.schema import (
    COMBINED_FIELDS,
    KEYTERMS_FROM,
    BodyTexts,
    body_for,
    build_schema,
    document,
    marks_for,
)
from papertui.search.segment_writer import SegmentBuilder
from papertui.search.suggest import WordList, count_raw

Progress = Callable[..., None]
PARALLEL_FROM = 20_000  # rebuilds this large use two indexing processes
CHUNK = 1000  # papers read from the store at a time
RESULT = "worker-result.json"
SKIPPED = "with-full-text.json"  # arXiv ids the second process leaves to the first


def _papers(library: Any, lo: int, hi: int, skip: Container[str] = ()) -> Iterator[list[Paper]]:
    """Papers whose handle (`num`) is in [lo, hi), in order, a chunk at a time, but
    those whose arXiv id is in `skip`."""
    for start in range(lo, hi, CHUNK):
        batch = library.get_by_nums(range(start, min(start + CHUNK, hi)))
        batch = [p for p in batch if not (p.arxiv_id and p.arxiv_id in skip)]
        if batch:
            yield batch


def _saved_papers(library: Any, saved: set[str], lo: int, hi: int) -> list[Paper]:
    """The papers numbered [lo, hi) whose arXiv id is in `saved`."""
    found = {p.id: p for p in filter(None, map(library.resolve, sorted(saved)))}
    nums = library.nums_for_ids(found)
    return [p for i, p in found.items() if p.arxiv_id in saved and lo <= nums.get(i, -1) < hi]


def index_papers(
    library: Any,
    ix: Index,
    batches: Iterable[list[Paper]],
    progress: Progress | None = None,
    total: int = 0,
    scale: int = 1,
    *,
    bodies: BodyTexts | None = None,
    saved: Container[str] = (),
) -> tuple[int, Counter[str]]:
    """Index the papers into `ix` as one segment: (count, raw word counts); those whose
    arXiv id is in `saved` with their full text from `bodies`."""
    stock = not internals.ENABLED
    writer: Any = ix.writer() if stock else SegmentBuilder(ix, COMBINED_FIELDS, KEYTERMS_FROM)
    add = (lambda doc: writer.add_document(**doc)) if stock else writer.add
    raw: Counter[str] = Counter()
    count = 0
    try:
        for batch in batches:
            if not batch:
                continue
            states = library.states_for([p.id for p in batch])
            marks = marks_for(library, [p.id for p in batch])
            for paper in batch:
                count_raw(raw, paper)
                doc = document(
                    paper,
                    states.get(paper.id),
                    keyterms=stock,
                    marks=marks.get(paper.id),
                    body=body_for(paper, bodies, saved),
                )
                add(doc)
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
    """`python -m papertui.search.build LIBRARY DIR LO HI`: index a range but the papers
    listed in DIR/with-full-text.json, counts to JSON."""
    from papertui.store import Library

    skip = set(json.loads((Path(index_dir) / SKIPPED).read_text(encoding="utf-8")))
    library = Library(Path(library_path), readonly=True)
    try:
        ix = FileStorage(index_dir, supports_mmap=False).create_index(build_schema())
        count, raw = index_papers(library, ix, _papers(library, lo, hi, skip))
    finally:
        library.close()
    result = Path(index_dir) / RESULT
    result.write_text(json.dumps({"count": count, "raw": raw}), encoding="utf-8")


def build(
    library: Any,
    directory: Path,
    progress: Progress | None = None,
    total: int = 0,
    bodies: BodyTexts | None = None,
) -> tuple[int, WordList]:
    """Index the whole library, with the full texts of `bodies`, into the empty
    `directory`: (count, word list)."""
    ix = FileStorage(str(directory), supports_mmap=False).create_index(build_schema())
    top = library.max_num()
    words = WordList()
    saved = set(bodies.ids()) if bodies is not None else set()
    if total >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and internals.ENABLED:
        split = top // 2 + 1
        side = directory / "upper-half"
        side.mkdir()
        (side / SKIPPED).write_text(json.dumps(sorted(saved)), encoding="utf-8")
        args = [str(library.path), str(side), str(split), str(top + 1)]
        upper = subprocess.Popen([sys.executable, "-m", "papertui.search.build", *args])
        try:
            mine = itertools.chain(
                _papers(library, 1, split), [_saved_papers(library, saved, split, top + 1)]
            )
            count, raw = index_papers(
                library, ix, mine, progress, total, scale=2, bodies=bodies, saved=saved
            )
        except BaseException:
            upper.kill()
            upper.wait()
            raise
        if upper.wait() != 0:
            raise RuntimeError(f"the second indexing process failed ({upper.returncode})")
        result = json.loads((side / RESULT).read_text(encoding="utf-8"))
        (side / RESULT).unlink()
        (side / SKIPPED).unlink()
        internals.adopt_segments(ix, side)
        shutil.rmtree(side, ignore_errors=True)
        count += result["count"]
        raw.update(result["raw"])
    else:
        batches = _papers(library, 1, top + 1)
        count, raw = index_papers(library, ix, batches, progress, total, bodies=bodies, saved=saved)
    words.add_raw(raw)
    return count, words


if __name__ == "__main__":
    _worker(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
