"""Scoring a parsed query: every match with its BM25F score, then the best k.

`StockScorer` asks Whoosh's own searcher for every match (no top-k pruning:
Whoosh's collector can drop hits with boosted ORs, see docs/BENCHMARKS.md),
reading nothing but Whoosh's public API; `array_scoring.ArrayScorer` computes
the same scores from whole posting lists in numpy (and `plain_scoring.PlainScorer`
in plain Python, for one-shot queries with few postings). Both hand back `Hits` and
share the ordering (best first, ties by lower docnum, as Whoosh), so rankings
do not depend on which one scored.
"""

from __future__ import annotations

from heapq import nlargest, nsmallest
from typing import Any

import numpy as np
from whoosh import columns
from whoosh import query as wq

_EMPTY_DOCS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


class Hits:
    """Matching documents: ascending unique docnums with their scores (parallel arrays).

    Never modified in place: a cached term's `Hits` is shared between queries.
    """

    __slots__ = ("docs", "scores")

    def __init__(self, docs: np.ndarray, scores: np.ndarray) -> None:
        self.docs = docs
        self.scores = scores

    def __len__(self) -> int:
        return len(self.docs)

    def take(self, keep: np.ndarray) -> Hits:
        """The hits selected by a boolean mask or index array."""
        return Hits(self.docs[keep], self.scores[keep])

    def boosted(self, boost: float) -> Hits:
        return self if boost == 1.0 else Hits(self.docs, self.scores * boost)


EMPTY = Hits(_EMPTY_DOCS, _EMPTY_SCORES)


class StockScorer:
    """Scores with Whoosh's own searcher (`searcher.search`, every match)."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        self._columns: dict[str, Any] = {}

    def evaluate(self, q: wq.Query) -> Hits:
        """Every matching document with its score."""
        found = self.searcher.search(q, limit=None, optimize=False)
        if not found.scored_length():
            return EMPTY
        top = found.top_n  # (score, docnum), best first
        docs = np.fromiter((d for _, d in top), dtype=np.int64, count=len(top))
        scores = np.fromiter((s or 0.0 for s, _ in top), dtype=np.float64, count=len(top))
        order = np.argsort(docs)
        return Hits(docs[order], scores[order])

    def forget_terms(self) -> None:
        """Drop cached term scores (this scorer keeps none)."""

    def scored(self, hits: Hits) -> dict[int, float]:
        """{docnum: score} of the hits."""
        return dict(zip(hits.docs.tolist(), hits.scores.tolist(), strict=True))

    # ---- per-document data ----------------------------------------------------------
    def column(self, field: str) -> Any:
        """Every document's value of a column field (cached): an array when numeric."""
        values = self._columns.get(field)
        if values is None:
            everything = list(self.searcher.reader().column_reader(field))
            numeric = not isinstance(self.schema[field].column_type, columns.VarBytesColumn)
            values = np.asarray(everything) if numeric else everything
            self._columns[field] = values
        return values

    def _by_value(self, field: str, docs: np.ndarray, reverse: bool, k: int) -> Any:
        """(value, docnum) of the documents that can be among the first k by a bytes
        column's value: here all of them."""
        values = self.column(field)
        return zip(map(values.__getitem__, docs.tolist()), docs.tolist(), strict=True)

    # ---- ordering -----------------------------------------------------------------
    def top(self, hits: Hits, k: int) -> list[tuple[int, float]]:
        """The k best (docnum, score), ties broken by lower docnum like Whoosh."""
        docs, scores = hits.docs, hits.scores
        if k <= 0 or not len(docs):
            return []
        if len(docs) > k:
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            chosen = np.flatnonzero(scores >= kth)  # every tie at the cut, to order by docnum
            docs, scores = docs[chosen], scores[chosen]
        order = np.lexsort((docs, -scores))[:k]
        return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))

    def sorted_by(self, hits: Hits, field: str, reverse: bool, k: int) -> list[int]:
        """The first k of the hits by a column's value (ties: lower docnum first)."""
        docs = hits.docs
        if not isinstance(self.schema[field].column_type, columns.VarBytesColumn):
            keys = np.asarray(self.column(field))[docs].astype(np.float64)
            ranked = Hits(docs, keys if reverse else -keys)
            return [d for d, _ in self.top(ranked, k)]
        pairs = self._by_value(field, docs, reverse, k)
        if reverse:
            return [d for _, d in nlargest(k, pairs, key=lambda p: (p[0], -p[1]))]
        return [d for _, d in nsmallest(k, pairs)]
