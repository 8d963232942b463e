"""`PlainScorer`: `ArrayScorer`'s scores in plain Python, for queries with few postings.

A process that answers one query (`papertui search`) spends more on importing
numpy (0.1-0.25 s) than on scoring a few thousand postings without it. Here
the queries `ArrayScorer` evaluates (`And`/`Or`/`Not` of `Term`s, numeric range
filters) are evaluated with dicts {docnum: score}, computing each score with
the same float operations in the same order (term scores, sums in the parts'
order, boosts), so the scores are equal to the last bit and the rankings too
(tests/test_search_plain_scoring.py compares them). A query with more than
`most_postings` postings, or a part only Whoosh can evaluate, goes whole to the
scorer given as `arrays` (which imports numpy then), as do its hits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from heapq import nlargest, nsmallest
from itertools import compress
from typing import TYPE_CHECKING, Any

from whoosh import columns
from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from papertui.search import whoosh_internals as internals
from papertui.search.and_parts import Unsupported, and_parts, is_or

if TYPE_CHECKING:
    from papertui.search.scoring import Hits, StockScorer

# Postings (summed document frequencies of a query's terms) scored here at most:
# 1.1-1.7 µs each, so the largest such query costs about what importing numpy and
# scoring with it do (~0.15 s; docs/BENCHMARKS.md).
PLAIN_POSTINGS = 120_000
# Hits ordered here by a text column at most (one column read per hit).
PLAIN_TEXT_SORT = 5_000

Scores = dict[int, float]  # docnum: score
_EMPTY: Scores = {}


class PlainScorer:
    """Set-at-a-time evaluation over one (immutable) Whoosh searcher, in plain Python."""

    def __init__(
        self,
        searcher: Any,
        arrays: Callable[[], StockScorer],
        B: float = 0.75,
        K1: float = 1.2,
        most_postings: int = PLAIN_POSTINGS,
    ) -> None:
        self.searcher = searcher
        self.most_postings = most_postings
        self.schema = searcher.schema
        self.B, self.K1 = B, K1
        self._arrays = arrays
        reader = searcher.reader()
        self.leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
        self.readable = all(internals.is_array_segment(seg) for seg, _ in self.leaves)
        self._deleted: set[int] | None = None
        self._norms: dict[str, tuple[list[float], bytes]] = {}
        self._columns: dict[str, list[Any]] = {}
        self._terms: dict[tuple[str, str], Scores] = {}

    # ---- the interface of `StockScorer` ------------------------------------------------
    def evaluate(self, q: wq.Query) -> Scores | Hits:
        """Every matching document with its score."""
        if self.readable:
            try:
                if self._postings(q) <= self.most_postings:
                    return self._evaluate(q)
            except Unsupported:
                pass
        return self._arrays().evaluate(q)

    def top(self, hits: Scores | Hits, k: int) -> list[tuple[int, float]]:
        """The k best (docnum, score), ties broken by lower docnum like Whoosh."""
        if not isinstance(hits, dict):
            return self._arrays().top(hits, k)
        if k <= 0:
            return []
        if len(hits) > k:
            kth = nlargest(k, hits.values())[-1]
            chosen = [(d, s) for d, s in hits.items() if s >= kth]  # every tie at the cut
        else:
            chosen = list(hits.items())
        chosen.sort(key=lambda pair: (-pair[1], pair[0]))
        return chosen[:k]

    def sorted_by(self, hits: Scores | Hits, field: str, reverse: bool, k: int) -> list[int]:
        """The first k of the hits by a column's value (ties: lower docnum first)."""
        if not isinstance(hits, dict):
            return self._arrays().sorted_by(hits, field, reverse, k)
        if not isinstance(self.schema[field].column_type, columns.VarBytesColumn):
            values = self.column(field)
            keys = {d: float(values[d]) for d in hits}
            ranked = keys if reverse else {d: -key for d, key in keys.items()}
            return [d for d, _ in self.top(ranked, k)]
        if len(hits) > PLAIN_TEXT_SORT:
            return self._arrays().sorted_by(_as_hits(hits), field, reverse, k)
        reader = self.searcher.reader().column_reader(field)
        pairs = [(reader[d], d) for d in hits]
        if reverse:
            return [d for _, d in nlargest(k, pairs, key=lambda p: (p[0], -p[1]))]
        return [d for _, d in nsmallest(k, pairs)]

    def scored(self, hits: Scores | Hits) -> Scores:
        return hits if isinstance(hits, dict) else self._arrays().scored(hits)

    def forget_terms(self) -> None:
        self._terms.clear()

    def column(self, field: str) -> list[Any]:
        """Every document's value of a column field (cached)."""
        values = self._columns.get(field)
        if values is None:
            column = self.schema[field].column_type
            values = []
            for seg, _ in self.leaves:
                part = internals.column_values(seg, field, column)
                if part is None:
                    part = [column.default_value()] * seg.doc_count_all()
                values.extend(part)
            self._columns[field] = values
        return values

    # ---- sizing -------------------------------------------------------------------
    def _postings(self, q: wq.Query) -> int:
        """The postings the query's terms have; raises `Unsupported` for a query
        `_evaluate` cannot answer."""
        return sum(
            seg.doc_frequency(field, tbytes)
            for field, tbytes in self._term_bytes(q)
            for seg, _ in self.leaves
            if (field, tbytes) in seg
        )

    def _term_bytes(self, q: wq.Query) -> Iterator[tuple[str, bytes]]:
        if isinstance(q, wq.Term):
            if q.fieldname in self.schema:
                yield q.fieldname, self.schema[q.fieldname].to_bytes(q.text)
        elif isinstance(q, wq.And | wq.Or | wq.Not):
            for sub in q.children():
                yield from self._term_bytes(sub)
        elif not isinstance(q, wq.NumericRange | type(wq.NullQuery)) and q is not wq.NullQuery:
            raise Unsupported(type(q).__name__)

    # ---- per-document data ----------------------------------------------------------
    def _norm(self, field: str) -> tuple[list[float], bytes]:
        """(K1 * (1 - B + B * length / average length) for each of the 256 quantised
        lengths, each document's quantised length)."""
        norms = self._norms.get(field)
        if norms is None:
            avg = self.searcher.avg_field_length(field) or 1
            K1, B = self.K1, self.B
            table = [K1 * ((1 - B) + B * byte_to_length(b) / avg) for b in range(256)]
            lengths = b"".join(internals.length_bytes(seg, field) for seg, _ in self.leaves)
            norms = self._norms[field] = (table, lengths)
        return norms

    def _deleted_docs(self) -> set[int]:
        if self._deleted is None:
            self._deleted = {
                d + offset
                for seg, offset in self.leaves
                if seg.has_deletions()
                for d in internals.deleted_docs(seg)
            }
        return self._deleted

    # ---- terms --------------------------------------------------------------------
    def term(self, field: str, text: str, among: Scores | None = None) -> Scores:
        """Every document holding a term with its BM25F score, deletions left out;
        cached. With `among`, only those documents (scored, not cached)."""
        found = self._terms.get((field, text))
        if found is not None:
            return found if among is None else {d: s for d, s in found.items() if d in among}
        fieldobj = self.schema[field]
        tbytes = fieldobj.to_bytes(text)
        found = {}
        for seg, offset in self.leaves:
            if (field, tbytes) not in seg:
                continue
            ids, weights = internals.posting_lists(seg, field, tbytes)
            if offset:
                ids = [d + offset for d in ids]
            if among is not None:
                keep = [d in among for d in ids]
                ids, weights = list(compress(ids, keep)), list(compress(weights, keep))
            if fieldobj.scorable:
                # idf * (K1 + 1) * w / (w + K1 * (1 - B + B * length / average)), as
                # ArrayScorer: the same operations in the same order, so the same floats
                factor = self.searcher.idf(field, text) * (self.K1 + 1)
                table, lengths = self._norm(field)
                norms = map(table.__getitem__, map(lengths.__getitem__, ids))
                weights = [w / (n + w) * factor for n, w in zip(norms, weights, strict=True)]
            found.update(zip(ids, weights, strict=True))
        for d in [d for d in self._deleted_docs() if d in found]:
            del found[d]
        if among is None:
            self._terms[field, text] = found
        return found

    # ---- queries: `ArrayScorer`'s, step by step -----------------------------------------
    def _evaluate(self, q: wq.Query) -> Scores:
        if isinstance(q, wq.Term):
            if q.fieldname not in self.schema:
                return _EMPTY
            return _boosted(self.term(q.fieldname, q.text), q.boost)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return _EMPTY
        if isinstance(q, wq.And):
            return self._and(q.subqueries)
        if is_or(q):
            parts = sorted(self._parts(q, None), key=len, reverse=True)
            return _boosted(_union(parts), q.boost)
        raise Unsupported(type(q).__name__)

    def _parts(self, q: wq.Query, within: Scores | None) -> Iterator[Scores]:
        """Each of an Or's children's hits, boosted; with `within`, among those only."""
        for sub in q.subqueries:
            if isinstance(sub, wq.Term):
                known = sub.fieldname in self.schema
                part = self.term(sub.fieldname, sub.text, within) if known else _EMPTY
                yield _boosted(part, sub.boost)
            elif within is not None and is_or(sub):
                yield self._or_within(sub, within)
            elif within is not None:
                yield {d: s for d, s in self._evaluate(sub).items() if d in within}
            else:
                yield self._evaluate(sub)

    def _or_within(self, q: wq.Query, keys: Scores) -> Scores:
        return _boosted(_union(list(self._parts(q, keys))), q.boost)

    def _and(self, subqueries: list[wq.Query]) -> Scores:
        parts = and_parts(subqueries, self._evaluate, self._has_column)
        total = parts.positive[0]
        for part in parts.positive[1:]:
            if not total:
                break
            total = {d: s + part[d] for d, s in total.items() if d in part}
        for part in parts.negative:
            total = {d: s for d, s in total.items() if d not in part}
        for rq in parts.ranges:
            values = self.column(rq.fieldname)
            total = {d: s for d, s in total.items() if _in_range(values[d], rq)}
        for union in parts.unions:
            restricted = self._or_within(union, total)
            total = {d: total[d] + s for d, s in restricted.items()}
        return total

    def _has_column(self, field: str) -> bool:
        return field in self.schema and self.schema[field].column_type is not None


def _boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _union(parts: list[Scores]) -> Scores:
    """Documents in any part, with their scores summed in the parts' order."""
    parts = [p for p in parts if p]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    summed = dict(parts[0])
    for part in parts[1:]:
        for d, s in part.items():
            summed[d] = summed[d] + s if d in summed else s
    return summed


def _in_range(value: Any, rq: wq.NumericRange) -> bool:
    if rq.start is not None and not (value > rq.start if rq.startexcl else value >= rq.start):
        return False
    return rq.end is None or (value < rq.end if rq.endexcl else value <= rq.end)


def _as_hits(scores: Scores) -> Hits:
    import numpy as np

    from papertui.search.scoring import Hits

    docs = sorted(scores)
    return Hits(np.array(docs, dtype=np.int64), np.array([scores[d] for d in docs]))
