"""The answers to the costly queries of one to four letters, computed when the index is written.

The first letter typed is a prefix search over most of the library: at 100k papers a
lone letter expands to completions found in ~90% of the papers, and scoring them means
decoding hundreds of thousands of postings (50-90 ms the first time a process types it;
the second letter 40-60 ms, the third 15-20 ms, the fourth 13-22 ms of search). Whoever
writes the index (a build, the command line's catch-up; the reader once its user rests,
never `pick`: ~2 s of CPU at 100k) then answers those queries once and keeps, in
`answers.json`, each one's first `KEPT_HITS` hits (document number, score, whether the
full text gave the score), its total and its highlight terms; a search for one of them
reads the hits instead of scoring (the picker's first letters, the reader's search as
you type). Only the queries that decode more postings than `COSTLY` times the papers,
and at least `FEWEST_POSTINGS`, are kept (cheaper ones are answered fast enough live; a
library of a few thousand papers keeps none).

The file is tied to the index it was computed from: Whoosh's generation (every commit
advances it), the document count and each segment with its deleted documents. Any
other index (another process's catch-up, an older papertui, a rebuild) does not match,
and the file is ignored (the search is scored live) until the next writer rewrites it.
A missing, unreadable or malformed file is ignored the same way. Saved like the other
index files (atomically, then checksummed in the meta file).
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papertui import atomic
from papertui.search.prefix_table import segments
from papertui.search.terms import PREFIX_EXPANSIONS

FILE_NAME = "answers.json"
VERSION = 3  # 2: three-letter prefixes too; 3: four-letter ones
KEPT_HITS = 100  # a first page of the reader's search (the picker lists 50)
COSTLY = 0.25  # postings to decode, per paper, from which a query is answered ahead
FEWEST_POSTINGS = 20_000  # and at least these (fewer are decoded in a few milliseconds)
LONGEST = 4  # letters of the longest prefix answered ahead
QUERIES = (
    *string.ascii_lowercase,
    *string.digits,
    *(a + b for a in string.ascii_lowercase for b in string.ascii_lowercase),
)
"""The candidates of one and two letters; a costly two-letter one's candidates go on by a
letter (`costly`)."""


def _askable(query: str) -> bool:
    return 0 < len(query) <= LONGEST and query.isascii() and query.isalnum() and query.islower()


@dataclass(frozen=True)
class Answer:
    """One query's ranked hits as `SearchIndex.search` pages them."""

    hits: list[tuple[int, float, bool]]  # (document, score, mainly in full text), best first
    total: int
    exact: bool
    notice: str | None
    terms: tuple[str, ...]  # highlight terms
    suggestion: str | None


def stamp(reader: Any) -> list[Any]:
    """What identifies the state of the index `reader` reads."""
    parts = []
    for seg, seg_id in segments(reader):
        segment = seg.segment() if hasattr(seg, "segment") else None
        deleted = segment.deleted_count() if segment is not None else 0
        parts.append([seg_id, seg.doc_count_all(), deleted])
    return [VERSION, PREFIX_EXPANSIONS, reader.generation(), reader.doc_count(), sorted(parts)]


