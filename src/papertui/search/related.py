"""Related papers: the papers sharing a paper's most distinctive words.

Each document stores its key terms (`keyterms`: stems of the title and the most
frequent abstract words, each with its count and whether the title has it),
picked at index time without the words every abstract uses (`key_stop`: English
function words and the vocabulary of writing about research). At query time the
terms are weighted by rarity in the library (idf), how often the paper uses them
and whether its title does; the best `TERMS` form an OR query. A paper is listed
only if it scores at least `MIN_SIMILARITY` of the paper's own score (fewer
papers, or none, rather than noise), and never the paper itself or a copy of it:
the same normalised title, or one extending the other with `COPY` of their key
terms in common.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from whoosh import query as wq

from papertui.ids import resolve_user_id
from papertui.search.analysis import stem_term

KEYTERMS = 24  # key terms stored per paper
TERMS = 12  # of which the best are searched
TITLE_WEIGHT = 2.0
MIN_SIMILARITY = 0.2  # of the paper's own score
COPY = 0.75  # key terms shared (of both papers' together): another record of the paper

# English function words (beyond the index's own stop words) and words any paper
# uses to describe its work: as key terms they match papers on every topic.
_KEY_STOP_TEXT = """
able about above achieve achieved achieves achieving across address addresses after
again against all almost along already also although always am among amongst another any
anyone anything approach approaches are around available away back based be became
because become becomes been before being below beneficial benefit besides best better
between beyond both but called can cannot challenge challenges code com compared
comparison consider considered could crucial demonstrate demonstrated demonstrates did
different directly do does doing done down due during each effective effectively eg
either else enable enables enough especially etc evaluate evaluated evaluation even ever
every everything example existing experiment experimental experiments extensive fact few
find finding findings first focus follow following for framework further get gets github
given gives go good great had has have having he help her here hers herself him himself
his how however http https i ie if important improve improved improvement improvements
improves including increase increasing indeed insight insights instead into introduce
introduced issue itself just known last lead leads least less let like likely made main
mainly make makes making many may me method methods might more moreover most mostly much
must my myself near nearly need needs neither never nevertheless new next no none nor
not nothing novel now obtain obtained of off offer often once one only onto or other
others otherwise our ours ourselves out outperform outperforms over own paper
participate particular particularly per perform performance performs perhaps possible
present presented previous prior problem problems propose proposed proposes provide
provides providing put rather real really recent recently reduce remain require required
requires research result results reveal same see seem seemed seems several shall she
should show showed shown shows significant significantly since so some something
sometimes still strong struggle studied studies study substantial successful such
suggest technique techniques than that the their them themselves then there thereby
therefore these they third this those though three through throughout thus to together
too toward towards two typically under understanding unified unify unifying until up
upon us use used uses using various very via was way ways we well were what whatever
when where whereas whether which while who whole whom whose why will with within without
work works would www yet you your yours yourself
"""


@cache
def key_stop() -> frozenset[str]:
    """The stems of `_KEY_STOP_TEXT` (made when first needed: a search needs none)."""
    return frozenset(t for t in map(stem_term, _KEY_STOP_TEXT.split()) if t)


def keyworthy(term: str) -> bool:
    return len(term) > 2 and not term.isdigit() and term not in key_stop()


def pick_key_terms(title_terms: list[str], counts: dict[str, int]) -> tuple[str, ...]:
    """The stored key terms, as `term^n` (in the title) or `term:n` (abstract only),
    n = uses in title and abstract: every title term, then abstract terms by count."""
    in_title: dict[str, int] = {}
    for term in title_terms:
        if keyworthy(term):
            in_title[term] = in_title.get(term, 0) + 1
    chosen = [f"{t}^{n + counts.get(t, 0)}" for t, n in in_title.items()]
    for term in sorted(counts, key=lambda t: (-counts[t], -len(t), t)):
        if len(chosen) >= KEYTERMS:
            break
        if term not in in_title and keyworthy(term):
            chosen.append(f"{term}:{counts[term]}")
    return tuple(chosen)


def _parse(keyterms: str) -> list[tuple[str, int, bool]]:
    """(term, uses, in title) of a stored `keyterms` value."""
    out = []
    for token in keyterms.split():
        for mark, title in (("^", True), (":", False)):
            term, found, count = token.rpartition(mark)
            if found and count.isdigit():
                out.append((term, int(count), title))
                break
        else:  # no count: an index written before counts were stored
            out.append((token, 1, False))
    return out


def related_query(
    keyterms: str, reader: Any, live_frequency: Callable[[str], int]
) -> wq.Query | None:
    """An OR of the paper's best key terms, each boosted by its weight. `live_frequency`
    counts a term's papers without the deleted ones, which Whoosh's own counts keep
    until segments merge: a paper changed since it was indexed (a catch-up deletes its
    old copy) would otherwise seem to share its rarest words, and find no other paper."""
    total = max(reader.doc_count(), 1)
    deletions = reader.has_deletions()
    weighted: list[tuple[float, str]] = []
    for term, uses, in_title in _parse(keyterms):
        df = live_frequency(term) if deletions else reader.doc_frequency("text", term)
        if df <= 1:  # this paper's alone
            continue
        weight = math.log(total / df) * (1 + math.log(uses))
        weighted.append((weight * (TITLE_WEIGHT if in_title else 1.0), term))
    weighted.sort(reverse=True)
    clauses = [wq.Term("text", term, boost=w) for w, term in weighted[:TERMS]]
    return wq.Or(clauses) if clauses else None


def related_to(scorer: Any, paper_id: str, limit: int) -> list[tuple[str, float]]:
    """(paper id, score) of up to `limit` papers related to `paper_id` (any id the user
    may give it), best first; none when the index lacks it."""
    searcher = scorer.searcher
    for candidate in resolve_user_id(paper_id):
        docnum = searcher.document_number(id=candidate)
        if docnum is not None:
            stored = searcher.stored_fields(docnum)
            if not stored:
                return []
            found = related_docs(scorer, str(stored.get("keyterms", "")), docnum, limit)
            return [(searcher.stored_fields(d)["id"], score) for d, score in found]
    return []


def related_docs(scorer: Any, keyterms: str, docnum: int, limit: int) -> list[tuple[int, float]]:
    """(docnum, score) of up to `limit` related papers, best first."""
    searcher = scorer.searcher

    def papers_with(term: str) -> int:
        return len(scorer.evaluate(wq.Term("text", term)))

    q = related_query(keyterms, searcher.reader(), papers_with)
    if q is None:
        return []
    found = scorer.evaluate(q)
    own = found.scores[found.docs == docnum]
    if not len(own):
        return []
    found = found.take((found.scores >= own[0] * MIN_SIMILARITY) & (found.docs != docnum))
    titles = scorer.column("title_sort")
    mine = {term for term, _, _ in _parse(keyterms)}
    kept: list[tuple[int, float]] = []
    for doc, score in scorer.top(found, limit * 2 + 5):
        if not _a_copy(titles[docnum], titles[doc], mine, searcher.stored_fields(doc)):
            kept.append((doc, score))
        if len(kept) == limit:
            break
    return kept


def _a_copy(title: bytes, other: bytes, terms: set[str], stored: dict[str, Any]) -> bool:
    """Another record of the same paper: the same normalised title, or one title
    extending the other ("… (extended version)") with `COPY` of the key terms shared."""
    if not title or not other:
        return False
    if title == other:
        return True
    if not (title.startswith(other) or other.startswith(title)):
        return False
    theirs = {term for term, _, _ in _parse(stored.get("keyterms", ""))}
    return len(terms & theirs) >= COPY * len(terms | theirs)
