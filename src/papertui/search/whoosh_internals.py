"""Every use of Whoosh's private API, in one place, and the switch that turns it off.

papertui bends Whoosh for speed in three ways: `ArrayCodec` (posting blocks as
packed arrays, see `blocks`), reading whole posting lists, columns and term
tables straight from a segment's files (`array_scoring`, `terms`), and writing
whole segments in one pass (`segment_writer`, the parallel `build`). All three
reach into private attributes of Whoosh objects, which is safe only on the
Whoosh they were written against. whoosh-reloaded is no longer maintained, so
that version is checked here at import: on any other, or with
`PAPERTUI_STOCK_WHOOSH=1`, `ENABLED` is False and papertui uses Whoosh's own
writer and searcher (slower, same results). An index records which writer
built it (`index_format`), so switching rebuilds it once.

Whoosh's import is kept light for a start-up that searches once
(`papertui search`, see `whoosh_imports`), also off with the switch.
"""

# ruff: noqa: E402  (Whoosh's modules are imported after `defer_standard_modules`)
from __future__ import annotations

import os
import pickle
import struct
import warnings
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import whoosh

from papertui.search.whoosh_imports import defer_standard_modules

WRITTEN_FOR = (2, 7, 5)  # whoosh-reloaded
SWITCH = "PAPERTUI_STOCK_WHOOSH"


def _stock_reason() -> str | None:
    if os.environ.get(SWITCH, "") not in ("", "0"):
        return f"{SWITCH} is set"
    if tuple(whoosh.__version__[:3]) != WRITTEN_FOR:
        found, wanted = whoosh.versionstring(), ".".join(map(str, WRITTEN_FOR))
        reason = f"Whoosh {found} is installed; papertui's fast paths need {wanted}"
        warnings.warn(f"{reason}: using Whoosh's own writer and searcher", stacklevel=2)
        return reason
    return None


STOCK_REASON = _stock_reason()
ENABLED = STOCK_REASON is None  # read at call time, so tests can turn it off


defer_standard_modules(enabled=ENABLED)

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
    _lenfield,
)
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, Index, clean_files
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from papertui.search import blocks

if TYPE_CHECKING:  # numpy is imported by the array readers only (see `plain_scoring`)
    import numpy as np

def index_format() -> str:
    """What the writers in use write: recorded in an index's meta file."""
    return "array" if ENABLED else "stock"


# ---- the codec (class paths are pickled in every index: see `codec`) --------------------
class ArrayPostingsWriter(W3PostingsWriter):
    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        deltas = [ids[0]] + [b - a for a, b in pairwise(ids)]
        databytes = blocks.encode_block(deltas, self._weights, self._array_values())
        infobytes = block_header(
            len(ids), ids[-1], self._maxweight, self._minlength, self._maxlength
        )
        size = len(infobytes) + len(databytes)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _array_values(self) -> Any:
        fixed = self._format.fixed_value_size()
        if fixed == 0:
            return None
        if fixed is None or fixed < 0:
            return tuple(self._values)
        return b"".join(self._values)


def block_header(
    count: int, last_id: int, max_weight: float, min_length: int | None, max_length: int | None
) -> bytes:
    """A W3 block's pickled header (read by Whoosh's matchers for skipping)."""
    lo, hi = length_to_byte(min_length), length_to_byte(max_length)
    return pickle.dumps((count, last_id, max_weight, blocks.COMPRESSION, lo, hi), 2)


def write_posting_list(postfile: Any, written: list[tuple[bytes, bytes]]) -> None:
    """A posting list in W3's framing: its tag, then each block's size (negative for
    the last), header (`block_header`) and data."""
    postfile.write(WHOOSH3_HEADER_MAGIC)
    for number, (head, data) in enumerate(written, 1):
        size = len(head) + len(data)
        postfile.write_int(-size if number == len(written) else size)
        postfile.write(head)
        postfile.write(data)


class ArrayLeafMatcher(W3LeafMatcher):
    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        deltas, weights = blocks.decode_ids_weights(data)
        # W3's "mini" form, which its _read_ids and _read_weights expect
        self._data = (tuple(deltas), weights, data)

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        values = blocks.decode_values(self._data[2])
        fixed = self._fixedsize
        if fixed is None or fixed < 0:
            self._values = values
        elif fixed == 0:
            self._values = (None,) * self._blocklength
        else:
            self._values = tuple(values[i : i + fixed] for i in range(0, len(values), fixed))


class ArrayCodec(W3Codec):
    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:  # term vectors keep W3's format
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(
            dbfile, blocklimit=self._blocklimit, compression=blocks.COMPRESSION, inlinelimit=1
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, _ = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, None, format_, term=term, scorer=scorer)


# ---- reading a segment's files ------------------------------------------------------------
def is_array_segment(segreader: Any) -> bool:
    return isinstance(segreader.codec(), ArrayCodec)


