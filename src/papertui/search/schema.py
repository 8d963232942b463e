"""The index schema and how a `Paper` (+ its `PaperState`) becomes an index document.

Lean by design: only the id is stored; texts stay in the store (snippets are
cut from texts the caller passes in). `keyterms` holds a few distinctive
stems per paper so "related papers" needs neither stored text nor vectors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from typing import Any, Protocol

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency

from papertui.ids import normalise_title
from papertui.models import Paper, PaperState
from papertui.search.analysis import SECTION, FastAnalyzer, fold, stem_term, words
from papertui.search.related import pick_key_terms
from papertui.tags import tag_key

SCHEMA_VERSION = 6  # 4: words.tsv sorted, with byte offsets per first letter; 5: watches,
# lists; 6: body (saved full texts)

STEMMED = FastAnalyzer(stemmed=True)
FOLDED = FastAnalyzer(stemmed=False)
# `text` = title, authors, abstract, note (joined by `SECTION`, see `document`):
# one posting list per word, so bare words are single-field AND queries (a
# multi-field OR per word was 5-10x slower). Each part's words are weighted.
SECTION_BOOSTS = (3.0, 2.0, 1.0, 1.5)
COMBINED = FastAnalyzer(stemmed=True, section_boosts=SECTION_BOOSTS)
# `body` = the saved full text; one section, so the fast path of `SegmentBuilder` and
# Whoosh's writer (through the analyzer) read it alike.
BODY = FastAnalyzer(stemmed=True, section_boosts=(1.0,))
COMBINED_FIELDS = {"text": SECTION_BOOSTS, "body": (1.0,)}  # analysed inline by `SegmentBuilder`
KEYTERMS_FROM = "text"  # the combined field whose title and abstract give `keyterms`

# Bare words also match the body, scored with the idf of `text` (`scoring.PaperWeighting`)
# and this boost: a body's BM25 term score saturates at 2.2 x idf, so at 0.3 a body-only
# match (<= 0.66 x idf) stays below one mention in an average abstract (1.0 x idf) and
# well below one in a title (1.6 x idf). See docs/BENCHMARKS.md for what it costs.
BODY_BOOST = 0.3
# Fields searched by bare words, with their query-time boosts.
TEXT_FIELDS: dict[str, float] = {"text": 1.0, "body": BODY_BOOST}
STEMMED_FIELDS = frozenset({"text", "title", "note", "body"})
IDF_FIELD = {"body": "text"}  # whose document frequencies weigh a field's terms


class Weights(Frequency):
    """Like `Frequency` (weights for scoring) but without the 4-byte count per posting."""

    posting_size = 0

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        for word, freq, weight, _ in super().word_values(value, analyzer, **kwargs):
            yield word, freq, weight, b""

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return self.field_boost


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        # Frequencies only: positions tripled the postings' size and decode time;
        # phrases are checked on the store texts instead (see `ranking`).
        text=_weights_only(TEXT(analyzer=COMBINED, phrase=False)),
        title=TEXT(analyzer=STEMMED, phrase=True),
        authors=TEXT(analyzer=FOLDED, phrase=True),
        note=TEXT(analyzer=STEMMED, phrase=True),
        body=_weights_only(TEXT(analyzer=BODY, phrase=False)),
        categories=KEYWORD(lowercase=True),
        tags=KEYWORD(lowercase=True, commas=True),
        watches=KEYWORD(lowercase=True, commas=True),  # watches that flagged the paper new
        lists=KEYWORD(lowercase=True, commas=True),  # reading lists holding it
        is_=KEYWORD(),
        has=KEYWORD(),
        source=KEYWORD(lowercase=True),
        date=NUMERIC(int, bits=32, signed=False, shift_step=8, sortable=True),
        upvotes=NUMERIC(int, bits=32, signed=False, shift_step=16, sortable=True),
        title_sort=COLUMN(columns.VarBytesColumn()),
        keyterms=STORED(),
    )


def _weights_only(field: TEXT) -> TEXT:
    field.format = Weights(field_boost=field.format.field_boost)
    return field


def date_number(iso: str) -> int:
    """`2024-06-01` -> 20240601; partial dates pad with zeros; 0 when unknown."""
    digits = "".join(c for c in iso[:10] if c.isdigit())
    return int(digits.ljust(8, "0")) if len(digits) >= 4 else 0


def tag_term(tag: str) -> str:
    """A tag as indexed and as `tag:` looks it up: the tag rule, then no case or accents."""
    return fold(tag_key(tag)).replace(",", "-")


def category_keywords(categories: tuple[str, ...]) -> str:
    out: list[str] = []
    for cat in categories:
        cat = cat.strip().lower()
        if cat:
            out.append(cat)
            if "." in cat:
                out.append(cat.split(".", 1)[0])
    return " ".join(dict.fromkeys(out))


def key_terms(title: str, abstract: str) -> tuple[str, ...]:
    """Distinctive stems: all title terms, then abstract terms by count and length."""
    title_terms = [t for t in map(stem_term, words(title)) if t]
    counts: Counter[str] = Counter()
    for word, n in Counter(words(abstract)).items():
        term = stem_term(word)
        if term:
            counts[term] += n
    return pick_key_terms(title_terms, counts)


@dataclass(frozen=True)
class Marks:
    """A paper's flags beside its state: watches that flagged it, lists holding it, updated."""

    watches: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    updated: bool = False  # `papertui update` found a new version, journal or DOI


