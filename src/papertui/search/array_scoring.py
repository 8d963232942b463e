"""`ArrayScorer`: BM25F of boolean term queries over whole posting lists, in numpy.

Whoosh's matcher tree costs ~5-20 µs a posting in Python (a method chain per
posting, a file read per document length), and block-max skipping rarely
helps for common words. Queries that are only `And`/`Or`/`Not` of `Term`s,
with numeric range filters (bare words, prefix and fuzzy expansions, keyword
filters, "related papers") are evaluated here instead, set-at-a-time: each
term's posting list is read whole as arrays (`whoosh_internals.posting_arrays`),
scored in one vectorised expression against per-document length norms loaded
once per searcher, and combined with sorted-array intersections and unions.
No Python object is created per posting, which is what made a common word
cost ~0.3 µs a posting before (see docs/BENCHMARKS.md). Scores are Whoosh's
own BM25F (same idf, average length, quantised lengths, boosts, and the same
order of float operations), so rankings match `Searcher.search`; anything
else (phrases on positional fields, `Every`, ...), and segments not written
with `ArrayCodec`, are scored by Whoosh (`StockScorer`).

Scored terms are cached per searcher (LRU, bounded by postings); a new
searcher, hence a new cache, is opened after every write.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from papertui.search import whoosh_internals as internals
from papertui.search.and_parts import Unsupported, and_parts, is_or
from papertui.search.scoring import _EMPTY_SCORES, EMPTY, Hits, StockScorer

CACHE_POSTINGS = 4_000_000  # scored postings kept per searcher (16 bytes each: ~64 MB)
# An OR's parts this many times shorter than its first are merged into it (a word's
# full-text postings into its title/abstract ones) rather than counted over every doc.
SMALL_PART = 8
DENSE_FROM = 4096  # documents in two lists from which they are matched through a table


class ArrayScorer(StockScorer):
    """Set-at-a-time evaluation over one (immutable) Whoosh searcher."""

    def __init__(self, searcher: Any, B: float = 0.75, K1: float = 1.2) -> None:
        super().__init__(searcher)
        self.B, self.K1 = B, K1
        reader = searcher.reader()
        self.leaves = reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]
        self.readable = all(internals.is_array_segment(seg) for seg, _ in self.leaves)
        self.doc_count = sum(seg.doc_count_all() for seg, _ in self.leaves)
        self.deleted: np.ndarray | None = None  # bool per docnum, None without deletions
        for seg, offset in self.leaves:
            if seg.has_deletions():
                if self.deleted is None:
                    self.deleted = np.zeros(self.doc_count, dtype=bool)
                gone = np.fromiter(internals.deleted_docs(seg), dtype=np.int64)
                self.deleted[gone + offset] = True
        self._norms: dict[str, np.ndarray] = {}
        self._sort_keys_of: dict[str, np.ndarray | None] = {}
        self._column_readers: dict[tuple[str, int], Any] = {}
        self._terms: OrderedDict[tuple[str, str], Hits] = OrderedDict()
        self._cached = 0

    # ---- per-document data ----------------------------------------------------------
    def _norm(self, field: str) -> np.ndarray:
        """K1 * (1 - B + B * length / average length) for every document."""
        norms = self._norms.get(field)
        if norms is None:
            avg = self.searcher.avg_field_length(field) or 1
            K1, B = self.K1, self.B
            table = np.array([K1 * ((1 - B) + B * byte_to_length(b) / avg) for b in range(256)])
            parts = [
                np.frombuffer(internals.length_bytes(seg, field), dtype=np.uint8)
                for seg, _ in self.leaves
            ]
            norms = table[np.concatenate(parts)] if parts else _EMPTY_SCORES
            self._norms[field] = norms
        return norms

    def column(self, field: str) -> Any:
        """Every document's sort value for a column field (cached): an array when numeric."""
        values = self._columns.get(field)
        if values is None:
            column = self.schema[field].column_type
            parts = []
            for seg, _ in self.leaves:
                part = internals.column_values(seg, field, column)
                if part is None:
                    default = column.default_value()
                    count = seg.doc_count_all()
                    numeric = isinstance(default, (int, float))
                    part = np.full(count, default) if numeric else [default] * count
                parts.append(np.asarray(part) if isinstance(part, array) else part)
            if all(isinstance(part, np.ndarray) for part in parts):
                values = np.concatenate(parts) if parts else _EMPTY_SCORES
            else:
                values = [value for part in parts for value in part]
            self._columns[field] = values
        return values

    def _sort_keys(self, field: str) -> np.ndarray | None:
        """Cheap per-document keys of a bytes column (see `bytes_sort_keys`)."""
        if field not in self._sort_keys_of:
            column = self.schema[field].column_type
            parts = [internals.bytes_sort_keys(seg, field, column) for seg, _ in self.leaves]
            ok = parts and all(part is not None for part in parts)
            self._sort_keys_of[field] = np.concatenate(parts) if ok else None
        return self._sort_keys_of[field]

    def _by_value(self, field: str, docs: np.ndarray, reverse: bool, k: int) -> Any:
        """(value, docnum) of the documents whose 8-byte sort key is at or before the
        k-th key (and its ties): only their whole values are read."""
        sort_keys = self._sort_keys(field)
        if sort_keys is None or not len(docs) > k > 0:
            return super()._by_value(field, docs, reverse, k)
        keys = sort_keys[docs]
        if reverse:
            kth = np.partition(keys, len(keys) - k)[len(keys) - k]
            docs = docs[keys >= kth]
        else:
            kth = np.partition(keys, k - 1)[k - 1]
            docs = docs[keys <= kth]
        value = self._value
        return ((value(field, d), d) for d in docs.tolist())

    def _value(self, field: str, docnum: int) -> Any:
        """One document's column value, read from its segment."""
        for number in range(len(self.leaves) - 1, -1, -1):
            seg, offset = self.leaves[number]
            if docnum >= offset:
                reader = self._column_readers.get((field, number))
                if reader is None:  # opening one reads the segment's offsets: keep it
                    reader = self._column_readers[field, number] = seg.column_reader(field)
                return reader[docnum - offset]
        raise IndexError(docnum)

    def forget_terms(self) -> None:
        self._terms.clear()
        self._cached = 0

    # ---- terms --------------------------------------------------------------------
    def term(self, field: str, text: str) -> Hits:
        """Every document holding a term with its BM25F score, deletions left out; cached."""
        key = (field, text)
        hit = self._terms.get(key)
        if hit is not None:
            self._terms.move_to_end(key)
            return hit
        fieldobj = self.schema[field]
        tbytes = fieldobj.to_bytes(text)
        id_parts: list[np.ndarray] = []
        weight_parts: list[np.ndarray] = []
        for seg, offset in self.leaves:
            if (field, tbytes) not in seg:
                continue
            ids, weights = internals.posting_arrays(seg, field, tbytes)
            id_parts.append(ids + offset if offset else ids)
            weight_parts.append(weights)
        if not id_parts:
            hits = EMPTY
        else:
            docs = np.concatenate(id_parts) if len(id_parts) > 1 else id_parts[0]
            weights = np.concatenate(weight_parts) if len(weight_parts) > 1 else weight_parts[0]
            if fieldobj.scorable:
                # idf * (K1 + 1) * w / (w + K1 * (1 - B + B * length / average)), as Whoosh
                factor = self.searcher.idf(field, text) * (self.K1 + 1)
                scores = self._norm(field)[docs]  # in place from here: no temporaries
                scores += weights
                np.divide(weights, scores, out=scores)
                scores *= factor
            else:
                scores = weights
            hits = Hits(docs, scores)
            if self.deleted is not None:
                hits = hits.take(~self.deleted[docs])
        self._terms[key] = hits
        self._cached += len(hits)
        while self._cached > CACHE_POSTINGS and len(self._terms) > 1:
            _, old = self._terms.popitem(last=False)
            self._cached -= len(old)
        return hits

    # ---- queries ------------------------------------------------------------------
    def evaluate(self, q: wq.Query) -> Hits:
        """Every matching document with its score."""
        if self.readable:
            try:
                return self._evaluate(q)
            except Unsupported:
                pass
        return super().evaluate(q)

    def _evaluate(self, q: wq.Query) -> Hits:
        """Every matching document with its score; raises `Unsupported`."""
        if isinstance(q, wq.Term):
            if q.fieldname not in self.schema:
                return EMPTY
            return self.term(q.fieldname, q.text).boosted(q.boost)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return EMPTY
        if isinstance(q, wq.And):
            return self._and(q.subqueries)
        if is_or(q):
            parts = sorted(self._parts(q, None), key=len, reverse=True)
            return self._union(parts).boosted(q.boost)
        raise Unsupported(type(q).__name__)

    def _parts(self, q: wq.Query, within: np.ndarray | None) -> Any:
        """Each of an Or's children's hits, boosted; `within` restricts nested Ors."""
        for sub in q.subqueries:
            if isinstance(sub, wq.Term):
                known = sub.fieldname in self.schema
                yield (self.term(sub.fieldname, sub.text) if known else EMPTY).boosted(sub.boost)
            elif within is not None and is_or(sub):
                yield self._or_within(sub, within)
            else:
                yield self._evaluate(sub)

    def _union(self, parts: list[Hits]) -> Hits:
        """Documents in any part, with their scores summed in the parts' order."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return EMPTY
        if len(parts) == 1:
            return parts[0]
        if all(len(p) * SMALL_PART < len(parts[0]) for p in parts[1:]):
            merged = parts[0]
            for part in parts[1:]:
                merged = _merge_small(merged, part)
            return merged
        docs = np.concatenate([p.docs for p in parts])
        scores = np.concatenate([p.scores for p in parts])
        if len(docs) * 16 < self.doc_count:  # few postings: sort them
            unique, where = np.unique(docs, return_inverse=True)
            return Hits(unique, np.bincount(where, weights=scores, minlength=len(unique)))
        summed = np.bincount(docs, weights=scores, minlength=self.doc_count)
        present = np.zeros(self.doc_count, dtype=bool)
        present[docs] = True
        unique = np.flatnonzero(present)
        return Hits(unique, summed[unique])

    def _or_within(self, q: wq.Query, keys: np.ndarray) -> Hits:
        """An Or's hits among the documents `keys` only (an And's other parts)."""
        inside = np.zeros(self.doc_count, dtype=bool)
        inside[keys] = True
        parts = [part.take(inside[part.docs]) for part in self._parts(q, keys)]
        return self._union(parts).boosted(q.boost)

    def _and(self, subqueries: list[wq.Query]) -> Hits:
        parts = and_parts(subqueries, self._evaluate, self._has_column)
        docs, total = parts.positive[0].docs, parts.positive[0].scores
        for part in parts.positive[1:]:
            if not len(docs):
                break
            found, at = _locate(docs, part.docs)
            docs, total = docs[found], total[found] + part.scores[at[found]]
        for part in parts.negative:
            keep = ~_member(docs, part.docs)
            docs, total = docs[keep], total[keep]
        for rq in parts.ranges:
            keep = self._in_range(docs, rq)
            docs, total = docs[keep], total[keep]
        for union in parts.unions:
            restricted = self._or_within(union, docs)
            keep = _member(docs, restricted.docs)
            docs, total = restricted.docs, total[keep] + restricted.scores
        return Hits(docs, total)

    def _has_column(self, field: str) -> bool:
        return field in self.schema and self.schema[field].column_type is not None

    def _in_range(self, docs: np.ndarray, rq: wq.NumericRange) -> np.ndarray:
        values = np.asarray(self.column(rq.fieldname))[docs]
        keep = np.ones(len(docs), dtype=bool)
        if rq.start is not None:
            keep &= values > rq.start if rq.startexcl else values >= rq.start
        if rq.end is not None:
            keep &= values < rq.end if rq.endexcl else values <= rq.end
        return keep


def _locate(docs: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of `docs`: whether it is in `among` (both ascending), and where."""
    if not len(among) or not len(docs):
        return np.zeros(len(docs), dtype=bool), np.zeros(len(docs), dtype=np.int64)
    if len(docs) + len(among) < DENSE_FROM:
        at = np.minimum(np.searchsorted(among, docs), len(among) - 1)
        return among[at] == docs, at
    # a table of every document number up to the last: ~10x faster than a binary search
    # per document once the lists are long (they are sorted, but scattered in memory)
    where = np.full(int(max(docs[-1], among[-1])) + 1, -1, dtype=np.int64)
    where[among] = np.arange(len(among))
    at = where[docs]
    found = at >= 0
    return found, np.maximum(at, 0)


def _merge_small(big: Hits, small: Hits) -> Hits:
    """The union of `big` and a much shorter `small`, scores summed (big's first)."""
    found, at = _locate(small.docs, big.docs)
    scores = big.scores.copy()
    scores[at[found]] += small.scores[found]
    if found.all():
        return Hits(big.docs, scores)
    missing = ~found
    where = np.searchsorted(big.docs, small.docs[missing])
    return Hits(
        np.insert(big.docs, where, small.docs[missing]),
        np.insert(scores, where, small.scores[missing]),
    )


def _member(docs: np.ndarray, among: np.ndarray) -> np.ndarray:
    if len(docs) + len(among) < DENSE_FROM or not len(among) or not len(docs):
        return _locate(docs, among)[0]
    inside = np.zeros(int(max(docs[-1], among[-1])) + 1, dtype=bool)
    inside[among] = True
    return inside[docs]
