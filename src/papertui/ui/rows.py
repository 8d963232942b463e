"""Turning papers into display rows (pure functions, no Textual)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.style import Style

from papertui.models import Paper, PaperState
from papertui.ui.data import Row
from papertui.ui.safe_text import clean, highlight_terms, safe_text

PaperFetcher = Callable[[Sequence[int]], list[tuple[int, Paper]]]
StateFetcher = Callable[[Sequence[str]], Mapping[str, PaperState]]


def make_row(
    key: int,
    paper: Paper,
    state: PaperState | None,
    terms: Sequence[str] = (),
    match_style: str | Style = "bold",
) -> Row:
    title = safe_text(paper.display_title)
    if terms:
        highlight_terms(title, terms, match_style)
    return Row(
        key=key,
        paper_id=paper.id,
        title=title,
        authors=clean(paper.authors_short()),
        date=paper.published[:10],
        category=clean(paper.primary_category),
        bookmarked=bool(state and state.bookmarked),
        tagged=bool(state and state.tags),
        unread=not (state and state.is_read),
    )
