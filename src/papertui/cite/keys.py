"""Citation keys in arXiv's style: `degouvea2003statisticaltestanarchy`.

First author's family name + year + the first three significant title words,
ASCII-folded and lower-cased (arXiv's own export does the same). Keys are made
unique within one export by suffixing `a`, `b`, ... to the later duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papertui.cite.common import ascii_fold, names, title
from papertui.models import Paper

TITLE_WORDS = 3
STOP_WORDS = frozenset({
    "a", "about", "above", "after", "all", "also", "an", "and", "any", "are", "as", "at",
    "be", "been", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from",
    "had", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may",
    "might", "more", "most", "not", "of", "on", "onto", "or", "our", "over", "shall",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "too", "under", "up", "upon", "via", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
    "within", "without", "would", "you", "your"
})  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_MATH = re.compile(r"\$[^$]*\$")


def _letters(text: str) -> str:
    return "".join(_WORD.findall(ascii_fold(text).lower()))


def base_key(paper: Paper) -> str:
    """The key before de-duplication; never empty (falls back to `paper`)."""
    authors = names(paper)
    family = _letters(authors[0].family) if authors else ""
    year = str(paper.year) if paper.year else ""
    words = _WORD.findall(ascii_fold(_MATH.sub(" ", title(paper))).lower())
    significant = [w for w in words if w not in STOP_WORDS] or words
    key = family + year + "".join(significant[:TITLE_WORDS])
    return key or "paper"


def _suffixes() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second


class KeyMaker:
    """Hands out keys unique within one export: `smith2020deep`, `smith2020deepa`, ..."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def key_for(self, paper: Paper) -> str:
        base = base_key(paper)
        key = base
        if key in self._used:
            for suffix in _suffixes():
                key = base + suffix
                if key not in self._used:
                    break
            else:  # pragma: no cover - 702 identical keys
                key = f"{base}{len(self._used)}"
        self._used.add(key)
        return key
