"""Keep the search index in step with the store (the store is the truth).

`ensure_index` rebuilds when the index is missing, unreadable, of another
schema version or built from another library, and otherwise catches up
incrementally: papers whose `changed` sequence is above the one recorded in
the index's meta file are re-indexed (with their user state). A rebuild is
written to a temporary directory and swapped in with renames, so a crash
leaves either the old index, no index (rebuilt next time), or the new one.
Rebuilds write whole segments (`build`, `segment_writer`); incremental syncs use
Whoosh's own writer, whose commits may merge the small segments they create.
The meta file also records which writers built the index (`index_format`):
turning the Whoosh internals off or on rebuilds it once.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh.index import LockError

from papertui import atomic
from papertui.models import Paper
from papertui.search import whoosh_internals as internals
from papertui.search.build import build as build_index
from papertui.search.index import SearchIndex
from papertui.search.schema import SCHEMA_VERSION, document, marks_for
from papertui.search.suggest import WordList, count_raw

Progress = Callable[..., None]
META_FILE = "papertui-index.json"
BATCH = 5000  # papers per commit during an incremental sync
WRITER_WAIT = 10.0  # seconds to wait for another process's writer


def read_meta(index_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_meta(index_dir: Path, **values: Any) -> None:
    atomic.write_text(index_dir / META_FILE, json.dumps(values))


def _needs_rebuild(library: Any, index: SearchIndex) -> bool:
    meta = read_meta(index.index_dir)
    if meta is None or meta.get("schema") != SCHEMA_VERSION:
        return True
    if meta.get("format", "array") != internals.index_format():
        return True
    if meta.get("library") != library.identity():
        return True
    if int(meta.get("seq", -1)) > library.change_seq():
        return True  # the library went backwards: not the one indexed
    return not index.is_usable()


def ensure_index(library: Any, index: SearchIndex, progress: Progress | None = None) -> None:
    """Rebuild the index if it cannot be trusted, else bring it up to date."""
    if _needs_rebuild(library, index):
        rebuild(library, index, progress)
        return
    try:
        sync(library, index, progress)
    except LockError:
        return  # another papertui is writing the index: search what is there
    except Exception:
        rebuild(library, index, progress)
        return
    if index.doc_count() != library.count():
        rebuild(library, index, progress)


def _documents(library: Any, papers: Iterable[Paper], chunk: int = 500) -> Iterator[dict]:
    iterator = iter(papers)
    while batch := list(itertools.islice(iterator, chunk)):
        states = library.states_for([p.id for p in batch])
        marks = marks_for(library, [p.id for p in batch])
        for paper in batch:
            yield document(paper, states.get(paper.id), marks=marks.get(paper.id))


def _counted(
    papers: Iterable[Paper], words: WordList, progress: Progress | None, total: int, label: str
) -> Iterator[Paper]:
    raw: Counter[str] = Counter()
    for done, paper in enumerate(papers, 1):
        count_raw(raw, paper)
        if progress and done % 250 == 0:
            progress(done, total, label)
        yield paper
    words.add_raw(raw)


def rebuild(library: Any, index: SearchIndex, progress: Progress | None = None) -> int:
    """Index every paper into a fresh directory, then swap it in. Returns the count."""
    seq = library.change_seq()
    identity = library.identity()
    total = library.count()
    target = index.index_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".index-build-", dir=target.parent))
    try:
        count, words = build_index(library, build, progress, total)
        words.save(build)
        write_meta(
            build, schema=SCHEMA_VERSION, format=internals.index_format(), seq=seq, library=identity
        )
        index.swap_in(build)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    if progress:
        progress(count, total, "Indexing")
        if hasattr(progress, "finish"):
            progress.finish()
    return count


def _drop_removed(ids: list[str], index: SearchIndex) -> int:
    """Delete the documents of records merged into others (their merged record is
    re-indexed as a changed paper)."""
    if not ids:
        return 0
    writer = index.writer(timeout=WRITER_WAIT)
    try:
        for paper_id in ids:
            writer.delete_by_term("id", paper_id)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return len(ids)


def sync(library: Any, index: SearchIndex, progress: Progress | None = None) -> int:
    """Re-index papers changed since the last sync, committing in batches."""
    meta = read_meta(index.index_dir) or {}
    since = int(meta.get("seq", 0))
    seq = library.change_seq()
    if seq <= since:
        return 0
    total = library.count_changed(since)
    words = index.words()
    done = _drop_removed(library.ids_removed_since(since), index)
    papers = _counted(library.iter_changed(since), words, progress, total, "Updating index")
    docs = _documents(library, papers)
    while batch := list(itertools.islice(docs, BATCH)):
        writer = index.writer(timeout=WRITER_WAIT)
        try:
            with writer.searcher() as searcher:  # one searcher per batch, not per paper
                for doc in batch:
                    for docnum in list(searcher.document_numbers(id=doc["id"])):
                        writer.delete_document(docnum)
            for doc in batch:
                writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        done += len(batch)
    with contextlib.suppress(OSError):
        words.save(index.index_dir)
    write_meta(
        index.index_dir,
        schema=SCHEMA_VERSION,
        format=internals.index_format(),
        seq=seq,
        library=meta.get("library") or library.identity(),
    )
    index.refresh()
    if progress and hasattr(progress, "finish"):
        progress.finish()
    return done
