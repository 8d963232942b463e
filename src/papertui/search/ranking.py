"""Rank a parsed query into a page: score every match, order, check phrases.

Phrases on the combined `text` field (which has no positions) arrive as
`PhraseAnd` (all the words); hits are then checked, best first and only as
many as the page needs (at most `PHRASE_CHECKS`, with a notice when that cut
the list short), on the store texts (title, abstract) from the `texts`
callback. Without a callback only titles, authors and notes (fields with
positions) can confirm a phrase. A checked total is an estimate unless every
candidate was checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from whoosh import query as wq

from papertui.search.phrases import phrase_in
from papertui.search.query import body_terms

if TYPE_CHECKING:
    from papertui.search.plain_scoring import PlainScorer
    from papertui.search.scoring import StockScorer

Texts = Callable[[list[str]], dict[str, tuple[str, str]]]
Page = list[tuple[int, float]]  # (docnum, score)
POSITIONAL = ("title", "authors", "note")
PHRASE_CHECKS = 500  # candidates checked on their texts, at most, per query (~0.2 ms each)
PHRASE_NOTICE = "Phrase checked in the best {:,} matches only; add words to narrow it"


def rank(
    scorer: StockScorer | PlainScorer,
    q: wq.Query,
    *,
    sortedby: str | None,
    reverse: bool,
    need: int,
    phrases: list[tuple[str, ...]],
    texts: Texts | None,
) -> tuple[Page, int, bool, str | None]:
    """(best `need` hits in order, total, total is exact, notice)."""
    scores = scorer.evaluate(q)
    searcher = scorer.searcher

    def ordered(k: int) -> Page:
        if sortedby is None:
            return scorer.top(scores, k)
        return [(d, 0.0) for d in scorer.sorted_by(scores, sortedby, reverse, k)]

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


def mainly_in_body(scorer: Any, q: wq.Query, shown: list[tuple[int, float]]) -> set[int]:
    """The shown documents that matched mainly through their full text: its terms give
    at least half their score."""
    terms = [t for t in body_terms(q) if t.text]
    if not terms or not shown:
        return set()
    body = scorer.scored(scorer.evaluate(terms[0] if len(terms) == 1 else wq.Or(terms)))
    return {d for d, score in shown if body.get(d, 0.0) >= score / 2 and d in body}
