"""Headline-style title case as the CSL styles apply it (citeproc-js's rules).

Only words written all in lower case change: acronyms (LHC), words with inner
capitals (HeadGaS, u-μP), math rendered to Unicode and code keep their case.
Stop words (articles, conjunctions, prepositions: CSL's list) stay lower case
unless they start the title or follow `:`, `?` or `!`, or end the title.
Words are split at spaces and at punctuation (`real-time` -> `Real-Time`).
"""

from __future__ import annotations

import re

_STOP_WORDS_TEXT = """
about above across afore after against al along alongside amid amidst among amongst anenst
apropos apud around as aside astride at athwart atop barring before behind below beneath beside
besides between beyond but by circa despite down during et except for forenenst from given in
inside into lest like modulo near next notwithstanding of off on onto out over per plus pro qua
sans since than through throughout thruout till to toward towards under underneath until unto up
upon versus vs. v. vs v via vis-à-vis with within without or yet so and nor a an the de d' von
van c ca
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_TAG = re.compile(
    "(?:\u2018|\u2019|\u201c|\u201d| \"| '|\"|'|[-\u2013\u2014/.,;?!:]|\\[|\\]|\\(|\\))"
)
_SPACE = re.compile("([\u00a0 \u2000-\u200b\u205f\u3000]+)")
_GREEK = re.compile("[\u0370-\u03ff]")


def _length(word: str) -> int:
    """Length in UTF-16 code units, as JavaScript counts it."""
    return len(word.encode("utf-16-le")) // 2


def _capitalise(word: str) -> str:
    if len(word) == 1 and _GREEK.match(word):  # a lone Greek letter is a symbol
        return word
    return word[:1].upper() + word[1:]


class _Caser:
    def __init__(self) -> None:
        self.first = True
        self.after_punct = False
        self.last: tuple[int, int] | None = None

    def words(self, text: str, index: int, before_hyphen: bool) -> str:
        if not text.strip():
            return text
        pieces = _SPACE.split(text)
        words = pieces[::2]
        for j, word in enumerate(words):
            if not word:
                continue
            lower = word.lower()
            capitalise = (
                (_length(word) > 1 and lower not in STOP_WORDS)
                or (j == len(words) - 1 and before_hyphen)
                or self.first
                or self.after_punct
            )
            if capitalise and word == lower:
                words[j] = _capitalise(word)
            self.first = self.after_punct = False
            self.last = (index, j)
        pieces[::2] = words
        return "".join(pieces)


def title_case(text: str) -> str:
    """`text` in headline-style title case."""
    tags = _TAG.findall(text)
    strings = _TAG.split(text)
    for i, tag in enumerate(tags):  # an apostrophe inside a word belongs to the word
        if tag == "'" and strings[i + 1]:
            strings[i + 1] = "'" + strings[i + 1]
            tags[i] = ""
    caser = _Caser()
    # citeproc-js looks for a following hyphen in the first segment only.
    strings[0] = caser.words(strings[0], 0, bool(tags) and tags[0] == "-")
    for i, tag in enumerate(tags):
        if re.search(r"[!?:]$", tag):
            caser.after_punct = True
        strings[i + 1] = caser.words(strings[i + 1], i + 1, False)
    if caser.last:
        index, j = caser.last
        pieces = _SPACE.split(strings[index])
        word = pieces[2 * j]
        if _length(word) > 1 and word.lower() in STOP_WORDS:
            pieces[2 * j] = _capitalise(word)
        strings[index] = "".join(pieces)
    out = [strings[0]]
    for tag, string in zip(tags, strings[1:], strict=True):
        out += [tag, string]
    return "".join(out)
