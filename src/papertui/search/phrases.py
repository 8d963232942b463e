"""Whether a text holds a phrase, as the index sees words (stemmed, stop words skipped).

The combined `text` field has no positions, so a quoted phrase is searched as
all its words and then checked here on the store's title and abstract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from papertui.search.analysis import WORD, stem_term


def text_terms(text: str) -> list[str | None]:
    """Index terms of `text` in order (None for stop words, which phrases skip too)."""
    return list(map(stem_term, WORD.findall(text)))


def has_phrase(terms: Sequence[str | None], phrase: Sequence[str]) -> bool:
    """`phrase` (terms without stop words) in order in `terms`, stop words skipped."""
    first = phrase[0]
    if first not in terms:
        return False
    words = [t for t in terms if t is not None]
    n, target = len(phrase), list(phrase)
    return any(t == first and words[i : i + n] == target for i, t in enumerate(words))


@lru_cache(maxsize=256)
def _first_word_finder(start: str) -> re.Pattern[str]:
    """Whole words (as `WORD` splits text) beginning with `start`, in any case."""
    return re.compile(r"(?<!\w)(?<!\w[.'’])" + re.escape(start) + r"\w*(?:[.'’]\w+)*", re.I)


def phrase_in(text: str, phrase: Sequence[str]) -> bool:
    """`has_phrase(text_terms(text), phrase)`, without stemming every word of `text`.

    Only words that could stem to the phrase's first term are looked at (a Porter
    stem keeps a word's first two letters), then the words after them. ASCII
    text only; anything else takes the general path."""
    if not text.isascii():
        return has_phrase(text_terms(text), phrase)
    first, count = phrase[0], len(phrase)
    for found in _first_word_finder(first[:2]).finditer(text):
        if stem_term(found.group()) != first:
            continue
        pos, matched = found.end(), 1
        while matched < count:
            word = WORD.search(text, pos)
            if word is None:
                break
            pos = word.end()
            term = stem_term(word.group())
            if term is None:  # stop words are skipped, as in the index
                continue
            if term != phrase[matched]:
                break
            matched += 1
        if matched == count:
            return True
    return False
