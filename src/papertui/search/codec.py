"""Class paths pickled in indexes built before `whoosh_internals` existed.

An index's table of contents pickles its codec and its schema's posting
formats by module path (`papertui.search.codec.ArrayCodec`, `...Weights`);
these names keep such indexes opening. New indexes pickle the classes' own
paths.
"""

from papertui.search.schema import Weights
from papertui.search.whoosh_internals import ArrayCodec

__all__ = ["ArrayCodec", "Weights"]