def marks_for(library: Any, ids: list[str]) -> dict[str, Marks]:
    watches = library.watch_flags(ids)
    lists = library.list_marks(ids)
    updated = library.updates(ids)
    return {
        i: Marks(tuple(watches.get(i, ())), tuple(lists.get(i, ())), i in updated)
        for i in {*watches, *lists, *updated}
    }


def _names(names: tuple[str, ...]) -> str:
    return ",".join(
        n for n in (" ".join(fold(name).replace(",", " ").split()) for name in names) if n
    )


class BodyTexts(Protocol):
    """Where saved full texts come from (`reading.fulltext_store.FullTextStore`)."""

    def ids(self) -> list[str]:
        """arXiv ids of the papers with a saved full text."""
        ...

    def body_text(self, arxiv_id: str) -> str | None:
        """The paper's full text as plain text, or None when none is saved."""
        ...


def body_for(paper: Paper, bodies: BodyTexts | None, saved: Container[str] | None) -> str | None:
    """The saved full text of `paper` (`saved`: the ids known to have one, if known)."""
    if bodies is None or not paper.arxiv_id:
        return None
    if saved is not None and paper.arxiv_id not in saved:
        return None
    return bodies.body_text(paper.arxiv_id)


def document(
    paper: Paper,
    state: PaperState | None,
    *,
    keyterms: bool = True,
    marks: Marks | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """The index document; `keyterms=False` leaves them to `SegmentBuilder` (None here);
    `body`: the paper's saved full text."""
    authors = " ; ".join(a.name for a in paper.authors)
    is_words = ["read" if state and state.is_read else "unread"]
    if state and state.bookmarked:
        is_words.append("bookmarked")
    if marks and marks.watches:
        is_words.append("watched")
    if marks and marks.updated:
        is_words.append("updated")
    doc: dict[str, Any] = {
        "id": paper.id,
        "title": paper.title,
        "authors": authors,
        "categories": category_keywords(paper.categories),
        "is_": " ".join(is_words),
        "source": " ".join(paper.sources),
        "upvotes": paper.upvotes,
        "date": date_number(paper.published),
        "title_sort": normalise_title(paper.title)[:64].encode(),
        "keyterms": " ".join(key_terms(paper.title, paper.abstract)) if keyterms else None,
    }
    if marks is not None:
        for name, names in (("watches", marks.watches), ("lists", marks.lists)):
            if _names(names):
                doc[name] = _names(names)
    if state is not None:
        tags = [tag_term(t) for t in state.tags]
        if any(tags):
            doc["tags"] = ",".join(t for t in tags if t)
        if state.note.strip():
            doc["note"] = state.note
            doc["has"] = "note"
        if any(tags):
            doc["has"] = " ".join(filter(None, (doc.get("has"), "tags")))
    if body is not None:
        doc["body"] = body
        doc["has"] = " ".join(filter(None, (doc.get("has"), "fulltext")))
    note = doc.get("note", "")
    doc["text"] = SECTION.join((paper.title, authors, paper.abstract, note))
    return doc
