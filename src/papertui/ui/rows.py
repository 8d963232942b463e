"""Turning papers into display rows (no Textual): `make_row`, `row_segments`, and
`RowSource`, the rows of list handles as the list shows them now."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from itertools import pairwise

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from papertui.models import Paper, PaperState
from papertui.search.results import IN_FULL_TEXT
from papertui.ui.row_data import Row
from papertui.ui.safe_text import clean, highlight_terms, safe_text
from papertui.ui.search_session import SearchSession

IN_FULL_TEXT_LABEL = f"{IN_FULL_TEXT} · "  # before the title of a hit found in its full text


def make_row(
    key: int,
    paper: Paper,
    state: PaperState | None,
    terms: Sequence[str] = (),
    match_style: str | Style = "bold",
    *,
    new: bool = False,
    fulltext: bool = False,
    watched: bool = False,
    in_full_text: bool = False,
) -> Row:
    title = safe_text(paper.display_title)
    unread = not (state and state.is_read)
    if terms:
        highlight_terms(title, terms, match_style)
    return Row(
        key=key,
        paper_id=paper.id,
        title=title,
        authors=clean(paper.authors_short()),
        date=clean(paper.display_published),
        category=clean(paper.primary_category),
        bookmarked=bool(state and state.bookmarked),
        tagged=bool(state and state.tags),
        unread=unread,
        new=new,
        fulltext=fulltext,
        watched=watched and unread,  # read: seen, so no longer new to its watch
        in_full_text=in_full_text,
    )


class RowSource:
    """Rows for list handles: the store's papers and states, highlighted with the
    search's terms and marked new. The list calls it on the UI thread for rows it
    paints; workers call it for the rows their answer changes, and send `look()`
    with them: rows made for another look (other terms, colours or new papers)
    are not shown."""

    def __init__(self, session: SearchSession) -> None:
        self._session = session
        self.library = session.library
        self.terms: tuple[str, ...] = ()
        self.match_style: str | Style = "bold"
        self.new_ids: set[str] = set()
        self._new_marked = 0  # how many times `new_ids` grew
        self.fulltext_ids: set[str] = set()  # arXiv ids of papers with a downloaded text
        self.watched_ids: frozenset[str] = frozenset()  # flagged new by a watch, unread
        self._watched_marked = 0  # how many times `watched_ids` changed
        self.in_full_text: frozenset[int] = frozenset()  # hits found in their full text

    def look(
        self, terms: Sequence[str] | None = None, in_full_text: frozenset[int] | None = None
    ) -> Hashable:
        """What rows made now (with `terms` and the hits `in_full_text`, default the shown
        ones) depend on besides the store."""
        shown = tuple(self.terms if terms is None else terms)
        found = self.in_full_text if in_full_text is None else in_full_text
        return (
            shown,
            self.match_style,
            self._new_marked,
            len(self.fulltext_ids),
            self._watched_marked,
            found,
        )

    def mark_watched(self, ids: frozenset[str]) -> bool:
        """The unread papers watches flagged are now `ids`: whether that changed."""
        if ids == self.watched_ids:
            return False
        self.watched_ids = ids
        self._watched_marked += 1
        return True

    def mark_new(self, ids: set[str]) -> None:
        if not ids <= self.new_ids:
            self.new_ids = self.new_ids | ids
            self._new_marked += 1

    def mark_fulltext(self, arxiv_ids: set[str]) -> None:
        self.fulltext_ids = self.fulltext_ids | arxiv_ids  # (only grows: len is its look)

    def __call__(
        self,
        keys: Sequence[int],
        terms: Sequence[str] | None = None,
        in_full_text: frozenset[int] | None = None,
    ) -> dict[int, Row]:
        pairs = self._session.papers_by_nums(keys)
        states = self._session.library.states_for(p.id for _, p in pairs)
        shown = self.terms if terms is None else terms
        found = self.in_full_text if in_full_text is None else in_full_text
        new, saved, watched = self.new_ids, self.fulltext_ids, self.watched_ids
        return {
            k: make_row(
                k,
                p,
                states.get(p.id),
                shown,
                self.match_style,
                new=p.id in new,
                fulltext=bool(p.arxiv_id) and p.arxiv_id in saved,
                watched=p.id in watched,
                in_full_text=k in found,
            )
            for k, p in pairs
        }


def display_paper(paper: Paper) -> Paper:
    """The paper as the detail pane should show it (dates at their real precision)."""
    shown = paper.display_published
    if shown == paper.published:
        return paper
    updated = paper.updated if paper.updated != paper.published else shown
    return paper.with_changes(published=shown, updated=updated)


def row_segments(
    row: Row | None,
    width: int,
    style: Callable[[str], Style],
    *,
    marked: bool = False,
    cursor: bool = False,
    category: bool = True,
) -> tuple[list[Segment], int]:
    """One list line as segments and its length in cells: markers, title, then authors,
    date and category as `width` allows, over the list's own style (`style("")`).
    Without `category` (a library whose papers have none) the authors take its room.

    Built directly, with no `Text`: the segments (their boundaries and styles) are
    exactly those of the `Text` the line used to be, rendered, padded to `width` and
    styled with the list's style (tests/test_ui_rows.py compares them with that
    `Text`). As in `Text`, a falsy (null) style adds no boundary. The row's strings
    are shown as they are: `make_row` has cleaned them (see safe_text).
    """
    base, overlay = style(""), Style.null()
    if marked:
        overlay += style("paper-list--marked")
    if cursor:
        overlay += style("paper-list--cursor")
    if row is None:  # (the loading style shows only under the cursor, as it always has)
        loading = style("paper-list--loading") + overlay if overlay else overlay
        return [Segment("   …", base + loading or None)], 4
    columns: list[tuple[str, int, str]] = [(row.date, 10, "paper-list--date")]
    if category and width >= 60:
        columns.append((row.category, 10, "paper-list--category"))
    if width >= (70 if category else 60):
        columns.insert(0, (row.authors, min(24, width // 6), "paper-list--authors"))
    fixed = sum(w + 1 for _, w, _ in columns)
    label = IN_FULL_TEXT_LABEL if row.in_full_text else ""
    fixed += len(label)
    title_width = max(8, width - 4 - fixed)
    marks = ("★" if row.bookmarked else " ") + ("#" if row.tagged else " ")
    if row.watched:  # the state column: ! (new to a watch) over + (new) over • (unread)
        state = ("!", style("paper-list--watched"))
    elif row.new:
        state = ("+", style("paper-list--new"))
    else:
        state = ("•" if row.unread else " ", style("paper-list--unread"))
    pieces: list[tuple[str, Style | None]] = [
        (marks, style("paper-list--marks")),
        state,
        ("▤", style("paper-list--marks")) if row.fulltext else (" ", None),
        *([(label, style("paper-list--fulltext"))] if label else []),
        *_title_pieces(row.title, title_width),
    ]
    for value, col_width, component in columns:
        pieces.append((" ", None))
        pieces.append((_fit(value, col_width), style(component)))
    plain = base + overlay
    segments: list[Segment] = []
    pending = ""  # unstyled pieces run together: no span, no boundary
    for text, piece_style in pieces:
        if not piece_style:
            pending += text
            continue
        if pending:
            segments.append(Segment(pending, plain))
            pending = ""
        segments.append(Segment(text, base + (piece_style + overlay)))
    if pending:  # (no span at all and no style: `Text` gives a bare segment)
        segments.append(Segment(pending, plain if segments or plain else None))
    if (row.title.plain + row.authors + row.date + row.category).isascii():
        return segments, 4 + title_width + fixed  # one cell a character (and "★•…")
    # Measured as `Strip` would: a highlight may split a grapheme (👩‍🔬) in two.
    return segments, sum(cell_len(segment.text) for segment in segments)


def _fit(text: str, width: int) -> str:
    """`text` cut with an ellipsis or padded to `width` cells (as `Text.truncate`)."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - length) if length < width else text


def _title_pieces(title: Text, width: int) -> list[tuple[str, Style | None]]:
    """The title fitted to `width`, split where its highlights begin and end."""
    plain = _fit(title.plain, width)
    spans = [(s.start, s.end, _style(s.style)) for s in title.spans if s.style]
    if title.style:
        spans.insert(0, (0, len(plain), _style(title.style)))
    if not spans:
        return [(plain, None)]
    if len(plain) < len(title.plain):  # cut: spans past the ellipsis go, as in `Text`
        spans = [(s, min(e, len(plain)), st) for s, e, st in spans if s < len(plain)]
    cuts = sorted({0, len(plain), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[tuple[str, Style | None]] = []
    for start, end in pairwise(cuts):
        over = [st for s, e, st in spans if s <= start and e >= end]
        pieces.append((plain[start:end], Style.combine(over) if over else None))
    return pieces


def _style(style: str | Style) -> Style:
    return style if isinstance(style, Style) else Style.parse(style)


def empty_note(message: str, width: int, style: Style) -> Text:
    """The line saying why the list is empty, cut to `width`."""
    note = Text("  " + message, style=style, end="", no_wrap=True, overflow="ellipsis")
    note.truncate(width, overflow="ellipsis")
    return note
