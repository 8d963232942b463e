"""Plain result types returned by `SearchIndex` (no Whoosh, no UI objects).

Snippets are *spans*: a tuple of `(text, is_match)` pairs whose texts,
concatenated, give the snippet. They are plain text (control characters
removed, whitespace collapsed) and must be rendered literally, never parsed
as markup: a UI styles the `is_match` spans (bold/reverse) and appends the rest
as-is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Spans = tuple[tuple[str, bool], ...]
IN_FULL_TEXT = "in full text"  # how a hit found mainly through its saved full text is labelled


def spans_text(spans: Spans) -> str:
    return "".join(text for text, _ in spans)


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    title_spans: Spans = ()  # whole title, matched words flagged
    abstract_spans: Spans = ()  # ~240-character window around the best matches
    in_full_text: bool = False  # matched only or mainly through the saved full text

    @property
    def title_snippet(self) -> str:
        return spans_text(self.title_spans)


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False
    sort: str = "relevance"
    notice: str | None = None  # e.g. a syntax error that was worked around
    # Index terms (folded, stemmed) to highlight in full texts: pass them to
    # `papertui.search.highlight.mark(text, terms)`.
    highlight_terms: tuple[str, ...] = ()
    suggestion: str | None = None  # "did you mean", a whole corrected query
