"""Turn one query atom (word, phrase, `field:value`) into a Whoosh query."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from whoosh import query as wq

from papertui.ids import parse_arxiv_id, resolve_user_id
from papertui.search.analysis import WORD, fold, fold_term, stem_term, words
from papertui.search.prefix_table import PrefixTables
from papertui.search.schema import STEMMED_FIELDS, TEXT_FIELDS, date_number, tag_term

if TYPE_CHECKING:
    from papertui.search.query import Token
    from papertui.search.suggest import WordList

FIELD_ALIASES: dict[str, str] = {
    "title": "title", "ti": "title",
    "abstract": "text", "abs": "text",  # title+abstract: no abstract-only postings
    "author": "authors", "authors": "authors", "au": "authors",
    "note": "note", "notes": "note",
    "cat": "categories", "category": "categories", "categories": "categories",
    "tag": "tags", "tags": "tags", "watch": "watches", "list": "lists",
    "year": "year", "date": "date", "upvotes": "upvotes",
    "id": "id", "is": "is", "has": "has", "source": "source", "body": "body",
}  # fmt: skip
FIELD_NAMES = ("title", "abstract", "body", "author", "note", "cat", "tag", "year", "date",
               "upvotes", "id", "is", "has", "source")  # fmt: skip
IS_VALUES = {"bookmarked": "bookmarked", "bookmark": "bookmarked", "read": "read",
             "unread": "unread", "watched": "watched", "updated": "updated"}  # fmt: skip
HAS_VALUES = {"note": "note", "notes": "note", "tag": "tags", "tags": "tags",
              "fulltext": "fulltext"}  # fmt: skip
SEARCHABLE_TEXT = frozenset({"text", "title", "authors", "note", "body"})
# Fields bare words search only as single words: a phrase or a joined word (`gpt-4`)
# stays a title/abstract phrase (checked on those texts), and fuzzy words skip them.
WORDS_ONLY = frozenset({"body"})
POSITIONAL = frozenset({"title", "authors", "note"})  # fields with positions
PREFIX_EXPANSIONS = 8  # most frequent completions used for a prefix
FUZZY_TERMS = 50  # index terms a fuzzy word matches, at most
PREFIX_SCAN = 4000  # terms looked at, at most, to find them
_RANGE = re.compile(r"^(?P<op><=|>=|<|>|=)?(?P<a>[^.]*?)(?:\.\.(?P<b>.*))?$")


class QueryValueError(ValueError):
    pass


class PhraseAnd(wq.And):
    """A phrase on a field without positions: all its words; `phrase` is checked on texts."""

    def __init__(self, subqueries: list[wq.Query], phrase: list[str]) -> None:
        super().__init__(subqueries)
        self.phrase = tuple(phrase)


ID_SCHEMES = frozenset({"arxiv", "doi", "http", "https"})  # `arXiv:2401.00001` is an id


def known_field(name: str) -> bool:
    return name.lower() in FIELD_ALIASES


def is_id_scheme(name: str, value: str) -> bool:
    return name.lower() in ID_SCHEMES and bool(value)


def unknown_fields_notice(names: list[str]) -> str:
    shown = ", ".join(f"{n}:" for n in names)
    fields = ", ".join(f"{n}:" for n in FIELD_NAMES)
    return f"{shown}: unknown field, searched as words (the fields: {fields})"


def plain_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.upper() not in ("OR", "AND", "NOT")]


def _term_of(field: str, word: str) -> str | None:
    return stem_term(word) if field in STEMMED_FIELDS else fold_term(word)


class ClauseBuilder:
    def __init__(
        self, reader: Any, words: WordList | None = None, prefixes: PrefixTables | None = None
    ) -> None:
        self.reader = reader
        self.words = words
        self.prefixes = prefixes or PrefixTables()
        self.highlight: set[str] = set()
        self.bare_words: list[str] = []
        self.truncated = False
        self.problem: str | None = None

    # ---- text ------------------------------------------------------------------
    def atom(self, tok: Token) -> wq.Query | None:
        from papertui.search.query import QuerySyntaxError

        if tok.field is None:
            return self._text(tok, TEXT_FIELDS)
        field = FIELD_ALIASES[tok.field]
        value = tok.text.strip()
        if not value:
            raise QuerySyntaxError(f"{tok.field}: needs a value", f"{tok.field}:")
        try:
            if field in SEARCHABLE_TEXT:
                return self._text(tok, {field: 1.0})
            return self._keyword(field, value)
        except QueryValueError as exc:
            raise QueryValueError(f"{tok.field}:{value}: {exc}") from exc

    def _text(self, tok: Token, fields: dict[str, float]) -> wq.Query | None:
        text = tok.text
        if not tok.phrase and text.endswith("*"):
            return self._prefix(text.rstrip("*"), fields, explicit=True)
        if not tok.phrase and "~" in text:
            word, _, dist = text.partition("~")
            return self._fuzzy(word, 2 if dist.strip() == "2" else 1, fields)
        found = words(text)
        if not found:
            return None
        if not tok.negated and tok.field is None:
            self.bare_words.extend(found)
        clauses = []
        for name, boost in fields.items():
            terms = [t for t in (_term_of(name, w) for w in found) if t]
            if not terms or (name in WORDS_ONLY and len(fields) > 1 and len(terms) > 1):
                continue
            if not tok.negated:
                self.highlight.update(terms)
            if len(terms) == 1:
                clauses.append(wq.Term(name, terms[0], boost=boost))
            elif (tok.phrase or " " not in text.strip()) and name in POSITIONAL:
                clauses.append(
                    wq.Phrase(name, terms, slop=1 + len(found) - len(terms), boost=boost)
                )
            elif (tok.phrase or " " not in text.strip()) and name not in WORDS_ONLY:
                # No positions in `text`: all the words here, the phrase checked later.
                clauses.append(PhraseAnd([wq.Term(name, t, boost=boost) for t in terms], terms))
            else:
                clauses.append(wq.And([wq.Term(name, t, boost=boost) for t in terms]))
        if not clauses:
            return None
        result: wq.Query = clauses[0] if len(clauses) == 1 else wq.Or(clauses)
        if tok.field is None and not tok.phrase:
            arxiv = parse_arxiv_id(text)
            if arxiv and any(c.isdigit() for c in text):
                result = wq.Or([wq.Term("id", arxiv[0], boost=10.0), result])
            elif ":" in text:  # doi:…, https://doi.org/…
                ids = [wq.Term("id", c, boost=10.0) for c in resolve_user_id(text)]
                result = wq.Or([*ids, result])
        if tok.last and len(found) == 1:  # (a lone letter too: `query` drops it after words)
            expansion = self._prefix(found[0], fields, explicit=False)
            if expansion is not None:
                result = wq.Or([result, expansion])
        return result

    def _expand(self, field: str, prefix: str) -> list[str]:
        """The most frequent terms of `field` starting with `prefix`."""
        try:
            found = self.prefixes.completions(self.reader, field, prefix, PREFIX_SCAN)
        except (KeyError, TypeError):
            return []
        ranked = sorted(((n, term) for term, n in found.items()), reverse=True)
        return [term for _, term in ranked[:PREFIX_EXPANSIONS]]

    def _stem_of_partial(self, field: str, prefix: str) -> list[str]:
        """A partly typed word that no stem starts with, because stemming cut the word
        shorter than what is typed ("inferen" of inference -> infer, "diffusi" ->
        diffus): the longest stem the typed letters start with, at most 4 shorter."""
        for size in range(len(prefix) - 1, max(2, len(prefix) - 5), -1):
            if self.prefixes.completions(self.reader, field, prefix[:size], 1).get(prefix[:size]):
                return [prefix[:size]]
        return []

    def _prefix(self, word: str, fields: dict[str, float], *, explicit: bool) -> wq.Query | None:
        prefix = fold(word).strip()
        if not prefix or not WORD.fullmatch(prefix):
            if explicit:
                from papertui.search.query import QuerySyntaxError

                raise QuerySyntaxError("a prefix needs letters before *", word + "*")
            return None
        clauses: list[wq.Query] = []
        stemmed_terms = None
        for name, boost in fields.items():
            if name in STEMMED_FIELDS:
                if stemmed_terms is None:
                    stemmed_terms = self._expand(name, prefix)
                    if not stemmed_terms and not explicit:
                        stemmed_terms = self._stem_of_partial(name, prefix)
                terms = stemmed_terms
            else:
                terms = self._expand(name, prefix)
            self.highlight.update(terms)
            clauses.extend(wq.Term(name, t, boost=boost * 0.8) for t in terms)
        if not clauses:
            return None if not explicit else wq.NullQuery
        return clauses[0] if len(clauses) == 1 else wq.Or(clauses)

    def _fuzzy(self, word: str, dist: int, fields: dict[str, float]) -> wq.Query | None:
        """Index terms within `dist` edits of `word`. In a stemmed field, the words of
        the papers as written (the word list) within `dist` edits, stemmed, and the
        stems within `dist` of `word`'s stem: `splatting~` finds "splatting" (splat)."""
        folded = fold_term(word)
        if not folded:
            return wq.NullQuery
        surface: list[str] = []
        if self.words is not None and any(name in STEMMED_FIELDS for name in fields):
            surface = [w for w, _ in self.words.within(folded, dist)]
        clauses: list[wq.Query] = []
        if len(fields) > 1:
            fields = {n: b for n, b in fields.items() if n not in WORDS_ONLY}
        for name, boost in fields.items():
            stemmed = name in STEMMED_FIELDS
            term = (stem_term(word) or folded) if stemmed else folded
            matched = dict.fromkeys(self._terms_within(name, term, dist))
            if stemmed:
                for found in surface:
                    stem = stem_term(found)
                    if stem:
                        matched[stem] = None
            terms = list(matched)[:FUZZY_TERMS]
            self.highlight.update(terms)
            clauses.extend(wq.Term(name, t, boost=boost) for t in terms)
        if not clauses:
            return wq.NullQuery
        return wq.Or(clauses)

    def _terms_within(self, field: str, term: str, dist: int) -> list[str]:
        try:
            within = self.reader.terms_within(field, term, dist, prefix=1 if dist == 1 else 2)
            return [b if isinstance(b, str) else b.decode("utf-8") for b in within]
        except (KeyError, TypeError):
            return []

    # ---- keywords and ranges -----------------------------------------------------
    def _keyword(self, field: str, value: str) -> wq.Query:
        if field == "categories":
            return wq.Term("categories", value.lower())
        if field == "tags":
            return wq.Term("tags", tag_term(value))
        if field in ("watches", "lists"):
            return wq.Term(field, " ".join(fold(value).replace(",", " ").split()))
        if field == "source":
            return wq.Term("source", value.lower())
        if field == "is":
            if value.lower() not in IS_VALUES:
                raise QueryValueError("is: takes bookmarked, read, unread, watched or updated")
            return wq.Term("is_", IS_VALUES[value.lower()])
        if field == "has":
            if value.lower() not in HAS_VALUES:
                raise QueryValueError("has: takes note, tags or fulltext")
            return wq.Term("has", HAS_VALUES[value.lower()])
        if field == "id":
            return wq.Or([wq.Term("id", c) for c in resolve_user_id(value)])
        if field == "upvotes":
            return _range("upvotes", value, _int_bounds)
        bounds = _year_bounds if field == "year" else _date_bounds
        return _range("date", value, bounds)


