"""The most frequent completions of short prefixes, per segment, kept beside the index.

A word still being typed is expanded to the index terms it starts, the most frequent
first (`terms.PREFIX_EXPANSIONS` of them). Finding those means reading every term of the
prefix: one letter is ~1,300-2,600 terms of `text` per segment at 100k papers, 20-30 ms
the first time a process types it. For each segment, `prefixes.json` lists the `KEPT`
most frequent terms of every prefix of 1-`LONGEST` letters that starts more than
`LISTED_FROM` terms in a field (the others are quick to read), with their document
frequencies; `completions` reads the list where there is one and the segment's term
table elsewhere. Built with the index and, at each catch-up, for the segments that lack
a list (new or merged ones; an index from before these tables gets them at its next
open). Counts per segment are summed, as a scan sums them: a term just outside one
segment's `KEPT` loses that segment's count, which only changes the order of
completions far below the ones used.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from papertui import atomic
from papertui.search import whoosh_internals as internals

FILE_NAME = "prefixes.json"
FIELDS = ("text", "title")  # bare words expand in `text` (its terms serve `body` too)
LONGEST = 3  # letters of the longest prefix listed
LISTED_FROM = 256  # terms a prefix starts before it is listed
KEPT = 32  # completions listed per prefix (the query uses the first 8)

Completions = dict[str, list[tuple[str, int]]]  # prefix -> [(term, frequency)], best first


def segment_terms(segreader: Any, field: str, wanted: bytes) -> Iterator[tuple[bytes, int]]:
    """(term bytes, document frequency) of `field`'s terms from `wanted` on, in order."""
    if not internals.ENABLED:
        return ((t, info.doc_frequency()) for t, info in segreader.iter_prefix(field, wanted))
    if internals.has_term_table(segreader, field):
        return internals.scan_terms(segreader, field, wanted)
    return iter(())


def segments(reader: Any) -> list[tuple[Any, str | None]]:
    """(segment reader, its segment's id) of each segment of `reader`."""
    leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
    found = []
    for seg, _ in leaves:
        segment = seg.segment() if hasattr(seg, "segment") else None
        found.append((seg, segment.segment_id() if segment is not None else None))
    return found


class PrefixTables:
    """The lists of one index directory: {segment id: {field: Completions}}."""

    def __init__(
        self, tables: dict[str, dict[str, Completions]] | None = None, directory: Path | None = None
    ) -> None:
        self._tables = tables if tables is not None or directory is None else None
        self._directory = directory

    @classmethod
    def load(cls, directory: Path) -> PrefixTables:
        """The lists saved in `directory`, read when first needed (~20 ms at 100k papers:
        a query with no prefix to expand never reads them)."""
        return cls(None, directory)

    @property
    def tables(self) -> dict[str, dict[str, Completions]]:
        if self._tables is None:
            self._tables = _read(self._directory) if self._directory else {}
        return self._tables

    def completions(self, reader: Any, field: str, prefix: str, scan: int) -> dict[str, int]:
        """{term: document frequency} of `field`'s terms starting with `prefix`: the
        listed ones where a segment lists the prefix, else at most `scan` read from each
        segment's term table."""
        wanted = prefix.encode("utf-8")
        found: dict[str, int] = {}
        for seg, seg_id in segments(reader):
            listed = self.tables.get(seg_id or "", {}).get(field, {}).get(prefix)
            if listed is not None:
                for term, frequency in listed:
                    found[term] = found.get(term, 0) + frequency
                continue
            for n, (tbytes, frequency) in enumerate(segment_terms(seg, field, wanted)):
                if n >= scan or not tbytes.startswith(wanted):
                    break
                term = tbytes.decode("utf-8")
                found[term] = found.get(term, 0) + frequency
        return found

    def lacking(self, reader: Any) -> bool:
        """True when a segment of `reader` has no lists, or lists of gone segments stay."""
        ids = {seg_id for _, seg_id in segments(reader)}
        return None in ids or ids != set(self.tables)


def _read(directory: Path) -> dict[str, dict[str, Completions]]:
    """The saved lists (none when missing or unreadable: every segment scanned)."""
    try:
        data = json.loads((directory / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}  # (pairs stay JSON lists)


def update(directory: Path, reader: Any) -> PrefixTables:
    """Lists for the segments of `reader` (the index in `directory`) that lack them,
    those of gone segments dropped; saved atomically when they changed."""
    old = PrefixTables(_read(directory))
    tables: dict[str, dict[str, Completions]] = {}
    for seg, seg_id in segments(reader):
        if seg_id is None:
            continue
        kept = old.tables.get(seg_id)
        tables[seg_id] = kept if kept is not None else {f: listed(seg, f) for f in FIELDS}
    if set(tables) != set(old.tables):
        atomic.write_text(directory / FILE_NAME, json.dumps(tables, separators=(",", ":")))
    return PrefixTables(tables)


def update_built(directory: Path) -> None:
    """The lists of the index just built in `directory`."""
    from whoosh.filedb.filestore import FileStorage

    from papertui.search.schema import build_schema

    ix = FileStorage(str(directory), supports_mmap=False).open_index(schema=build_schema())
    with ix.reader() as reader:
        update(directory, reader)


def listed(segreader: Any, field: str) -> Completions:
    """The prefixes of 1-`LONGEST` letters starting more than `LISTED_FROM` of the
    segment's terms of `field`, each with its `KEPT` most frequent terms."""
    result: Completions = {}
    runs: list[tuple[str, list[tuple[int, str]], int]] = []  # per length: prefix, best, count

    def close(run: tuple[str, list[tuple[int, str]], int]) -> None:
        prefix, best, count = run
        if count > LISTED_FROM:
            result[prefix] = [(t, n) for n, t in sorted(best, reverse=True)]

    for tbytes, frequency in segment_terms(segreader, field, b""):
        term = tbytes.decode("utf-8")
        for size in range(1, min(len(term), LONGEST) + 1):
            prefix = term[:size]
            if size > len(runs):
                runs.append((prefix, [], 0))
            elif runs[size - 1][0] != prefix:
                for shorter in runs[size - 1 :]:
                    close(shorter)
                del runs[size:]
                runs[size - 1] = (prefix, [], 0)
            _, best, count = runs[size - 1]
            entry = (frequency, term)
            if len(best) < KEPT:
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)
            runs[size - 1] = (prefix, best, count + 1)
    for run in runs:
        close(run)
    return result