def posting_arrays(segreader: Any, field: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(docnums as int64, weights as float64) of a term in one `ArrayCodec` segment,
    deleted documents included."""
    import numpy as np

    inlined, buf = _postings(segreader, field, tbytes)
    if inlined is not None:
        ids, weights = inlined
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)
    return blocks.posting_arrays(buf)


def posting_lists(
    segreader: Any, field: str, tbytes: bytes
) -> tuple[list[int], Sequence[float]]:
    """`posting_arrays` in plain Python."""
    inlined, buf = _postings(segreader, field, tbytes)
    if inlined is not None:
        ids, weights = inlined
        return list(ids), [float(w) for w in weights]
    return blocks.posting_lists(buf)


def _postings(segreader: Any, field: str, tbytes: bytes) -> tuple[Any, bytes]:
    """((ids, weights), b"") of a posting list inlined in its term info, or (None,
    the list's bytes)."""
    terms = segreader._terms
    info = terms.term_info(field, tbytes)
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        return (ids, weights), b""
    offset, length = info.extent()
    if isinstance(length, tuple):  # whoosh-reloaded 2.7.5 W3TermInfo.from_bytes bug
        length = length[0]
    return None, terms._postfile.get(offset, length)


def deleted_docs(segreader: Any) -> Iterable[int]:
    return segreader._perdoc.deleted_docs()


def length_bytes(segreader: Any, field: str) -> bytes:
    """Each document's quantised length of `field` (one byte each, see `byte_to_length`)."""
    lengths = column_values(segreader, _lenfield(field), LENGTHS_COLUMN)
    return bytes(lengths) if lengths is not None else bytes(segreader.doc_count_all())


def column_values(segreader: Any, colname: str, column: Any) -> Any:
    """A whole per-document column of one segment as an array (or list); None if absent."""
    count = segreader.doc_count_all()
    perdoc = segreader._perdoc
    if not perdoc.has_column(colname):
        return None
    reader = perdoc.column_reader(colname, column)
    typecode = getattr(reader, "_typecode", None)
    if typecode and typecode not in "qQ":
        raw = reader._dbfile.get(reader._basepos, reader._count * reader._fixedlen)
        values = array(typecode, raw)
        if values.itemsize > 1 and array("H", [1]).tobytes() != b"\x00\x01":
            values.byteswap()
        values.extend([reader._default] * (count - len(values)))
        return values
    return list(reader)


def bytes_sort_keys(segreader: Any, colname: str, column: Any, chunk: int = 65_536) -> Any:
    """Each document's first 8 bytes of a bytes column as a big-endian uint64 (zero
    padded), or None when the column is not Whoosh's `VarBytesColumn`.

    Ordering by these keys never contradicts ordering by the whole values, so a
    top-k by value only needs the whole values of the documents whose key is at
    or before the k-th key. Read in chunks: one file read per chunk instead of
    one per document, and no Python object per document."""
    import numpy as np

    perdoc = segreader._perdoc
    count = segreader.doc_count_all()
    if not perdoc.has_column(colname):
        return np.zeros(count, dtype=np.uint64)
    reader = perdoc.column_reader(colname, column)
    if not hasattr(reader, "_lengths") or not hasattr(reader, "_offsets"):
        return None
    lengths = np.asarray(reader._lengths, dtype=np.int64)
    offsets = np.asarray(reader._offsets, dtype=np.int64)
    keys = np.zeros(count, dtype=np.uint64)
    width = np.arange(8)
    for begin in range(0, len(lengths), chunk):
        lens, offs = lengths[begin : begin + chunk], offsets[begin : begin + chunk]
        start, end = int(offs[0]), int(offs[-1] + lens[-1])
        if end <= start:
            continue
        blob = np.frombuffer(reader._dbfile.get(reader._basepos + start, end - start), np.uint8)
        at = np.minimum(offs[:, None] - start + width, len(blob) - 1)
        head = np.where(width < lens[:, None], blob[at], 0).astype(np.uint8)
        keys[begin : begin + len(lens)] = head.view(">u8").ravel()
    return keys


def has_term_table(segreader: Any, field: str) -> bool:
    terms = getattr(segreader, "_terms", None)
    return terms is not None and field in terms.indexed_field_names()


_ENTRY = struct.Struct("!ii")  # an ordered hash file entry: key length, value length
_DOC_FREQUENCY = struct.Struct("!I")  # a W3 term info: flags (B), weight (f), then this
_DOC_FREQUENCY_AT = 5
_SCAN_CHUNK = 32_768


def scan_terms(
    segreader: Any, field: str, wanted: bytes, chunk: int = _SCAN_CHUNK
) -> Iterator[tuple[bytes, int]]:
    """(term bytes, document frequency) of `field`'s terms from the first one at or
    after `wanted`, in order, parsed from the raw table a chunk at a time: ~3 µs a
    term with the caller's bookkeeping, instead of ~13 µs through `items_from`
    (file reads and a `TermInfo` object each), which made expanding a one-letter
    prefix take 17 ms at 100k papers (now 4.4 ms on the same index)."""
    terms = segreader._terms
    table = terms._tindex
    key_start = terms._keycoder(field, b"")
    pos = table.closest_key_pos(key_start + wanted)
    if pos is None:
        return
    end, dbfile, field_len = table.endofdata, table.dbfile, len(key_start)
    buf, base = b"", pos
    while pos < end:
        at = pos - base
        if at + _ENTRY.size > len(buf):
            buf, base, at = dbfile.get(pos, min(chunk, end - pos)), pos, 0
        key_len, value_len = _ENTRY.unpack_from(buf, at)
        entry_len = _ENTRY.size + key_len + value_len
        if at + entry_len > len(buf):
            buf, base, at = dbfile.get(pos, min(max(chunk, entry_len), end - pos)), pos, 0
        key_at = at + _ENTRY.size
        if buf[key_at : key_at + field_len] != key_start:
            return  # the next field's terms
        value_at = key_at + key_len
        (frequency,) = _DOC_FREQUENCY.unpack_from(buf, value_at + _DOC_FREQUENCY_AT)
        yield buf[key_at + field_len : value_at], frequency
        pos += entry_len


# ---- writing a segment directly -----------------------------------------------------------
@dataclass(slots=True)
class TermStats:
    """What a W3 term info holds about one term's posting list."""

    weight: float
    doc_frequency: int
    min_length: int | None
    max_length: int
    max_weight: float
    min_id: int
    max_id: int


class RawSegment:
    """A new `ArrayCodec` segment of `ix`, written document by document, then field by
    field and term by term in order, with no posting pool. Holds the write lock."""

    def __init__(self, ix: Index) -> None:
        from whoosh.writing import SegmentWriter  # here: a search never writes

        self._writer = SegmentWriter(ix, compound=False, codec=ArrayCodec())
        self._key = b""

    @property
    def doc_count(self) -> int:
        return self._writer.docnum

    def start_doc(self) -> int:
        self._writer.perdocwriter.start_doc(self._writer.docnum)
        return self._writer.docnum

    def add_field(self, name: str, field: Any, stored: Any, length: int) -> None:
        self._writer.perdocwriter.add_field(name, field, stored, length)

    def add_column_value(self, name: str, column: Any, value: Any) -> None:
        self._writer.perdocwriter.add_column_value(name, column, value)

    def finish_doc(self) -> None:
        self._writer.perdocwriter.finish_doc()
        self._writer.docnum += 1
        self._writer._added = True

    def start_field(self, name: str, field: Any) -> Any:
        """Begin `name`'s terms; returns the file their posting lists are written to."""
        fieldwriter = self._writer.fieldwriter
        fieldwriter.start_field(name, field)
        self._key = pack_ushort(fieldwriter._fieldid)
        return fieldwriter._postfile

    def add_term(self, tbytes: bytes, stats: TermStats, offset: int, length: int) -> None:
        """Record a term whose posting list was written at `offset` (terms in order)."""
        info = W3TermInfo()
        info._weight = stats.weight
        info._df = stats.doc_frequency
        info._minlength = stats.min_length
        info._maxlength = stats.max_length
        info._maxweight = stats.max_weight
        info._minid = stats.min_id
        info._maxid = stats.max_id
        info.set_extent(offset, length)
        self._writer.fieldwriter._tindex.add(self._key + tbytes, info.to_bytes())

    def finish_field(self) -> None:
        self._writer.fieldwriter.finish_field()

    def close_documents(self) -> None:
        """No more documents: their stored fields, lengths and columns are written."""
        self._writer.perdocwriter.close()

    def commit(self) -> None:
        """The segment is listed in the index's table of contents."""
        writer = self._writer
        writer.fieldwriter.close()
        writer._close_segment()
        writer._commit_toc([*writer.segments, writer.get_segment()])
        writer._finish()

    def cancel(self) -> None:
        self._writer.cancel()


def adopt_segments(ix: Index, side: Path) -> None:
    """Move the segments of the index in `side` into `ix` (same schema, no merge)."""
    theirs = FileStorage(str(side), supports_mmap=False).open_index()._read_toc().segments
    target = Path(ix.storage.folder)
    for segment in theirs:
        prefix = segment.segment_id() + "."
        for path in side.iterdir():
            if path.name.startswith(prefix):
                os.replace(path, target / path.name)
    toc = ix._read_toc()
    segments = [*toc.segments, *theirs]
    TOC(toc.schema, segments, toc.generation + 1).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, toc.generation + 1, segments)
