"""Turning papers into display rows (pure functions, no Textual)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.style import Style
from rich.text import Text

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
    *,
    new: bool = False,
) -> Row:
    title = safe_text(paper.display_title)
    if terms:
        highlight_terms(title, terms, match_style)
    return Row(
        key=key,
        paper_id=paper.id,
        title=title,
        authors=clean(paper.authors_short()),
        date=display_date(paper),
        category=clean(paper.primary_category),
        bookmarked=bool(state and state.bookmarked),
        tagged=bool(state and state.tags),
        unread=not (state and state.is_read),
        new=new,
    )


_PRECISION_LENGTH = {"year": 4, "month": 7}


def display_date(paper: Paper) -> str:
    """`published` cut to what is known: "2025-02" for a month, not a made-up "-01" day."""
    precision = paper.extras.get("date_precision")
    return paper.published[: _PRECISION_LENGTH.get(str(precision), 10)]


def display_paper(paper: Paper) -> Paper:
    """The paper as the detail pane should show it (dates at their real precision)."""
    shown = display_date(paper)
    if shown == paper.published:
        return paper
    updated = paper.updated if paper.updated != paper.published else shown
    return paper.with_changes(published=shown, updated=updated)


def format_row(row: Row | None, width: int, style: Callable[[str], Style]) -> Text:
    """One list line: markers, title, then authors, date and category as `width` allows."""
    if row is None:
        return Text("   …", style=style("paper-list--loading"), end="")
    marks = Text(end="")
    marks.append("★" if row.bookmarked else " ")
    marks.append("#" if row.tagged else " ")
    marks.stylize(style("paper-list--marks"))
    if row.new:
        marks.append("+", style=style("paper-list--new"))
    else:
        marks.append("•" if row.unread else " ", style=style("paper-list--unread"))
    columns: list[tuple[str, int, str]] = [(row.date, 10, "paper-list--date")]
    if width >= 60:
        columns.append((row.category, 10, "paper-list--category"))
    if width >= 70:
        columns.insert(0, (row.authors, min(24, width // 6), "paper-list--authors"))
    fixed = sum(w + 1 for _, w, _ in columns)
    title_width = max(8, width - 4 - fixed)
    line = Text(end="", no_wrap=True)
    line.append_text(marks)
    line.append(" ")
    title = row.title.copy()
    title.truncate(title_width, overflow="ellipsis", pad=True)
    line.append_text(title)
    for value, col_width, component in columns:
        cell = Text(value, style=style(component), end="")
        cell.truncate(col_width, overflow="ellipsis", pad=True)
        line.append(" ")
        line.append_text(cell)
    return line
