"""Keep the search index in step with the store (the store is the truth).

`ensure_index` rebuilds when the index is missing, of another schema version or
built from another library, or damaged: every commit records each file's size,
time and CRC-32 and the document count in the meta file, and opening checks them
and reads a sample of documents back (`verify`). Otherwise it catches up
incrementally: papers whose `changed` sequence is above the one recorded in the
meta file are re-indexed (with their user state and saved full text: whoever
saves a full text marks its paper changed, `Library.touch`). A rebuild is written to a
temporary directory and swapped in with renames, so a crash leaves either the
old index, no index (rebuilt next time), or the new one. Rebuilds write whole
segments (`build`, `segment_writer`); incremental syncs use Whoosh's own writer,
whose commits may merge the small segments they create. The meta file also
records which writers built the index (`index_format`): turning the Whoosh
internals off or on rebuilds it once.

One process at a time writes the index, holding `index_lock`. Nobody waits for
it: a reader searches what is there ("index catching up"), and a writer whose
change arrives while another process holds the lock leaves the catch-up to that
process, which syncs again whenever the store moved on while it worked.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.index import LockError

from papertui import atomic
from papertui.models import Paper
from papertui.search import prefix_table
from papertui.search import whoosh_internals as internals
from papertui.search.index import SearchIndex
from papertui.search.schema import SCHEMA_VERSION, BodyTexts, body_for, document, marks_for
from papertui.search.suggest import WordList, count_raw
from papertui.search.verify import Fingerprint, IndexDamaged, file_damage, fingerprint

Progress = Callable[..., None]
META_FILE = "papertui-index.json"
BATCH = 5000  # papers per commit during an incremental sync
WRITER_WAIT = 0.0  # Whoosh's own lock is free under papertui's (an old papertui: no waiting)
CATCH_UP_ROUNDS = 5  # syncs in a row while other processes keep changing the store
FULL_CHECK_EVERY = 24 * 3600  # seconds between CRC checks of every index file


@dataclass
class IndexStatus:
    """What opening the index did. `rebuilt`: why it was rebuilt ("" if not);
    `damaged`: the reason was damage (tell the user); `catching_up`: another
    process is writing the index, so results may miss the latest changes."""

    rebuilt: str = ""
    damaged: bool = False
    catching_up: bool = False


def read_meta(index_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_meta(index_dir: Path, *, known: Fingerprint | None = None, **values: Any) -> None:
    """The meta file, with the fingerprint of the index files as they are now."""
    values["files"] = fingerprint(index_dir, known)
    atomic.write_text(index_dir / META_FILE, json.dumps(values))


@contextlib.contextmanager
def index_lock(index_dir: Path, *, wait: bool) -> Iterator[bool]:
    """Held while the index is written (sync, rebuild, meta file), across processes
    and threads; yields False at once when someone else holds it and `wait` is False."""
    path = index_dir.with_name(f".{index_dir.name}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _rebuild_reason(library: Any, index: SearchIndex) -> tuple[str, bool]:
    """(why the index cannot be used as it is, or ""; whether that is damage)."""
    if not index.index_dir.exists() and not index.index_dir.is_symlink():
        return "no index yet", False
    meta = read_meta(index.index_dir)
    if meta is None:
        return "its record of what it holds is missing or unreadable", True
    if meta.get("schema") != SCHEMA_VERSION:
        return "it was written by another papertui version", False
    if meta.get("format", "array") != internals.index_format():
        return "it was written by other Whoosh writers", False
    if meta.get("library") != library.identity():
        return "it belongs to another library", False
    if int(meta.get("seq", -1)) > library.change_seq():
        return "the library went back to an earlier state", False
    recorded = meta.get("files")
    full = time.time() - float(meta.get("checked", 0)) > FULL_CHECK_EVERY
    why, moved = "", True  # an index written before checksums: record them now
    if isinstance(recorded, dict):
        why, moved = file_damage(index.index_dir, recorded, full=full)
    if why:
        return why, True
    why = index.damage(lambda ids: set(library.nums_for_ids(ids)))
    if why:
        return why, True
    if moved or full:  # copied, touched, or checked in full: record the files as they are
        values = _meta_values(meta)
        if full:
            values["checked"] = time.time()
        known = recorded if isinstance(recorded, dict) else None
        write_meta(index.index_dir, known=known, **values)
    if index.doc_count() != meta.get("count", index.doc_count()):
        return f"it holds {index.doc_count()} documents, {meta.get('count')} were written", True
    index.synced_seq = int(meta.get("seq", 0))  # what the searcher just checked holds
    return "", False


def _meta_values(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k != "files"}


def ensure_index(
    library: Any, index: SearchIndex, progress: Progress | None = None, *, answers: bool = True
) -> IndexStatus:
    """Rebuild the index if it cannot be trusted, else bring it up to date. Never waits
    for another process writing the index (unless there is no index to read at all).
    With `answers`, the first letters' answers are kept too (`keep_answers`, ~1 s at
    100k papers: the command line); interactive processes pass False (the picker searches
    stale ones live, the reader keeps them once the user rests)."""
    with index_lock(index.index_dir, wait=False) as held:
        if held:
            return _ensure_locked(library, index, progress, answers)
    if index.is_usable():
        index.catching_up = True
        return IndexStatus(catching_up=True)
    with index_lock(index.index_dir, wait=True):  # nothing to read: wait for the writer
        return _ensure_locked(library, index, progress, answers)


def _ensure_locked(
    library: Any, index: SearchIndex, progress: Progress | None, answers: bool
) -> IndexStatus:
    index.catching_up = False
    why, damaged = _rebuild_reason(library, index)
    if why:
        _rebuild_locked(library, index, progress, answers=answers)
        return IndexStatus(rebuilt=why, damaged=damaged)
    for _ in range(CATCH_UP_ROUNDS):
        try:
            seq, _ = _sync_locked(library, index, progress)
        except LockError:
            index.catching_up = True
            return IndexStatus(catching_up=True)
        except Exception as exc:  # an index file that cannot be read or written as expected
            _rebuild_locked(library, index, progress, answers=answers)
            return IndexStatus(rebuilt=f"catching up failed ({exc})", damaged=True)
        if library.change_seq() == seq:
            break  # nobody changed the store meanwhile: the counts must agree
    else:
        return IndexStatus(catching_up=True)
    lacking = index.update_prefixes(if_lacking=True)  # an index from before the lists
    try:
        answered = answers and index.update_answers(if_stale=True)  # (stale, or never kept)
    except IndexDamaged as exc:
        _rebuild_locked(library, index, progress, answers=answers)
        return IndexStatus(rebuilt=f"reading it failed ({exc})", damaged=True)
    if answered or lacking:
        _record_files(index.index_dir)
    if index.doc_count() != library.count():
        why = f"it holds {index.doc_count()} papers, the library {library.count()}"
        _rebuild_locked(library, index, progress, answers=answers)
        return IndexStatus(rebuilt=why, damaged=True)
    return IndexStatus()


def _record_files(index_dir: Path) -> None:
    """The meta file, with the index files as they are now (the rest unchanged)."""
    meta = read_meta(index_dir) or {}
    known = meta.get("files") if isinstance(meta.get("files"), dict) else None
    write_meta(index_dir, known=known, **_meta_values(meta))


def keep_answers(index: SearchIndex, cancelled: Callable[[], bool] = lambda: False) -> None:
    """Answer the costly first letters (`prefix_answers`) for the index `sync` caught up,
    unless they are kept already (~1 s at 100k papers: the reader runs it once the user
    rests). Never waits for another writer, and leaves an index written since by another
    process alone (that writer keeps its answers). `cancelled` is asked between queries:
    once True, it stops and nothing is written."""
    with index_lock(index.index_dir, wait=False) as held:
        meta = read_meta(index.index_dir) if held else None
        if meta is None or int(meta.get("seq", -1)) != index.synced_seq:
            return
        try:
            answered = index.update_answers(if_stale=True, cancelled=cancelled)
        except IndexDamaged:
            return  # the next search meets the damage too, and repairs it
        if answered:
            _record_files(index.index_dir)


def repair(
    library: Any, index: SearchIndex, progress: Progress | None = None, *, answers: bool = True
) -> None:
    """Rebuild after a read error (`verify.IndexDamaged`) met while searching (`answers`:
    as `ensure_index`)."""
    with index_lock(index.index_dir, wait=True):
        _rebuild_locked(library, index, progress, answers=answers)


def _documents(
    library: Any, papers: Iterable[Paper], bodies: BodyTexts | None, chunk: int = 500
) -> Iterator[dict]:
    iterator = iter(papers)
    while batch := list(itertools.islice(iterator, chunk)):
        states = library.states_for([p.id for p in batch])
        marks = marks_for(library, [p.id for p in batch])
        for paper in batch:
            body = body_for(paper, bodies, None)
            yield document(paper, states.get(paper.id), marks=marks.get(paper.id), body=body)


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
    with index_lock(index.index_dir, wait=True):
        return _rebuild_locked(library, index, progress)


def _rebuild_locked(
    library: Any, index: SearchIndex, progress: Progress | None, *, answers: bool = True
) -> int:
    from papertui.search.build import build as build_index  # not needed to open or search

    seq = library.change_seq()
    identity = library.identity()
    total = library.count()
    target = index.index_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()  # a dangling link or a file where the index belongs: derived data
    build = Path(tempfile.mkdtemp(prefix=".index-build-", dir=target.parent))
    try:
        count, words = build_index(library, build, progress, total, index.bodies)
        words.save(build)
        prefix_table.update_built(build)
        built = SearchIndex(build, index.bodies)
        if answers:
            built.update_answers()
        built.close()
        write_meta(
            build,
            schema=SCHEMA_VERSION,
            format=internals.index_format(),
            seq=seq,
            library=identity,
            count=count,
            checked=time.time(),
        )
        index.swap_in(build)
        index.synced_seq = seq
    finally:
        shutil.rmtree(build, ignore_errors=True)
    index.catching_up = False
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
    """Re-index papers changed since the last sync; returns how many. When another
    process or thread is writing the index, returns 0 at once: that writer sees these
    changes too (it syncs again while the store keeps moving), and searches meanwhile
    say the index is catching up. The first letters' kept answers are then stale (searched
    live) until `keep_answers`."""
    done = 0
    for _ in range(CATCH_UP_ROUNDS):
        with index_lock(index.index_dir, wait=False) as held:
            if not held:
                index.catching_up = True
                return done
            try:
                seq, count = _sync_locked(library, index, progress)
            except LockError:
                index.catching_up = True
                return done
            index.catching_up = False
            done += count
        if library.change_seq() == seq:  # checked after letting go: nothing is left behind
            break
    return done


def _sync_locked(library: Any, index: SearchIndex, progress: Progress | None) -> tuple[int, int]:
    """Catch up with the store: (the change sequence now indexed, documents written)."""
    meta = read_meta(index.index_dir) or {}
    since = int(meta.get("seq", 0))
    seq = library.change_seq()
    if index.synced_seq != since:  # another process caught up since this searcher opened
        index.refresh()
        index.synced_seq = since
    if seq <= since:
        return since, 0
    total = library.count_changed(since)
    words = index.words()
    done = _drop_removed(library.ids_removed_since(since), index)
    papers = _counted(library.iter_changed(since), words, progress, total, "Updating index")
    docs = _documents(library, papers, index.bodies)
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
    index.refresh()
    index.update_prefixes()
    write_meta(
        index.index_dir,
        known=meta.get("files") if isinstance(meta.get("files"), dict) else None,
        schema=SCHEMA_VERSION,
        format=internals.index_format(),
        seq=seq,
        library=meta.get("library") or library.identity(),
        count=index.doc_count(),
        checked=meta.get("checked", 0),
    )
    index.synced_seq = seq
    if progress and hasattr(progress, "finish"):
        progress.finish()
    return seq, done
