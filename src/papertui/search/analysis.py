"""Text analysis shared by indexing, querying and highlighting.

One fast path turns a word into its index term: Unicode accent folding
(`Pérez` -> `perez`, `Łukasz` -> `lukasz`), lower-casing, stop-word removal
and (for stemmed fields) Porter stemming (`pruning`, `pruned` -> `prune`).
Results are memoised per word, which is what makes indexing cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from whoosh.analysis import Analyzer, Token
from whoosh.lang.porter import stem as _porter

WORD = re.compile(r"\w+(?:[.'’]\w+)*", re.UNICODE)

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "these",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "with",
    ]
)

# Letters NFKD does not decompose.
_EXTRA_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ı": "i", "’": "'"}
)
_CACHE_LIMIT = 400_000
_stem_cache: dict[str, str | None] = {}
_fold_cache: dict[str, str | None] = {}


def fold(text: str) -> str:
    """Lower-case and strip accents."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _normalise(word: str) -> str:
    word = fold(word)
    if "'" in word:  # possessives: "model's" -> "model"
        word = word.split("'", 1)[0]
    return word


def stem_term(word: str) -> str | None:
    """Index term of `word` in a stemmed field, or None for a stop word."""
    term = _stem_cache.get(word, "")
    if term != "":
        return term
    folded = _normalise(word)
    result = None if (not folded or folded in STOP_WORDS) else _porter(folded)
    if len(_stem_cache) > _CACHE_LIMIT:
        _stem_cache.clear()
    _stem_cache[word] = result
    return result


def fold_term(word: str) -> str | None:
    """Index term of `word` in an unstemmed (folded) field."""
    term = _fold_cache.get(word, "")
    if term != "":
        return term
    folded = _normalise(word) or None
    if len(_fold_cache) > _CACHE_LIMIT:
        _fold_cache.clear()
    _fold_cache[word] = folded
    return folded


def words(text: str) -> list[str]:
    return WORD.findall(text)


SECTION = "\x1e"  # separates the parts of a combined field value
SECTION_GAP = 100  # positions between parts, so phrases never span two


class FastAnalyzer(Analyzer):
    """A Whoosh analyzer doing tokenise + fold + stop + (stem) in one cached step.

    With `section_boosts`, a value made of parts joined by `SECTION` gets each
    part's tokens weighted by its boost (title words count more than abstract
    words in the combined `text` field: one posting list, BM25 on weighted tf).
    """

    def __init__(self, stemmed: bool = True, section_boosts: tuple[float, ...] = ()) -> None:
        self.stemmed = stemmed
        self.section_boosts = section_boosts

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FastAnalyzer)
            and other.stemmed == self.stemmed
            and other.section_boosts == self.section_boosts
        )

    def __hash__(self) -> int:
        return hash(("FastAnalyzer", self.stemmed, self.section_boosts))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        term_of = stem_term if self.stemmed else fold_term
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            term = term_of(value)
            if term:
                token.text = token.original = term
                token.boost = 1.0
                token.pos = start_pos
                token.startchar, token.endchar = start_char, start_char + len(value)
                yield token
            return
        parts = value.split(SECTION) if self.section_boosts else [value]
        pos = start_pos
        for number, part in enumerate(parts):
            boost = self.section_boosts[number] if number < len(self.section_boosts) else 1.0
            for match in WORD.finditer(part):
                pos += 1
                term = term_of(match.group())
                if term is None:
                    continue
                token.text = term
                token.boost = boost
                token.stopped = False
                if keeporiginal:
                    token.original = match.group()
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token
            pos += SECTION_GAP
