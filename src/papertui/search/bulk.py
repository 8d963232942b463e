"""A fast bulk writer for rebuilds: whole Whoosh segments written in one pass.

Whoosh's `SegmentWriter` pushes every posting through a pickling external
sort (`PostingPool`), then reads each document's field length back from disk
per posting while writing; at ~150 postings a paper that caps a rebuild at a
few hundred papers/s. Here postings are gathered in memory per term (arrays),
documents are numbered in order so each posting list is already sorted, and
the posting blocks are written exactly as `codec.ArrayCodec` (W3 blocks,
block and term statistics) writes them, so the result is a normal Whoosh
index read by Whoosh's reader, searcher and merger. The segment is not
assembled into a compound file (no copy at the end).

Memory: about 10 bytes a posting until the segment is written (~150 MB at
100k papers); `SEGMENT_DOCS` bounds it for larger libraries.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.index import Index
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from papertui.search.analysis import SECTION, WORD, stem_term
from papertui.search.codec import COMPRESSION, ArrayCodec, encode_block
from papertui.search.schema import pick_key_terms

SEGMENT_DOCS = 250_000  # documents per segment (bounds memory on huge rebuilds)
BLOCK = 128  # postings per block, as W3Codec writes them
# Lists without per-posting values (`text`, keywords) are only ever read whole
# (`postings.posting_arrays`), where each block costs a zlib call and a pickle
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


class BulkWriter:
    """`add(doc)` for each document, then `commit()`. Holds the index write lock."""

    def __init__(self, ix: Index, combined: dict[str, tuple[float, ...]]) -> None:
        self.ix = ix
        self.schema = ix.schema
        self.combined = combined  # field name -> section boosts, analysed inline
        self.count = 0
        self._writer: SegmentWriter | None = None

    def _start(self) -> SegmentWriter:
        writer = SegmentWriter(self.ix, compound=False, codec=ArrayCodec())
        self._writer = writer
        self._posts: dict[str, dict[Any, _Postings]] = {}
        self._lengths: dict[str, array] = {}
        return writer

    def add(self, doc: dict[str, Any]) -> None:
        writer = self._writer or self._start()
        schema = self.schema
        docnum = writer.docnum
        pdw = writer.perdocwriter
        pdw.start_doc(docnum)
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
                    keys: dict[str, Any] | None = {} if doc.get("keyterms", "") is None else None
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
            pdw.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column is not None:
                pdw.add_column_value(name, column, field.to_column_value(value))
        pdw.finish_doc()
        writer.docnum += 1
        writer._added = True
        self.count += 1
        if writer.docnum >= SEGMENT_DOCS:
            self._finish_segment()

    def _finish_segment(self) -> None:
        writer = self._writer
        if writer is None:
            return
        writer.perdocwriter.close()
        self._write_postings(writer)
        writer.fieldwriter.close()
        writer._close_segment()
        segments = [*writer.segments, writer.get_segment()]
        writer._commit_toc(segments)
        writer._finish()
        self._writer = None
        self._posts = {}
        self._lengths = {}

    def _write_postings(self, writer: SegmentWriter) -> None:
        fw = writer.fieldwriter
        postfile = fw._postfile
        for name in sorted(self._posts):
            fieldobj = self.schema[name]
            fw.start_field(name, fieldobj)
            key = pack_ushort(fw._fieldid)
            lengths = self._lengths.get(name)
            posts = self._posts[name]
            for term in sorted(posts):  # str order is UTF-8 byte order
                info = _write_term(postfile, posts[term], lengths)
                tbytes = term.encode() if isinstance(term, str) else term
                fw._tindex.add(key + tbytes, info.to_bytes())
            fw.finish_field()

    def commit(self) -> None:
        self._finish_segment()

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


def _write_term(postfile: Any, post: _Postings, lengths: array | None) -> W3TermInfo:
    ids, weights = post.ids, post.weights
    info = W3TermInfo()
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    total = len(ids)
    minlen: int | None = None
    maxlen = 0
    maxweight = 0.0
    block = WIDE_BLOCK if post.freqs is None and post.values is None else BLOCK
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
        data = encode_block(deltas, bweights, values)
        head = dumps(
            (len(bids), bids[-1], top, COMPRESSION, length_to_byte(lo), length_to_byte(hi)), 2
        )
        size = len(head) + len(data)
        postfile.write_int(-size if end == total else size)
        postfile.write(head)
        postfile.write(data)
        if lo is not None and (minlen is None or lo < minlen):
            minlen = lo
        maxlen = max(maxlen, hi)
        maxweight = max(maxweight, top)
    info._weight = sum(weights)
    info._df = total
    info._minlength = minlen
    info._maxlength = maxlen
    info._maxweight = maxweight
    info._minid = ids[0]
    info._maxid = ids[-1]
    info.set_extent(start, postfile.tell() - start)
    return info
