"""`SegmentBuilder`: the writer of rebuilds, whole Whoosh segments in one pass.

Whoosh's `SegmentWriter` pushes every posting through a pickling external
sort (`PostingPool`), then reads each document's field length back from disk
per posting while writing; at ~150 postings a paper that caps a rebuild at a
few hundred papers/s. Here postings are gathered in memory per term (arrays),
documents are numbered in order so each posting list is already sorted, and
the posting blocks are written exactly as `ArrayCodec` (W3 blocks, block and
term statistics) writes them, so the result is a normal Whoosh index read by
Whoosh's reader, searcher and merger (`test_search_writers` compares it with
Whoosh's own writer's). The segment is not assembled into a compound file (no
copy at the end). Whoosh's files are written through
`whoosh_internals.RawSegment`.

Memory: about 10 bytes a posting until the segment is written (~150 MB at
100k papers); `SEGMENT_DOCS` bounds it for larger libraries.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter
from typing import Any

from whoosh.index import Index
from whoosh.util.numeric import byte_to_length, length_to_byte

from papertui.search.analysis import SECTION, WORD, stem_term
from papertui.search.blocks import encode_block
from papertui.search.related import pick_key_terms
from papertui.search.whoosh_internals import (
    RawSegment,
    TermStats,
    block_header,
    write_posting_list,
)

SEGMENT_DOCS = 250_000  # documents per segment (bounds memory on huge rebuilds)
BLOCK = 128  # postings per block, as W3Codec writes them
# Lists without per-posting values (`text`, keywords) are only ever read whole
# (`blocks.posting_arrays`), where each block costs a zlib call and a pickle
# load: bigger blocks decode ~40% faster. Whoosh's matchers read any block size.
WIDE_BLOCK = 1024
_BIG_ENDIAN_UINT = array("I", [1]).tobytes() == b"\x00\x00\x00\x01"


def combined_terms(
    value: str, boosts: tuple[float, ...], keys: dict[str, Any] | None = None
) -> tuple[int, dict[str, list]]:
    """(length, {term: [freq, weight]}) of a `SECTION`-joined value, as `COMBINED` analyses it.

    With `keys`, also fills keys["title"] (part 0's terms in order) and
    keys["abstract"] (part 2's term counts) for `pick_key_terms`.
    """
    stats: dict[str, list] = {}
    length = 0
    get = stats.get
    for number, part in enumerate(value.split(SECTION)):
        boost = boosts[number] if number < len(boosts) else 1.0
        terms = [t for t in map(stem_term, WORD.findall(part)) if t is not None]
        length += len(terms)
        if keys is not None and number == 0:
            keys["title"] = terms
        elif keys is not None and number == 2:
            keys["abstract"] = Counter(terms)
        for term in terms:
            entry = get(term)
            if entry is None:
                stats[term] = [1, boost]
            else:
                entry[0] += 1
                entry[1] += boost
    return length, stats


class _Postings:
    __slots__ = ("freqs", "ids", "values", "weights")

    def __init__(self, size: int | None) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.freqs = array("I") if size == 4 else None  # Frequency: a 4-byte count each
        self.values: list[bytes] | None = [] if size not in (0, 4) else None


class SegmentBuilder:
    """`add(doc)` for each document, then `commit()`. Holds the index write lock."""

    def __init__(
        self, ix: Index, combined: dict[str, tuple[float, ...]], keyterms_from: str = ""
    ) -> None:
        self.ix = ix
        self.schema = ix.schema
        self.combined = combined  # field name -> section boosts, analysed inline
        self.keyterms_from = keyterms_from  # the combined field "keyterms" are picked from
        self.count = 0
        self._segment: RawSegment | None = None

    def _start(self) -> RawSegment:
        self._segment = RawSegment(self.ix)
        self._posts: dict[str, dict[Any, _Postings]] = {}
        self._lengths: dict[str, array] = {}
        return self._segment

    def add(self, doc: dict[str, Any]) -> None:
        segment = self._segment or self._start()
        schema = self.schema
        docnum = segment.start_doc()
        # combined fields first: they fill in "keyterms" when it was left to us
        for name in sorted(doc, key=lambda n: (n not in self.combined, n)):
            value = doc[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                posts = self._posts.get(name)
                if posts is None:
                    posts = self._posts[name] = {}
                size = field.format.fixed_value_size()
                if name in self.combined:  # str keys, encoded when written
                    wanted = name == self.keyterms_from and doc.get("keyterms", "") is None
                    keys: dict[str, Any] | None = {} if wanted else None
                    length, stats = combined_terms(value, self.combined[name], keys)
                    if keys is not None:
                        picked = pick_key_terms(keys.get("title", []), keys.get("abstract", {}))
                        doc["keyterms"] = " ".join(picked)
                    for term, (freq, weight) in stats.items():
                        entry = posts.get(term)
                        if entry is None:
                            entry = posts[term] = _Postings(size)
                        entry.ids.append(docnum)
                        entry.weights.append(weight)
                        if entry.freqs is not None:
                            entry.freqs.append(freq)
                else:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        entry = posts.get(tbytes)
                        if entry is None:
                            entry = posts[tbytes] = _Postings(size)
                        entry.ids.append(docnum)
                        entry.weights.append(weight)
                        if entry.freqs is not None:
                            entry.freqs.append(freq)
                        elif entry.values is not None:
                            entry.values.append(vbytes)
                if field.scorable:
                    lengths = self._lengths.get(name)
                    if lengths is None:
                        lengths = self._lengths[name] = array("I")
                    lengths.extend([0] * (docnum + 1 - len(lengths)))
                    lengths[docnum] = byte_to_length(length_to_byte(length)) if length else 0
            segment.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column is not None:
                segment.add_column_value(name, column, field.to_column_value(value))
        segment.finish_doc()
        self.count += 1
        if segment.doc_count >= SEGMENT_DOCS:
            self._finish_segment()

    def _finish_segment(self) -> None:
        segment = self._segment
        if segment is None:
            return
        segment.close_documents()
        for name in sorted(self._posts):
            postfile = segment.start_field(name, self.schema[name])
            lengths = self._lengths.get(name)
            posts = self._posts[name]
            for term in sorted(posts):  # str order is UTF-8 byte order
                offset = postfile.tell()
                stats = _write_term(postfile, posts[term], lengths)
                tbytes = term.encode() if isinstance(term, str) else term
                segment.add_term(tbytes, stats, offset, postfile.tell() - offset)
            segment.finish_field()
        segment.commit()
        self._segment = None
        self._posts = {}
        self._lengths = {}

    def commit(self) -> None:
        self._finish_segment()

    def cancel(self) -> None:
        if self._segment is not None:
            self._segment.cancel()
            self._segment = None


def _write_term(postfile: Any, post: _Postings, lengths: array | None) -> TermStats:
    ids, weights = post.ids, post.weights
    total = len(ids)
    minlen: int | None = None
    maxlen = 0
    maxweight = 0.0
    block = WIDE_BLOCK if post.freqs is None and post.values is None else BLOCK
    written: list[tuple[bytes, bytes]] = []
    for begin in range(0, total, block):
        end = min(begin + block, total)
        bids = ids[begin:end]
        bweights = weights[begin:end]
        if lengths is not None:
            blens = [lengths[d] for d in bids]
            lo, hi = min(blens) or None, max(blens)
        else:
            lo, hi = None, 0
        top = max(bweights)
        deltas = [bids[0]] + [b - a for a, b in itertools.pairwise(bids)]
        if post.freqs is not None:
            raw = post.freqs[begin:end]
            if not _BIG_ENDIAN_UINT:
                raw.byteswap()
            values: Any = raw.tobytes()
        elif post.values is not None:
            values = tuple(post.values[begin:end])
        else:
            values = None
        head = block_header(len(bids), bids[-1], top, lo, hi)
        written.append((head, encode_block(deltas, bweights, values)))
        if lo is not None and (minlen is None or lo < minlen):
            minlen = lo
        maxlen = max(maxlen, hi)
        maxweight = max(maxweight, top)
    write_posting_list(postfile, written)
    return TermStats(sum(weights), total, minlen, maxlen, maxweight, ids[0], ids[-1])