class KeptAnswers:
    """The answers saved in one index directory. The file's first line is its header (the
    index's stamp, the queries in order), then one line per query's answer: checking the
    stamp reads one line, an answer one more (the whole file parses in ~25 ms at 100k)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._lines: list[bytes] | None = None
        self._header: dict[str, Any] = {}
        self._queries: dict[str, int] = {}  # query -> its line

    def _read(self) -> None:
        if self._lines is not None:
            return
        try:
            self._lines = (self._directory / FILE_NAME).read_bytes().split(b"\n")
            header = json.loads(self._lines[0])
            queries = header["queries"]
            self._queries = {str(q): n for n, q in enumerate(queries, 1) if n < len(self._lines)}
            self._header = header
        except (OSError, ValueError, KeyError, TypeError):
            self._lines, self._header, self._queries = [], {}, {}  # ignored: scored live

    def fresh(self, reader: Any) -> bool:
        """True when the answers were computed from the index `reader` reads."""
        self._read()
        return self._header.get("stamp") == _as_json(stamp(reader))

    def get(self, query: str, sort: str, need: int, reader: Any) -> Answer | None:
        """The kept answer to `query` when it holds the first `need` hits and the
        index is the one it was computed from, else None."""
        if sort != "relevance" or not _askable(query) or not self.fresh(reader):
            return None
        line = self._queries.get(query)
        if line is None or self._lines is None:
            return None
        try:
            kept = json.loads(self._lines[line])
            answer = Answer(
                [(_doc(d, reader), float(s), bool(b)) for d, s, b in kept["hits"]],
                int(kept["total"]),
                bool(kept["exact"]),
                None,
                tuple(str(t) for t in kept["terms"]),
                None,
            )
        except (KeyError, TypeError, ValueError):
            return None  # a malformed file: scored live
        return answer if need <= len(answer.hits) or len(answer.hits) >= answer.total else None


def _doc(value: Any, reader: Any) -> int:
    """A kept document number, if the index has that document."""
    if type(value) is not int or not 0 <= value < reader.doc_count_all():
        raise ValueError(f"no document {value!r}")
    if reader.is_deleted(value):
        raise ValueError(f"document {value} is deleted")
    return value


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def costly(reader: Any, completions: Callable[[str], dict[str, int]]) -> list[str]:
    """The prefixes (`QUERIES`, and costly ones a letter longer, up to `LONGEST`) whose
    expansions' postings in `text` (the bulk of a query's) outnumber `COSTLY` times the
    papers and `FEWEST_POSTINGS`. `completions` gives a prefix's {term: document
    frequency} in `text`; a letter's are the ones its longer prefixes are estimated from
    (their most frequent completions are among them, or they are cheap)."""
    least = max(reader.doc_count() * COSTLY, FEWEST_POSTINGS)
    if reader.doc_count() * PREFIX_EXPANSIONS < least:
        return []  # a prefix's completions cannot have that many postings

    def postings(found: dict[str, int], prefix: str) -> int:
        counts = sorted((n for t, n in found.items() if t.startswith(prefix)), reverse=True)
        return sum(counts[:PREFIX_EXPANSIONS])

    chosen = []
    for first in (q for q in QUERIES if len(q) == 1):
        found = completions(first)
        if postings(found, first) < least:
            continue
        chosen.append(first)
        prefixes = [first]
        while prefixes and len(prefixes[0]) < LONGEST:
            longer = (p + c for p in prefixes for c in string.ascii_lowercase)
            prefixes = [q for q in longer if postings(found, q) >= least]
            chosen += prefixes
    return chosen


def update(
    directory: Path,
    reader: Any,
    completions: Callable[[str], dict[str, int]],
    answer: Callable[[str], Answer],
) -> KeptAnswers:
    """Answer the costly queries on the index `reader` reads (in `directory`) and save
    them, atomically. `completions` gives a prefix's completions in `text` (`costly`),
    `answer` a query's first `KEPT_HITS` hits. Answers with a notice or a suggestion are not
    kept (they are for queries finding little)."""
    answers = {}
    for query in costly(reader, completions):
        found = answer(query)
        if found.notice is not None or found.suggestion is not None:
            continue
        answers[query] = {
            "hits": [list(hit) for hit in found.hits],
            "total": found.total,
            "exact": found.exact,
            "terms": list(found.terms),
        }
    header = {"stamp": stamp(reader), "queries": list(answers)}
    lines = [json.dumps(x, separators=(",", ":")) for x in (header, *answers.values())]
    atomic.write_text(directory / FILE_NAME, "\n".join(lines) + "\n")
    return KeptAnswers(directory)
