"""Bulk BM25F evaluation of boolean term queries over a Whoosh searcher.

Whoosh's matcher tree costs ~5-20 µs a posting in Python (a method chain per
posting, a file read per document length), and block-max skipping rarely
helps for common words. Queries that are only `And`/`Or`/`Not` of `Term`s,
with numeric range filters (bare words, prefix and fuzzy expansions, keyword
filters, "related papers") are evaluated here instead, set-at-a-time: each
term's posting list is read whole (`postings`), scored with C-level `map`s
against per-document length norms loaded once per searcher, and combined
with dict/set operations. Scores are Whoosh's own BM25F (same idf, average
length, quantised lengths, boosts), so rankings match `Searcher.search`;
anything else (phrases on positional fields, `Every`, ...) raises
`Unsupported` and goes through Whoosh.

Scored terms are cached per searcher (LRU, bounded by postings); a new
searcher, hence a new cache, is opened after every write.
"""

from __future__ import annotations

from collections import OrderedDict
from heapq import nlargest
from itertools import compress, repeat
from operator import add, mul, neg, truediv
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from papertui.search.postings import column_values, read_postings

CACHE_POSTINGS = 600_000  # scored postings kept per searcher (dicts, ~100 bytes each)
Scores = dict[int, float]


class Unsupported(Exception):
    """The query has a part only Whoosh's own matchers can evaluate."""


