"""The search language.

    gaussian splatting        all words must match (title, abstract, authors,
                              note; title counts most), ranked by BM25F
    "neural radiance field"   exact phrase
    nerf OR gaussian          either word (OR binds tighter than the implicit AND)
    NOT survey, -survey       exclude; also a group: -(a OR b)
    (a OR b) c                grouping
    transf*                   prefix (expanded to its most frequent completions)
    gausian~  gausian~2       fuzzy, 1 (default) or 2 edits
    title:diffusion  title:"3d gaussian"   title only; also note:, and
                              abstract: (title and abstract together)
    body:routing              the saved full text only (bare words match it too,
                              with less weight; "phrases" stay title/abstract ones)
    author:perez  author:"ana pérez"       author names (accents ignored)
    cat:cs.LG  cat:cs         a category, or a whole archive (case-insensitive)
    year:2023  year:2020..2023  year:>=2021
    date:>2024-06-01  date:<=2023-12  date:2024-01..2024-03  (also <, >=, =)
    upvotes:>50               Hugging Face upvotes (same operators)
    tag:to-read               a tag of yours; has:note  has:tags  has:fulltext
    is:bookmarked  is:read  is:unread
    is:watched  watch:diffusion   flagged new by any watch, by the watch named diffusion
    list:"thesis ch.2"        in a reading list of yours
    is:updated                a new version, journal or DOI found by `papertui update`
    id:2401.12345             any arXiv id form: URL, arXiv: prefix, version
    source:arxiv-snapshot     where the record came from

Words are matched by stem and without accents: `pruning` finds `pruned`,
`Perez` finds `Pérez`. While typing, the last word also matches as a prefix
(`transf` finds transformers) unless the query ends with a space. A query that
cannot be parsed never fails: it is searched as plain words and the results
carry a notice saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as wq

from papertui.search import terms as T

if TYPE_CHECKING:
    from papertui.search.prefix_table import PrefixTables
    from papertui.search.suggest import WordList

_TOKEN = re.compile(
    r"\s*(?:(?P<notgroup>-\()|(?P<lp>\()|(?P<rp>\))|(?P<minus>-(?=[^\s\-]))?"
    r'(?:(?P<field>[A-Za-z_]+):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>[^\s()"]*))'
    r'|"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<word>[^\s()"]+)))'
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_CLAUSES = 40


class QuerySyntaxError(ValueError):
    def __init__(self, message: str, near: str = "") -> None:
        super().__init__(message)
        self.near = near


@dataclass
class Token:
    kind: str  # "(", ")", "OR", "NOT", "AND", "atom"
    text: str = ""
    field: str | None = None
    phrase: bool = False
    negated: bool = False
    last: bool = False  # the as-you-type word
    unknown: str | None = None  # "foo" of foo:bar, an unknown field (searched as words)


@dataclass
class ParsedQuery:
    query: wq.Query | None
    highlight_terms: tuple[str, ...] = ()
    notice: str | None = None
    bare_words: list[str] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # to check on texts
    impossible: bool = False  # a field's value no paper can have (the notice says why)
    # A top-level AND split into its plain words and the rest (filters, phrases,
    # exclusions): what `relax` loosens when no paper has all the words.
    words: list[wq.Query] = field(default_factory=list)
    required: list[wq.Query] = field(default_factory=list)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
        if match["notgroup"]:  # -(a OR b) is NOT (a OR b)
            tokens += [Token("NOT"), Token("(")]
        elif match["lp"]:
            tokens.append(Token("("))
        elif match["rp"]:
            tokens.append(Token(")"))
        elif match["field"] is not None:
            phrase = match["fphrase"] is not None
            value = match["fphrase"] if phrase else match["fvalue"]
            if not T.known_field(match["field"]):
                name = match["field"]
                unknown = None if T.is_id_scheme(name, value) else name
                raw = f"{name} {value}" if unknown else f"{name}:{value}"
                negated = bool(match["minus"])
                tokens.append(Token("atom", raw, None, phrase, negated, unknown=unknown))
                continue
            tokens.append(
                Token("atom", value or "", match["field"].lower(), phrase, bool(match["minus"]))
            )
        elif match["phrase"] is not None:
            if not match["closed"]:
                raise QuerySyntaxError("unbalanced quote", '"' + match["phrase"][:20])
            tokens.append(Token("atom", match["phrase"], None, True, bool(match["minus"])))
        elif match["word"] in ("OR", "AND", "NOT") and not match["minus"]:
            tokens.append(Token(match["word"]))
        else:
            tokens.append(Token("atom", match["word"], None, negated=bool(match["minus"])))
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token], builder: T.ClauseBuilder) -> None:
        self.tokens = tokens
        self.pos = 0
        self.builder = builder
        self.clauses = 0
        self.word_clauses: list[wq.Query] = []  # plain words, as built

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> wq.Query | None:
        result = self.and_expr()
        if self.peek() is not None:
            raise QuerySyntaxError("unbalanced parenthesis", ")")
        return result

    def and_expr(self) -> wq.Query | None:
        parts: list[wq.Query] = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            if tok.kind == "AND":
                self.pos += 1
                continue
            if tok.kind == "OR":
                raise QuerySyntaxError("OR without a left side", "OR")
            part = self.or_expr()
            if part is not None:
                parts.append(part)
        return _combine(wq.And, parts)

    def or_expr(self) -> wq.Query | None:
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.pos += 1
            if self.peek() is None or self.peek().kind in (")", "OR"):  # type: ignore[union-attr]
                raise QuerySyntaxError("OR without a right side", "OR")
            parts.append(self.unary())
        return _combine(wq.Or, [p for p in parts if p is not None])

    def unary(self) -> wq.Query | None:
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("query ends early", "")
        if tok.kind == "NOT":
            self.pos += 1
            if self.peek() is None:
                raise QuerySyntaxError("NOT without a word", "NOT")
            inner = self.unary()
            return wq.Not(inner) if inner is not None else None
        if tok.kind == "(":
            self.pos += 1
            inner = self.and_expr()
            if self.peek() is None:
                raise QuerySyntaxError("unbalanced parenthesis", "(")
            self.pos += 1
            return inner
        if tok.kind == ")":
            raise QuerySyntaxError("unbalanced parenthesis", ")")
        self.pos += 1
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            self.builder.truncated = True
            return None
        clause = self.builder.atom(tok)
        if clause is not None and tok.negated:
            return wq.Not(clause)
        if clause is not None and tok.field is None and not tok.phrase:
            self.word_clauses.append(clause)
        return clause


def body_terms(q: wq.Query) -> list[wq.Term]:
    """The full-text terms `q` scores with (none from under a `Not`)."""
    if isinstance(q, wq.Term):
        return [q] if q.fieldname == "body" else []
    if isinstance(q, wq.Not):
        return []
    return [t for sub in q.children() for t in body_terms(sub)]


def _combine(kind: type[wq.CompoundQuery], parts: list[wq.Query]) -> wq.Query | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(parts)


def mark_last_word(tokens: list[Token], raw: str) -> None:
    """Mark the word still being typed (`Token.last`: it also matches as a prefix),
    unless `raw` ends in a space, a bracket or a quote."""
    if raw.endswith((" ", ")", '"')) or not tokens:
        return
    tok = tokens[-1]
    plain = tok.kind == "atom" and tok.field is None and not tok.phrase and not tok.negated
    if plain and not tok.text.endswith("*") and "~" not in tok.text:
        tok.last = True
        if len(tok.text.strip()) < 2 and any(t.kind == "atom" for t in tokens[:-1]):
            # One letter typed of the next word ("gaussian s"): it would narrow the
            # results to nothing mid-word, so keep showing the words before it.
            tokens.pop()
            while tokens and tokens[-1].kind in ("OR", "AND", "NOT"):
                tokens.pop()


def parse(
    raw: str,
    reader: object,
    *,
    as_you_type: bool = True,
    words: WordList | None = None,
    prefixes: PrefixTables | None = None,
) -> ParsedQuery:
    """Parse `raw` into a Whoosh query against `reader` (used to expand prefixes, with
    the index's `prefixes` lists) and the library's word list `words` (fuzzy words match
    the words as written)."""
    text = _CONTROL.sub(" ", raw)
    builder = T.ClauseBuilder(reader, words, prefixes)
    notice = None
    try:
        tokens = tokenize(text)
        if as_you_type:
            mark_last_word(tokens, text)
        parser = _Parser(tokens, builder)
        q = parser.parse()
        word_clauses = parser.word_clauses
    except T.QueryValueError as exc:  # a value no paper can have: say so, search nothing
        return ParsedQuery(None, notice=f"{exc}; no paper can match", impossible=True)
    except Exception as exc:  # never let a query crash a search
        near = exc.near.strip() if isinstance(exc, QuerySyntaxError) else ""
        where = f" near “{near}”" if near else ""
        notice = f"Query syntax error ({exc}){where}; searched as plain words"
        builder = T.ClauseBuilder(reader, words, prefixes)
        tokens = [Token("atom", w) for w in T.plain_words(text)[:MAX_CLAUSES]]
        if as_you_type:
            mark_last_word(tokens, text)
        word_clauses = [c for c in map(builder.atom, tokens) if c is not None]
        q = _combine(wq.And, word_clauses)
    if builder.truncated and notice is None:
        notice = f"Query too long: only its first {MAX_CLAUSES} terms were used"
    if builder.problem and notice is None:
        notice = builder.problem
    unknown = sorted({t.unknown for t in tokens if t.kind == "atom" and t.unknown})
    if unknown and notice is None:
        notice = T.unknown_fields_notice(unknown)
    if q is not None and isinstance(q, wq.Not):
        q = wq.And([wq.Every(), q])
    # Phrases that every hit must contain (top level); nested ones match as all words.
    top = q.subqueries if isinstance(q, wq.And) and not isinstance(q, T.PhraseAnd) else [q]
    phrases = [part.phrase for part in top if isinstance(part, T.PhraseAnd)]
    words = [p for p in top if any(p is c for c in word_clauses)]
    required = [p for p in top if not any(p is w for w in words)] if len(words) > 1 else []
    return ParsedQuery(
        q,
        tuple(sorted(builder.highlight)),
        notice,
        builder.bare_words,
        phrases,
        words=words if len(words) > 1 else [],
        required=required,
    )