def _int_bounds(text: str) -> tuple[int, int]:
    if not text.isdigit():
        raise QueryValueError("expected a number")
    return int(text), int(text)


def _year_bounds(text: str) -> tuple[int, int]:
    if not (len(text) == 4 and text.isdigit()):
        raise QueryValueError("expected a year like 2023")
    return int(text) * 10000, int(text) * 10000 + 9999


def _date_bounds(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match:
        raise QueryValueError("expected a date like 2024-06-01, 2024-06 or 2024")
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise QueryValueError("no such date") from None
    if day:
        n = date_number(f"{year}-{int(month):02d}-{int(day):02d}")
        return n, n
    if month:
        n = int(year) * 10000 + int(month) * 100
        return n, n + 99
    return int(year) * 10000, int(year) * 10000 + 9999


def _range(field: str, value: str, bounds: Any) -> wq.Query:
    match = _RANGE.match(value.strip())
    if not match:
        raise QueryValueError("expected a value or a range like a..b")
    op, a, b = match["op"], match["a"].strip(), match["b"]
    if b is not None:
        if op:
            raise QueryValueError("use either an operator or a range")
        lo = bounds(a)[0] if a else None
        hi = bounds(b.strip())[1] if b.strip() else None
        if lo is None and hi is None:
            raise QueryValueError("a range needs at least one end")
        if lo is not None and hi is not None and lo > hi:
            raise QueryValueError(f"an empty range ({a} is after {b.strip()})")
    else:
        low, high = bounds(a)
        lo, hi = {
            None: (low, high), "=": (low, high), ">": (high + 1, None),
            ">=": (low, None), "<": (None, low - 1), "<=": (None, high),
        }[op]  # fmt: skip
    if lo is None and field == "date":
        lo = 1  # unknown dates (0) are never "before" anything
    return wq.NumericRange(field, lo, hi)