class FastSearcher:
    """Set-at-a-time evaluation over one (immutable) Whoosh searcher."""

    def __init__(self, searcher: Any, B: float = 0.75, K1: float = 1.2) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        self.B, self.K1 = B, K1
        reader = searcher.reader()
        self.leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
        self.deleted: set[int] = set()
        for seg, offset in self.leaves:
            if seg.has_deletions():
                self.deleted.update(offset + d for d in seg._perdoc.deleted_docs())
        self._norms: dict[str, list[float]] = {}
        self._columns: dict[str, list] = {}
        self._terms: OrderedDict[tuple[str, str], Scores] = OrderedDict()
        self._cached = 0

    # ---- per-document data ----------------------------------------------------------
    def _norm(self, field: str) -> list[float]:
        """K1 * (1 - B + B * length / average length) for every document."""
        norms = self._norms.get(field)
        if norms is None:
            avg = self.searcher.avg_field_length(field) or 1
            K1, B = self.K1, self.B
            table = [K1 * ((1 - B) + B * byte_to_length(b) / avg) for b in range(256)]
            norms = []
            for seg, _ in self.leaves:
                lengths = column_values(seg, _lenfield(field), LENGTHS_COLUMN)
                if lengths is None:
                    lengths = bytes(seg.doc_count_all())
                norms.extend([table[b] for b in lengths])
            self._norms[field] = norms
        return norms

    def column(self, field: str) -> list:
        """Every document's sort value for a column field (cached)."""
        values = self._columns.get(field)
        if values is None:
            column = self.schema[field].column_type
            values = []
            for seg, _ in self.leaves:
                part = column_values(seg, field, column)
                values.extend(
                    part if part is not None else [column.default_value()] * seg.doc_count_all()
                )
            self._columns[field] = values
        return values

    def forget_terms(self) -> None:
        self._terms.clear()
        self._cached = 0

    # ---- terms --------------------------------------------------------------------
    def term(self, field: str, text: str) -> Scores:
        """{docnum: BM25F score} of one term, deleted documents left out; cached."""
        key = (field, text)
        hit = self._terms.get(key)
        if hit is not None:
            self._terms.move_to_end(key)
            return hit
        fieldobj = self.schema[field]
        tbytes = fieldobj.to_bytes(text)
        ids: list[int] = []
        weights: list[float] = []
        for seg, offset in self.leaves:
            if (field, tbytes) not in seg:
                continue
            seg_ids, seg_weights = read_postings(seg, field, tbytes)
            ids += map(add, seg_ids, repeat(offset)) if offset else seg_ids
            weights += seg_weights
        if fieldobj.scorable and ids:
            # idf * w * (K1 + 1) / (w + K1 * (1 - B + B * length / average)), in C loops
            factor = self.searcher.idf(field, text) * (self.K1 + 1)
            norm = self._norm(field)
            ratios = map(truediv, weights, map(add, weights, map(norm.__getitem__, ids)))
            scores: Scores = dict(zip(ids, map(mul, ratios, repeat(factor)), strict=True))
        else:
            scores = dict(zip(ids, weights, strict=True))
        for docnum in self.deleted.intersection(scores) if self.deleted else ():
            del scores[docnum]
        self._terms[key] = scores
        self._cached += len(scores)
        while self._cached > CACHE_POSTINGS and len(self._terms) > 1:
            _, old = self._terms.popitem(last=False)
            self._cached -= len(old)
        return scores

    # ---- queries ------------------------------------------------------------------
    def evaluate(self, q: wq.Query) -> Scores:
        """{docnum: score} of every matching document; raises `Unsupported`."""
        if isinstance(q, wq.Term):
            if q.fieldname not in self.schema:
                return {}
            return _boosted(self.term(q.fieldname, q.text), q.boost)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return {}
        if isinstance(q, wq.And):
            return self._and(q.subqueries)
        if _is_or(q):
            parts = sorted(
                ((p, b) for p, b in self._parts(q, None) if p), key=lambda pb: -len(pb[0])
            )
            if not parts:
                return {}
            first, boost = parts[0]
            out = dict(first) if boost == 1.0 else {d: s * boost for d, s in first.items()}
            for part, boost in parts[1:]:
                get = out.get
                out.update({d: get(d, 0.0) + s * boost for d, s in part.items()})
            return _boosted(out, q.boost)
        raise Unsupported(type(q).__name__)

    def _parts(self, q: wq.Query, within: Any) -> Any:
        """(scores, boost) of an Or's children; `within` restricts nested Ors to those docs."""
        for sub in q.subqueries:
            if isinstance(sub, wq.Term):
                yield (
                    (self.term(sub.fieldname, sub.text) if sub.fieldname in self.schema else {}),
                    sub.boost,
                )
            elif within is not None and _is_or(sub):
                yield self._or_within(sub, within), 1.0
            else:
                yield self.evaluate(sub), 1.0

    def _or_within(self, q: wq.Query, keys: Any) -> Scores:
        """An Or's scores for the documents in `keys` only (an And's other parts)."""
        out: Scores = {}
        for part, boost in self._parts(q, keys):
            get = out.get
            out.update({d: get(d, 0.0) + part[d] * boost for d in part.keys() & keys})
        return _boosted(out, q.boost)

    def _and(self, subqueries: list[wq.Query]) -> Scores:
        positive: list[Scores] = []
        negative: list[Scores] = []
        ranges: list[wq.NumericRange] = []
        unions: list[wq.Query] = []  # evaluated last, only over the other parts' matches
        for sub in subqueries:
            if isinstance(sub, wq.Not):
                negative.append(self.evaluate(sub.query))
            elif isinstance(sub, wq.NumericRange) and self._has_column(sub.fieldname):
                ranges.append(sub)
            elif _is_or(sub):
                unions.append(sub)
            else:
                positive.append(self.evaluate(sub))
        if not positive:
            if not unions:
                raise Unsupported("only negations")
            positive.append(self.evaluate(unions.pop(0)))
        positive.sort(key=len)
        keys: Any = positive[0].keys()
        for part in positive[1:]:
            keys = keys & part.keys()
        for part in negative:
            keys = keys - part.keys()
        for rq in ranges:
            keys = self._in_range(keys, rq)
        for union in unions:
            restricted = self._or_within(union, keys)
            keys = restricted.keys()
            positive.append(restricted)
        if len(positive) == 1:
            first = positive[0]
            return {d: first[d] for d in keys} if (negative or ranges) else first
        if len(positive) == 2:
            a, b = positive
            return {d: a[d] + b[d] for d in keys}
        if len(positive) == 3:
            a, b, c = positive
            return {d: a[d] + b[d] + c[d] for d in keys}
        return {d: sum(p[d] for p in positive) for d in keys}

    def _has_column(self, field: str) -> bool:
        return field in self.schema and self.schema[field].column_type is not None

    def _in_range(self, keys: Any, rq: wq.NumericRange) -> set[int]:
        values = self.column(rq.fieldname)
        lo = float("-inf") if rq.start is None else rq.start
        hi = float("inf") if rq.end is None else rq.end
        if rq.startexcl or rq.endexcl:
            return {
                d
                for d in keys
                if (lo < values[d] if rq.startexcl else lo <= values[d])
                and (values[d] < hi if rq.endexcl else values[d] <= hi)
            }
        return {d for d in keys if lo <= values[d] <= hi}

    def top(self, scores: Scores, k: int) -> list[tuple[int, float]]:
        """The k best (docnum, score), ties broken by docnum like Whoosh."""
        n = len(scores)
        if n > 8 * k + 1000:
            # Cut with a threshold from a sample (C-level filtering), then rank the rest.
            values = list(scores.values())
            step = max(1, n // 2000)
            sample = sorted(values[::step], reverse=True)
            cut = sample[min(len(sample) - 1, (3 * k) // step + 2)]
            keys = list(compress(scores.keys(), map(cut.__le__, values)))
            if len(keys) >= k:
                scores = {d: scores[d] for d in keys}
        best = nlargest(k, zip(scores.values(), map(neg, scores.keys()), strict=True))
        return [(-negdoc, score) for score, negdoc in best]

    def sorted_by(self, docs: Any, field: str, reverse: bool, k: int) -> list[int]:
        """The first k of `docs` by a column's value (ties: lower docnum first)."""
        values = self.column(field)
        docs = list(docs)
        if reverse and values and isinstance(values[0], (int, float)):
            keys = dict(zip(docs, map(values.__getitem__, docs), strict=True))
            return [d for d, _ in self.top(keys, k)]
        keyed = sorted(zip(map(values.__getitem__, docs), docs, strict=True))
        if reverse:
            keyed.sort(key=lambda pair: (pair[0], -pair[1]), reverse=True)
        return [d for _, d in keyed[:k]]


def _is_or(q: wq.Query) -> bool:
    return type(q) is wq.Or


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}
