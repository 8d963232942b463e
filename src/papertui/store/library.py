"""The library of papers: a transactional SQLite store of `Paper` records.

Records are stored as JSON beside a few denormalised columns used for sorting
and statistics. Importing a paper again, from the same or another source, merges
it into its one record (`store.merging`): never a duplicate. User state is kept in
other tables by paper id; it moves with a record whose id changes in a merge.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from papertui.ids import resolve_user_id
from papertui.models import ImportedPaper, Paper, PaperState, merge_papers
from papertui.store import health, users
from papertui.store.bib_keys import BibKeyMethods
from papertui.store.db import (
    ReadOnlyLibrary,
    StoreError,
    connect,
    next_change_seq,
    transaction,
    write_problem,
)
from papertui.store.dedupe import UPGRADE_REPORT, count_papers, merge_duplicates
from papertui.store.headings import HeadingMethods
from papertui.store.list_order import ListOrderMethods
from papertui.store.merging import Merge
from papertui.store.paper_writer import PaperWriter
from papertui.store.reading_lists import ReadingListMethods
from papertui.store.records import ImportCounts, decode
from papertui.store.restore import recover_leftovers
from papertui.store.state_methods import UserStateMethods
from papertui.store.update_flags import UpdateFlagMethods
from papertui.store.user_state import merge_imported
from papertui.store.watch_hits import WatchMethods

_CHUNK = 900  # stays below SQLite's bound-parameter limit


def _identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_dev, stat.st_ino)


class Library(
    UserStateMethods,
    WatchMethods,
    ReadingListMethods,
    BibKeyMethods,
    UpdateFlagMethods,
    HeadingMethods,
    ListOrderMethods,
):
    """Thread-safe access to one library file. Use as a context manager or call close()."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.read_only_reason = "opened read-only"
        self._closed = False
        # what opening had to repair (an interrupted restore), for the caller to say
        self.notices: list[str] = []
        self._users: int | None = None
        if not readonly:
            self._users, self.notices = users.hold_open(path, recover_leftovers)
        try:
            self._conn = connect(path, readonly=readonly)
        except BaseException:
            users.release(self._users)
            raise
        self._file = _identity(path)
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path) -> Library:
        """For writing where possible; read-only (saying why on a change) where the file
        or its directory cannot be written."""
        problem = write_problem(path) if path.exists() else ""
        library = cls(path, readonly=bool(problem))
        library.read_only_reason = problem
        return library

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            # a file replaced under this one is not the file it would describe
            writer = not self.readonly and not self._closed and _identity(self.path) == self._file
            self._closed = True
            if writer:
                try:
                    health.remember(self.path, self._conn)
                except sqlite3.Error:
                    writer = False  # damaged since it was opened: nothing good to remember
            self._conn.close()
            if writer:
                health.remember_file(self.path)
            users.release(self._users)
            self._users = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, refused if the file was replaced since it was opened
        (a restore by hand or by an older papertui): it would go to the file moved aside."""
        with self._lock:
            if self.readonly:
                raise ReadOnlyLibrary(
                    f"{self.read_only_reason}: the library can be read, but not changed"
                )
            if _identity(self.path) != self._file:
                raise StoreError(
                    f"{self.path} was replaced since this papertui opened it (a backup "
                    "restore?); nothing was written. Restart papertui to use the new file"
                )
            with transaction(self._conn) as conn:
                yield conn

    # ---- writing ------------------------------------------------------------
    def import_papers(
        self,
        papers: Iterable[Paper | ImportedPaper],
        *,
        batch_size: int = 2000,
        on_batch: Callable[[ImportCounts], None] | None = None,
    ) -> ImportCounts:
        """Merge `papers` into the library in ONE transaction: all or nothing.

        Any exception raised while iterating `papers` rolls everything back. State an
        `ImportedPaper` carries is merged into the user's (`merge_imported`).
        """
        counts = ImportCounts()
        with self._transaction():
            writer = PaperWriter(self._conn, next_change_seq(self._conn))
            batch: dict[str, Paper] = {}
            states: dict[str, PaperState] = {}
            for item in papers:
                paper = item.paper if isinstance(item, ImportedPaper) else item
                previous = batch.get(paper.id)
                batch[paper.id] = merge_papers(previous, paper) if previous else paper
                if isinstance(item, ImportedPaper):
                    states[paper.id] = merge_imported(states.get(paper.id), item.state)
                if len(batch) >= batch_size:
                    counts += writer.write(batch, states)
                    batch, states = {}, {}
                    if on_batch:
                        on_batch(counts)
            if batch:
                counts += writer.write(batch, states)
                if on_batch:
                    on_batch(counts)
        return counts

    def touch(self, ids: Iterable[str]) -> None:
        """Mark papers changed (e.g. their user state) so the index picks them up."""
        with self._transaction():
            self._touch_in_tx(ids)

    def _touch_in_tx(self, ids: Iterable[str]) -> None:
        seq = next_change_seq(self._conn)
        id_list = list(ids)
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            self._conn.execute(
                f"UPDATE papers SET changed = ? WHERE id IN ({marks})", (seq, *chunk)
            )

    def dedupe(self, *, dry_run: bool = False) -> tuple[list[Merge], int]:
        """Merge records that are the same paper: (what merged, records removed).
        `dry_run` does the same work and rolls it back."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                before = count_papers(self._conn)
                merges = merge_duplicates(self._conn, next_change_seq(self._conn))
                removed = before - count_papers(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("ROLLBACK" if dry_run else "COMMIT")
        return merges, removed

    def take_upgrade_report(self) -> int:
        """How many duplicate records the last schema upgrade merged; reported once."""
        if self.readonly:
            return 0
        with self._transaction():
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = ?", (UPGRADE_REPORT,)
            ).fetchone()
            if row:
                self._conn.execute("DELETE FROM meta WHERE key = ?", (UPGRADE_REPORT,))
        return int(row[0]) if row else 0

    def canonical_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Each id mapped to the id of the record it now belongs to (itself if current)."""
        id_list = list(dict.fromkeys(ids))
        found = {i: i for i in id_list}
        with self._lock:
            for start in range(0, len(id_list), _CHUNK):
                chunk = id_list[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(
                    self._conn.execute(
                        f"SELECT alias, id FROM paper_aliases WHERE alias IN ({marks})", chunk
                    )
                )
        return found

    def ids_removed_since(self, since: int) -> list[str]:
        """Ids whose records were merged into others after change sequence `since`."""
        with self._lock:
            rows = self._conn.execute("SELECT id FROM removed_papers WHERE seq > ?", (since,))
            return [paper_id for (paper_id,) in rows]

    # ---- reading ------------------------------------------------------------
    def get(self, paper_id: str) -> Paper | None:
        with self._lock:
            row = self._conn.execute("SELECT data FROM papers WHERE id = ?", (paper_id,)).fetchone()
        return decode(row[0], paper_id) if row else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Paper]:
        id_list = list(ids)
        found: dict[str, Paper] = {}
        with self._lock:
            for start in range(0, len(id_list), _CHUNK):
                chunk = id_list[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for paper_id, data in self._conn.execute(
                    f"SELECT id, data FROM papers WHERE id IN ({marks})", chunk
                ):
                    found[paper_id] = decode(data, paper_id)
        return found

    def resolve(self, text: str) -> Paper | None:
        """Find a paper by any id form a user might type (arXiv URL, DOI, ...), or by
        an id it had before it was merged with another record of the same paper."""
        candidates = resolve_user_id(text)
        for candidate in candidates:
            paper = self.get(candidate)
            if paper:
                return paper
        current = self.canonical_ids(candidates)
        for candidate in candidates:
            if current[candidate] != candidate:
                return self.get(current[candidate])
        return None

    def count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM papers").fetchone()[0]

    def get_by_nums(self, nums: Iterable[int]) -> list[Paper]:
        """Papers for the given handles, in the same order (missing ones skipped)."""
        wanted = list(nums)
        found: dict[int, Paper] = {}
        with self._lock:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for num, paper_id, data in self._conn.execute(
                    f"SELECT num, id, data FROM papers WHERE num IN ({marks})", chunk
                ):
                    found[num] = decode(data, paper_id)
        return [found[n] for n in wanted if n in found]

    def nums_for_ids(self, ids: Iterable[str]) -> dict[str, int]:
        id_list = list(ids)
        found: dict[str, int] = {}
        with self._lock:
            for start in range(0, len(id_list), _CHUNK):
                chunk = id_list[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(
                    self._conn.execute(f"SELECT id, num FROM papers WHERE id IN ({marks})", chunk)
                )
        return found

    def identity(self) -> str:
        """A fingerprint of the library: its first-ever paper and when it was added."""
        with self._lock:
            row = self._conn.execute(
                "SELECT id, added_at FROM papers ORDER BY num LIMIT 1"
            ).fetchone()
        return f"{row[0]}@{row[1]}" if row else "empty"

    def ids_added_since(self, stamp: str, limit: int) -> set[str]:
        """Ids of up to `limit` papers added after `stamp` (an ISO time, as `added_at`)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id FROM papers WHERE added_at > ? LIMIT ?", (stamp, limit)
            )
            return {paper_id for (paper_id,) in rows}

    def has_categories(self) -> bool:
        """Whether any paper has a category (Hugging Face papers have none)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT EXISTS (SELECT 1 FROM papers WHERE primary_cat != '')"
            ).fetchone()
        return bool(row[0])

    def max_num(self) -> int:
        """The newest record's handle: records added later have higher ones."""
        with self._lock:
            return self._conn.execute("SELECT coalesce(max(num), 0) FROM papers").fetchone()[0]

    def change_seq(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()
        return int(row[0]) if row else 0

    def iter_changed(self, since: int = 0, *, chunk: int = 2000) -> Iterator[Paper]:
        """Papers changed after change sequence `since`, in chunks (memory stays flat)."""
        last_num = 0
        while True:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT num, id, data FROM papers WHERE changed > ? AND num > ? "
                    "ORDER BY num LIMIT ?",
                    (since, last_num, chunk),
                ).fetchall()
            if not rows:
                return
            for _, paper_id, data in rows:
                yield decode(data, paper_id)
            last_num = rows[-1][0]

    def count_changed(self, since: int = 0) -> int:
        with self._lock:
            return self._conn.execute(
                "SELECT count(*) FROM papers WHERE changed > ?", (since,)
            ).fetchone()[0]

    def stats(self) -> dict[str, object]:
        with self._lock:
            conn = self._conn
            sources = dict(
                conn.execute(
                    "SELECT source, count(*) FROM paper_sources GROUP BY source ORDER BY 2 DESC"
                ).fetchall()
            )
            categories = dict(
                conn.execute(
                    "SELECT primary_cat, count(*) FROM papers WHERE primary_cat != '' "
                    "GROUP BY primary_cat ORDER BY 2 DESC, 1"
                ).fetchall()
            )
            years = dict(
                conn.execute(
                    "SELECT substr(published, 1, 4), count(*) FROM papers WHERE published != '' "
                    "GROUP BY 1 ORDER BY 1 DESC"
                ).fetchall()
            )
        with self._lock:
            undated = self._conn.execute(
                "SELECT count(*) FROM papers WHERE published = ''"
            ).fetchone()[0]
        return {
            "papers": self.count(),
            "undated": undated,
            "by_source": sources,
            "by_primary_category": categories,
            "by_year": years,
        }
