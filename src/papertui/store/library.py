"""The library of papers: a transactional SQLite store of `Paper` records.

Records are stored as JSON beside a few denormalised columns used for sorting
and statistics. Re-importing a paper merges it into the existing record
(`merge_papers`): never a duplicate, and user state (kept in other tables) is
never touched by an import.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from papertui.ids import normalise_title, resolve_user_id
from papertui.models import Paper, merge_papers
from papertui.store.db import StoreError, connect, transaction
from papertui.store.state_methods import UserStateMethods

SORTS: dict[str, str] = {
    "date": "published DESC, num DESC",
    "title": "title_sort, num",
    "upvotes": "upvotes DESC, num DESC",
    "added": "added_at DESC, num DESC",
}
_CHUNK = 900  # stays below SQLite's bound-parameter limit


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged

    def __iadd__(self, other: ImportCounts) -> ImportCounts:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        return self


def _row_values(paper: Paper) -> tuple[str, str, str, int, str]:
    data = json.dumps(paper.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return (
        data,
        normalise_title(paper.title),
        paper.published,
        paper.upvotes,
        paper.primary_category,
    )


def _decode(data: str, record: object) -> Paper:
    """The stored record as a `Paper`; a damaged one (edited by hand, a bad disk) is a
    `StoreError` naming it, not a bare JSON error from deep inside a worker."""
    try:
        return Paper.from_dict(json.loads(data))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError(f"paper {record} in the library is damaged ({exc})") from exc


class Library(UserStateMethods):
    """Thread-safe access to one library file. Use as a context manager or call close()."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self._conn = connect(path, readonly=readonly)
        self._lock = threading.RLock()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    # ---- writing ------------------------------------------------------------
    def import_papers(
        self,
        papers: Iterable[Paper],
        *,
        batch_size: int = 2000,
        on_batch: Callable[[ImportCounts], None] | None = None,
    ) -> ImportCounts:
        """Merge `papers` into the library in ONE transaction: all or nothing.

        Any exception raised while iterating `papers` rolls everything back.
        """
        counts = ImportCounts()
        with self._lock, transaction(self._conn):
            seq = self._next_change_seq()
            batch: dict[str, Paper] = {}
            for paper in papers:
                previous = batch.get(paper.id)
                batch[paper.id] = merge_papers(previous, paper) if previous else paper
                if len(batch) >= batch_size:
                    counts += self._write_batch(batch, seq)
                    batch = {}
                    if on_batch:
                        on_batch(counts)
            if batch:
                counts += self._write_batch(batch, seq)
                if on_batch:
                    on_batch(counts)
        return counts

    def _next_change_seq(self) -> int:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()
        seq = int(row[0]) + 1 if row else 1
        self._conn.execute(
            "INSERT INTO meta(key, value) VALUES('change_seq', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(seq),),
        )
        return seq

    def touch(self, ids: Iterable[str]) -> None:
        """Mark papers changed (e.g. their user state) so the index picks them up."""
        with self._lock, transaction(self._conn):
            self._touch_in_tx(ids)

    def _touch_in_tx(self, ids: Iterable[str]) -> None:
        seq = self._next_change_seq()
        id_list = list(ids)
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            self._conn.execute(
                f"UPDATE papers SET changed = ? WHERE id IN ({marks})", (seq, *chunk)
            )

    def _write_batch(self, batch: dict[str, Paper], seq: int) -> ImportCounts:
        counts = ImportCounts()
        existing = self._fetch_existing(list(batch))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        inserts: list[tuple[object, ...]] = []
        updates: list[tuple[object, ...]] = []
        sources: list[tuple[str, str]] = []
        for paper_id, paper in batch.items():
            old = existing.get(paper_id)
            record = merge_papers(old, paper) if old else paper
            if old is not None and record == old:
                counts.unchanged += 1
                continue
            values = _row_values(record)
            if old is None:
                counts.added += 1
                inserts.append((paper_id, *values, now, seq))
            else:
                counts.updated += 1
                updates.append((*values, seq, paper_id))
            sources.extend((source, paper_id) for source in record.sources)
        conn = self._conn
        conn.executemany(
            "INSERT INTO papers(id, data, title_sort, published, upvotes, primary_cat, added_at, "
            "changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        conn.executemany(
            "UPDATE papers SET data = ?, title_sort = ?, published = ?, upvotes = ?, "
            "primary_cat = ?, changed = ? WHERE id = ?",
            updates,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO paper_sources(source, num) "
            "SELECT ?, num FROM papers WHERE id = ?",
            sources,
        )
        return counts

    def _fetch_existing(self, ids: list[str]) -> dict[str, Paper]:
        found: dict[str, Paper] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for paper_id, data in self._conn.execute(
                f"SELECT id, data FROM papers WHERE id IN ({marks})", chunk
            ):
                found[paper_id] = _decode(data, paper_id)
        return found

    # ---- reading ------------------------------------------------------------
    def get(self, paper_id: str) -> Paper | None:
        with self._lock:
            row = self._conn.execute("SELECT data FROM papers WHERE id = ?", (paper_id,)).fetchone()
        return _decode(row[0], paper_id) if row else None

    def get_many(self, ids: Iterable[str]) -> dict[str, Paper]:
        with self._lock:
            return self._fetch_existing(list(ids))

    def resolve(self, text: str) -> Paper | None:
        """Find a paper by any id form a user might type (arXiv URL, DOI, ...)."""
        for candidate in resolve_user_id(text):
            paper = self.get(candidate)
            if paper:
                return paper
        return None

    def count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM papers").fetchone()[0]

    def ordered_nums(self, sort: str = "date") -> array:
        """Every paper's compact handle in display order (cheap: an index-only scan)."""
        order = SORTS[sort]
        with self._lock:
            rows = self._conn.execute(f"SELECT num FROM papers ORDER BY {order}")
            return array("q", (num for (num,) in rows))

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
                    found[num] = _decode(data, paper_id)
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
                yield _decode(data, paper_id)
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
        return {
            "papers": self.count(),
            "by_source": sources,
            "by_primary_category": categories,
            "by_year": years,
        }
