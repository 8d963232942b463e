"""The answers to the costly one- and two-letter queries, computed when the index is written.

The first letter typed is a prefix search over most of the library: at 100k papers a
lone letter expands to completions found in ~90% of the papers, and scoring them means
decoding hundreds of thousands of postings (50-90 ms the first time a process types it;
the second letter, 40-60 ms). Whoever writes the index (a build, a catch-up) then
answers those queries once and keeps, in `answers.json`, each one's first `KEPT_HITS`
hits (id, score, whether the full text gave the score), its total and its highlight
terms; a search for one of them reads the hits instead of scoring (the picker's first
letters, the reader's search as you type). Only the queries that decode more postings
than `COSTLY` times the papers are kept (cheaper ones are answered fast enough live).

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
VERSION = 1
KEPT_HITS = 100  # a first page of the reader's search (the picker lists 50)
COSTLY = 0.25  # postings to decode, per paper, from which a query is answered ahead
QUERIES = (
    *string.ascii_lowercase,
    *string.digits,
    *(a + b for a in string.ascii_lowercase for b in string.ascii_lowercase),
)


@dataclass(frozen=True)
class Answer:
    """One query's ranked hits as `SearchIndex.search` pages them."""

    hits: list[tuple[str, float, bool]]  # (paper id, score, mainly in full text), best first
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
    """The answers saved in one index directory, read when first asked."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._data: dict[str, Any] | None = None

    def _loaded(self) -> dict[str, Any]:
        if self._data is None:
            self._data = _read(self._directory)
        return self._data

    def fresh(self, reader: Any) -> bool:
        """True when the answers were computed from the index `reader` reads."""
        return self._loaded().get("stamp") == _as_json(stamp(reader))

    def get(self, query: str, sort: str, need: int, reader: Any) -> Answer | None:
        """The kept answer to `query` when it holds the first `need` hits and the
        index is the one it was computed from, else None."""
        if sort != "relevance" or query not in QUERIES:
            return None
        kept = self._loaded().get("answers", {}).get(query)
        if kept is None or not self.fresh(reader):
            return None
        try:
            answer = Answer(
                [(str(i), float(s), bool(b)) for i, s, b in kept["hits"]],
                int(kept["total"]),
                bool(kept["exact"]),
                None,
                tuple(str(t) for t in kept["terms"]),
                None,
            )
        except (KeyError, TypeError, ValueError):
            return None  # a malformed file: scored live
        return answer if need <= len(answer.hits) or len(answer.hits) >= answer.total else None


def _read(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        return {}
    return data


def _as_json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def costly(reader: Any, completions: Callable[[str], dict[str, int]]) -> list[str]:
    """The `QUERIES` whose expansions' postings in `text` (the bulk of a query's) outnumber
    `COSTLY` times the papers. `completions` gives a prefix's {term: document frequency}
    in `text`; a letter's are the ones a two-letter prefix is estimated from (its most
    frequent completions are among them, or it is cheap)."""
    least = max(reader.doc_count(), 1) * COSTLY

    def postings(found: dict[str, int], prefix: str) -> int:
        counts = sorted((n for t, n in found.items() if t.startswith(prefix)), reverse=True)
        return sum(counts[:PREFIX_EXPANSIONS])

    chosen = []
    for first in (q for q in QUERIES if len(q) == 1):
        found = completions(first)
        if postings(found, first) < least:
            continue
        chosen.append(first)
        chosen += [
            q for q in QUERIES if len(q) == 2 and q[0] == first and postings(found, q) >= least
        ]
    return chosen


def update(
    directory: Path,
    reader: Any,
    completions: Callable[[str], dict[str, int]],
    answer: Callable[[str], Answer | None],
) -> KeptAnswers:
    """Answer the costly queries on the index `reader` reads (in `directory`) and save
    them, atomically. `completions` gives a prefix's completions in `text` (`costly`),
    `answer` a query's first `KEPT_HITS` hits. Answers with a notice or a suggestion are not
    kept (they are for queries finding little)."""
    answers = {}
    for query in costly(reader, completions):
        found = answer(query)
        if found is None or found.notice is not None or found.suggestion is not None:
            continue
        answers[query] = {
            "hits": [list(hit) for hit in found.hits],
            "total": found.total,
            "exact": found.exact,
            "terms": list(found.terms),
        }
    data = {"stamp": stamp(reader), "answers": answers}
    atomic.write_text(directory / FILE_NAME, json.dumps(data, separators=(",", ":")))
    kept = KeptAnswers(directory)
    kept._data = _as_json(data)
    return kept
