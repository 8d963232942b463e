"""`ArrayCodec`: Whoosh's W3 codec with posting blocks stored as packed arrays.

W3 pickles each block's (ids, weights, values) tuple and zlib-compresses it;
unpickling ~128 Python ints and floats a block is most of the cost of
reading a long posting list. Here the ids (as deltas) and weights are
little-endian `array` bytes, zlib-compressed together, and only the values
(positions, counts) are pickled, in a second part read only when asked for.
`Weights` is a posting format with weights but no per-posting values. Block
headers, term infos, skipping, columns and files are W3's, so every Whoosh
reader, matcher, searcher and merger works unchanged, and
`postings.posting_arrays` decodes a whole posting list into numpy arrays
without a Python object per posting.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from itertools import pairwise
from pickle import dumps, loads
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.formats import Frequency
from whoosh.system import emptybytes

_HEAD = struct.Struct("<I")  # compressed size of the ids + weights part
_SWAP = sys.byteorder != "little"
COMPRESSION = 3


def encode_block(deltas: Any, weights: Any, values: Any) -> bytes:
    """Block data: ids (as deltas) and weights as arrays, values pickled (or None)."""
    ids = array("I", deltas)
    wts = array("f", weights)
    if _SWAP:
        ids.byteswap()
        wts.byteswap()
    main = zlib.compress(ids.tobytes() + wts.tobytes(), COMPRESSION)
    tail = zlib.compress(dumps(values, 2), COMPRESSION) if values is not None else emptybytes
    return _HEAD.pack(len(main)) + main + tail


def split_ids_weights(data: bytes) -> tuple[bytes, bytes]:
    """(deltas, weights) of one block's data as little-endian uint32 / float32 bytes."""
    (size,) = _HEAD.unpack_from(data)
    raw = zlib.decompress(data[_HEAD.size : _HEAD.size + size])
    half = len(raw) // 2
    return raw[:half], raw[half:]


def decode_ids_weights(data: bytes) -> tuple[array, array]:
    """(deltas, weights) arrays of one block's data."""
    raw_ids, raw_weights = split_ids_weights(data)
    ids = array("I", raw_ids)
    wts = array("f", raw_weights)
    if _SWAP:
        ids.byteswap()
        wts.byteswap()
    return ids, wts


def decode_values(data: bytes) -> Any:
    (size,) = _HEAD.unpack_from(data)
    tail = data[_HEAD.size + size :]
    return loads(zlib.decompress(tail)) if tail else None


class Weights(Frequency):
    """Like `Frequency` (weights for scoring) but without the 4-byte count per posting."""

    posting_size = 0

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        for word, freq, weight, _ in super().word_values(value, analyzer, **kwargs):
            yield word, freq, weight, emptybytes

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return self.field_boost


class ArrayPostingsWriter(W3PostingsWriter):
    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(b"W3Bl")  # WHOOSH3_HEADER_MAGIC
        self._terminfo.add_block(self)
        ids = self._ids
        deltas = [ids[0]] + [b - a for a, b in pairwise(ids)]
        databytes = encode_block(deltas, self._weights, self._array_values())
        infobytes = dumps(
            (len(ids), ids[-1], self._maxweight, COMPRESSION, _lb(self._minlength),
             _lb(self._maxlength)),
            2,
        )  # fmt: skip
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
        return emptybytes.join(self._values)


def _lb(length: int | None) -> int:
    from whoosh.util.numeric import length_to_byte

    return length_to_byte(length)


class ArrayLeafMatcher(W3LeafMatcher):
    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        deltas, weights = decode_ids_weights(data)
        # W3's "mini" form, which its _read_ids and _read_weights expect
        self._data = (tuple(deltas), weights, data)

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        values = decode_values(self._data[2])
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
            dbfile, blocklimit=self._blocklimit, compression=COMPRESSION, inlinelimit=1
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, _ = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, None, format_, term=term, scorer=scorer)
