"""Run a parsed query: the bulk evaluator when it can, Whoosh's collector otherwise.

Phrases on the combined `text` field (which has no positions) arrive as
`PhraseAnd` (all the words); hits are then checked, best first and only as
many as the page needs (at most `PHRASE_CHECKS`, with a notice when that cut
the list short), on the store texts (title, abstract) from the `texts`
callback. Without a callback only titles, authors and notes (fields with
positions) can confirm a phrase. A checked total is an estimate unless every
candidate was checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from papertui.search.analysis import WORD, stem_term
from papertui.search.fast import FastSearcher, Unsupported

Texts = Callable[[list[str]], dict[str, tuple[str, str]]]
Page = list[tuple[int, float]]  # (docnum, score)
POSITIONAL = ("title", "authors", "note")
PHRASE_CHECKS = 500  # candidates checked on their texts, at most, per query (~0.2 ms each)
PHRASE_NOTICE = "Phrase checked in the best {:,} matches only; add words to narrow it"


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


def run(
    searcher: Any,
    fast: FastSearcher,
    q: wq.Query,
    *,
    sortedby: str | None,
    reverse: bool,
    need: int,
    phrases: list[tuple[str, ...]],
    texts: Texts | None,
) -> tuple[Page, int, bool, str | None]:
    """(best `need` hits in order, total, total is exact, notice)."""
    try:
        scores = fast.evaluate(q)
    except Unsupported:
        return (*_whoosh(searcher, q, sortedby, reverse, need, phrases, texts), None)

    def ordered(k: int) -> Page:
        if sortedby is None:
            return fast.top(scores, k)
        return [(d, 0.0) for d in fast.sorted_by(scores, sortedby, reverse, k)]

    if not phrases:
        return ordered(need), len(scores), True, None
    k = min(max(need * 4, 200), PHRASE_CHECKS) if texts else len(scores)
    kept: Page = []
    examined = 0
    while True:
        candidates = ordered(k)
        exhausted = len(candidates) >= len(scores)
        more, seen = _check(searcher, candidates[examined:], need - len(kept), phrases, texts)
        kept += more
        examined += seen
        if len(kept) >= need or exhausted or k >= PHRASE_CHECKS:
            break
        k = min(k * 4, PHRASE_CHECKS)
    if exhausted and examined >= len(candidates):
        return kept, len(kept), True, None
    estimate = round(len(kept) / max(examined, 1) * len(scores))
    notice = PHRASE_NOTICE.format(examined) if len(kept) < need else None
    return kept[:need], max(estimate, len(kept)), False, notice


def _whoosh(
    searcher: Any,
    q: wq.Query,
    sortedby: str | None,
    reverse: bool,
    need: int,
    phrases: list[tuple[str, ...]],
    texts: Texts | None,
) -> tuple[Page, int, bool]:
    limit = need if not phrases else max(need * 4, 200)
    results = searcher.search(q, limit=limit, sortedby=sortedby, reverse=reverse)
    exact = results.has_exact_length()
    total = len(results) if exact else results.estimated_length()
    page = [(hit.docnum, float(hit.score or 0.0) if sortedby is None else 0.0) for hit in results]
    if phrases:
        page, examined = _check(searcher, page, need, phrases, texts)
        return page[:need], len(page), len(page) < need and examined == total
    return page, total, exact


def _check(
    searcher: Any, candidates: Page, need: int, phrases: list[tuple[str, ...]], texts: Texts | None
) -> tuple[Page, int]:
    """Candidates containing every phrase (in order), and how many were examined."""
    kept: Page = []
    examined = 0
    chunk = max(need, 50)
    positional = None if texts else _positional_matches(searcher, phrases)
    for start in range(0, len(candidates), chunk):
        part = candidates[start : start + chunk]
        examined += len(part)
        if positional is not None:
            kept.extend(c for c in part if c[0] in positional)
        else:
            ids = {d: searcher.stored_fields(d).get("id") for d, _ in part}
            found = texts([i for i in ids.values() if i])  # type: ignore[misc]
            for docnum, score in part:
                title, abstract = found.get(ids[docnum] or "", ("", ""))
                if all(phrase_in(title, p) or phrase_in(abstract, p) for p in phrases):
                    kept.append((docnum, score))
        if len(kept) >= need:
            break
    return kept, examined


def _positional_matches(searcher: Any, phrases: list[tuple[str, ...]]) -> set[int]:
    """Documents where every phrase is in the title, authors or note (no texts to check)."""
    result: set[int] | None = None
    for phrase in phrases:
        q = wq.Or([wq.Phrase(f, list(phrase)) for f in POSITIONAL])
        docs = set(searcher.docs_for_query(q))
        result = docs if result is None else result & docs
    return result or set()
