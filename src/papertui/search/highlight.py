"""Mark query terms in plain text, as `(text, is_match)` spans (see `results`)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection

from papertui.search.analysis import WORD, fold_term, stem_term
from papertui.search.results import Spans

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 240


def clean(text: str) -> str:
    """Control and bidi characters removed, whitespace collapsed to single spaces."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _matching(text: str, terms: Collection[str]) -> set[str]:
    """The distinct words of `text` whose index term (folded or stemmed) is in `terms`.

    Each distinct word is looked at once. Stemming (the costly part) is skipped
    unless the word's first two letters start some term: a Porter stem keeps
    the first two letters of any word it changes."""
    found: set[str] = set()
    starts = {term[:2] for term in terms}
    for word in set(WORD.findall(text)):
        folded = fold_term(word)
        if folded is None:
            continue
        if folded in terms or (folded[:2] in starts and stem_term(word) in terms):
            found.add(word)
    return found


def mark(text: str, terms: Collection[str]) -> Spans:
    """All of `text` (cleaned), with words whose index term is in `terms` flagged."""
    text = clean(text)
    if not terms:
        return ((text, False),) if text else ()
    spans: list[tuple[str, bool]] = []
    pos = 0
    hits = _matching(text, terms)
    if not hits:
        return ((text, False),) if text else ()
    for match in WORD.finditer(text):
        if match.group() in hits:
            if match.start() > pos:
                spans.append((text[pos : match.start()], False))
            spans.append((match.group(), True))
            pos = match.end()
    if pos < len(text):
        spans.append((text[pos:], False))
    return tuple(spans)


def snippet(text: str, terms: Collection[str], width: int = SNIPPET_CHARS) -> Spans:
    """A window of about `width` characters holding the most matches, marked."""
    text = clean(text)
    if len(text) <= width:
        return mark(text, terms)
    hits = _matching(text, terms)
    starts = [m.start() for m in WORD.finditer(text) if m.group() in hits] if hits else []
    best, best_count = 0, 0
    for i, start in enumerate(starts):
        count = bisect_left(starts, start + width - 20, i) - i  # matches in the window
        if count > best_count:
            best, best_count = start, count
    begin = max(0, best - 40) if best_count else 0
    if begin:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space >= 0 else 0
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin else end
    window = mark(text[begin:end], terms)
    prefix: Spans = (("… ", False),) if begin else ()
    suffix: Spans = ((" …", False),) if end < len(text) else ()
    return prefix + window + suffix
