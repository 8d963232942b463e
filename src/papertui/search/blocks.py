"""The posting-block format of `ArrayCodec` (pure bytes, no Whoosh objects).

W3 pickles each block's (ids, weights, values) tuple and zlib-compresses it;
unpickling ~128 Python ints and floats a block is most of the cost of
reading a long posting list. Here the ids (as deltas) and weights are
little-endian `array` bytes, zlib-compressed together, and only the values
(positions, counts) are pickled, in a second part read only when asked for.
A list's blocks keep W3's framing (tag, size, pickled block header), so
`posting_arrays` decodes a whole list into numpy arrays without a Python
object per posting, and `posting_lists` into plain Python for short lists
(numpy is imported only by the first; a one-shot search may never need it).
"""

from __future__ import annotations

import io
import pickle
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator
from itertools import accumulate
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

_HEAD = struct.Struct("<I")  # compressed size of the ids + weights part
_SIZE = struct.Struct(">i")  # a block's size in a list (negative: the last block)
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
    tail = zlib.compress(pickle.dumps(values, 2), COMPRESSION) if values is not None else b""
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
    return pickle.loads(zlib.decompress(tail)) if tail else None


def _blocks(buf: bytes) -> Iterator[bytes]:
    """The data of each block of a posting list (W3 framing: tag, then sized blocks)."""
    stream = io.BytesIO(buf)
    pos, end = 4, len(buf)  # skip the block tag
    while pos < end:
        size = _SIZE.unpack_from(buf, pos)[0]
        stop = pos + 4 + abs(size)
        stream.seek(pos + 4)
        pickle.load(stream)  # the block header: counts and bounds, not needed here
        yield buf[stream.tell() : stop]
        pos = stop
        if size < 0:
            break


def posting_arrays(buf: bytes) -> tuple[np.ndarray, np.ndarray]:
    """A whole posting list's (docnums as int64, weights as float64). Each block's ids
    are deltas from its first (absolute) id, so one cumulative sum over all blocks
    is corrected per block."""
    import numpy as np

    id_parts: list[bytes] = []
    weight_parts: list[bytes] = []
    counts: list[int] = []
    for data in _blocks(buf):
        raw_ids, raw_weights = split_ids_weights(data)
        id_parts.append(raw_ids)
        weight_parts.append(raw_weights)
        counts.append(len(raw_ids) // 4)
    deltas = np.frombuffer(b"".join(id_parts), dtype="<u4").astype(np.int64)
    weights = np.frombuffer(b"".join(weight_parts), dtype="<f4").astype(np.float64)
    ids = np.cumsum(deltas)
    if len(counts) > 1:
        # a block's first delta is its absolute id: take off the sum carried into it
        starts = np.cumsum(counts[:-1])
        ids -= np.repeat(np.concatenate(([0], ids[starts - 1])), counts)
    return ids, weights


def posting_lists(buf: bytes) -> tuple[list[int], array]:
    """`posting_arrays` in plain Python: (docnums, weights as float32 `array`)."""
    ids: list[int] = []
    weights = array("f")
    for data in _blocks(buf):
        deltas, block_weights = decode_ids_weights(data)
        ids.extend(accumulate(deltas))  # a block's first delta is its absolute id
        weights.extend(block_weights)
    return ids, weights
