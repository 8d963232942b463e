"""Mark query terms in plain text, as `(text, is_match)` spans (see `results`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from papertui.search.analysis import WORD, fold_term, stem_term
from papertui.search.results import Spans

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 240


def clean(text: str) -> str:
    """Control and bidi characters removed, whitespace collapsed to single spaces."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


_MEMOS: dict[frozenset[str], dict[str, bool]] = {}  # per term set: word -> matches


def _matcher(terms: Collection[str]) -> Callable[[str], bool]:
    """`word -> bool`, memoised per term set (a page of snippets repeats most words)."""
    key = frozenset(terms)
    memo = _MEMOS.get(key)
    if memo is None:
        if len(_MEMOS) > 16:
            _MEMOS.clear()
        memo = _MEMOS[key] = {}

    def is_match(word: str) -> bool:
        hit = memo.get(word)
        if hit is None:
            hit = memo[word] = stem_term(word) in key or fold_term(word) in key
        return hit

    return is_match


def mark(text: str, terms: Collection[str]) -> Spans:
    """All of `text` (cleaned), with words whose index term is in `terms` flagged."""
    text = clean(text)
    if not terms:
        return ((text, False),) if text else ()
    spans: list[tuple[str, bool]] = []
    pos = 0
    is_match = _matcher(terms)
    for match in WORD.finditer(text):
        if is_match(match.group()):
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
    is_match = _matcher(terms)
    starts = [m.start() for m in WORD.finditer(text) if is_match(m.group())]
    best, best_count = 0, 0
    for i, start in enumerate(starts):
        count = sum(1 for s in starts[i:] if s < start + width - 20)
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
