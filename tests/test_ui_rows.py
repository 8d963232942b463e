"""List rows are painted straight to segments: the same segments as the `Text` they were."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from papertui.models import Author, Paper
from papertui.store import Library
from papertui.ui.row_data import Row
from papertui.ui.rows import IN_FULL_TEXT_LABEL, make_row, row_segments
from papertui.ui.safe_text import highlight_terms, safe_text

CONSOLE = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
COMPONENTS = ("marks", "unread", "new", "authors", "date", "category", "match", "marked",
              "fulltext")  # fmt: skip
STYLES = {
    f"paper-list--{name}": Style(color=f"color({i + 1})") for i, name in enumerate(COMPONENTS)
}
STYLES |= {"": Style(color="white", bgcolor="black"), "paper-list--cursor": Style(reverse=True)}
STYLES["paper-list--loading"] = Style(dim=True)


def text_row(row: Row | None, width: int, style: Callable[[str], Style]) -> Text:
    """The line as it was built before (a `Text`, truncated and padded): the reference."""
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
    label = IN_FULL_TEXT_LABEL if row.in_full_text else ""
    title_width = max(8, width - 4 - len(label) - sum(w + 1 for _, w, _ in columns))
    line = Text(end="", no_wrap=True)
    line.append_text(marks)
    line.append(" ")
    if label:
        line.append(label, style=style("paper-list--fulltext"))
    title = row.title.copy()
    title.truncate(title_width, overflow="ellipsis", pad=True)
    line.append_text(title)
    for value, col_width, component in columns:
        cell = Text(value, style=style(component), end="")
        cell.truncate(col_width, overflow="ellipsis", pad=True)
        line.append(" ")
        line.append_text(cell)
    return line


def reference(
    row: Row | None, width: int, style: Callable[[str], Style], marked: bool, cursor: bool
) -> Strip:
    text = text_row(row, width, style)
    if marked:
        text.stylize(style("paper-list--marked"))
    if cursor:
        text.stylize(style("paper-list--cursor"))
    base = style("")
    return Strip(list(text.render(CONSOLE))).adjust_cell_length(width, base).apply_style(base)


def painted(
    row: Row | None, width: int, style: Callable[[str], Style], marked: bool, cursor: bool
) -> Strip:
    segments, cells = row_segments(row, width, style, marked=marked, cursor=cursor)
    strip = Strip(segments, cells)
    return strip if cells == width else strip.adjust_cell_length(width, style(""))


WORDS = [
    "Graph", "graphs", "neural", "Pruning", "pruned", "of", "the", "a", "x" * 30,
    "[bold]markup[/]", "[link=https://evil]y[/link]", "C++", "(and)", "U.S.", "model's",
    "漢字の題", "Łukasz", "Pérez", "e\u0301", "👩‍🔬", "\u00a0", "\x1b[31mred",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_row_segments_match_the_text_they_replace(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        title = safe_text(" ".join(rng.choices(WORDS, k=rng.randint(0, 14))))
        terms = rng.sample(
            ["graph", "neural", "prune", "lukasz", "model", "c", "(and)"], rng.randint(0, 3)
        )
        highlight_terms(title, terms, STYLES["paper-list--match"])
        if rng.random() < 0.1:  # overlapping spans, a grapheme split in two
            title.stylize(Style(bold=True), 0, rng.randint(1, 30))
        row = Row(
            key=1,
            paper_id="p",
            title=title,
            authors=rng.choice(["", "Ann Lee et al.", "Łukasz Kaiser and 漢字 Name" * 2]),
            date=rng.choice(["", "2024", "2024-01-02"]),
            category=rng.choice(["", "cs.LG", "physics.quant-ph.long"]),
            bookmarked=rng.random() < 0.5,
            tagged=rng.random() < 0.5,
            unread=rng.random() < 0.5,
            new=rng.random() < 0.3,
            in_full_text=rng.random() < 0.2,
        )
        styles = dict(STYLES)
        for name in rng.sample(sorted(styles), 3):  # a theme may leave a component unstyled
            styles[name] = Style.null()
        width = rng.choice([5, 12, 23, 45, 59, 60, 66, 69, 70, 120])
        marked, cursor = rng.random() < 0.3, rng.random() < 0.3
        shown = None if rng.random() < 0.05 else row
        expected = reference(shown, width, styles.__getitem__, marked and shown is not None, cursor)
        got = painted(shown, width, styles.__getitem__, marked and shown is not None, cursor)
        assert list(got) == list(expected), (title.plain, width, terms)
        assert got.cell_length == expected.cell_length == width


def paper(title: str) -> Paper:
    return Paper(
        id="p1",
        title=title,
        authors=(Author("Ann Lee"), Author("Bo Chen")),
        published="2024-05-01",
        categories=("cs.LG",),
    )


def test_hostile_title_stays_literal() -> None:
    row = make_row(
        1, paper("[bold]Trap[/bold] \x1b[31mred\x1b]8;;http://x\x07link \u202eevil"), None
    )
    segments, _ = row_segments(row, 120, STYLES.__getitem__)
    line = "".join(segment.text for segment in segments)
    assert "[bold]Trap[/bold] redlink evil" in line
    assert all(ch.isprintable() for ch in line)
    title = next(s for s in segments if "Trap" in s.text)
    assert title.style == STYLES[""]  # no markup was interpreted, no style leaked in


def test_stemmed_terms_are_highlighted() -> None:
    match = STYLES["paper-list--match"]
    row = make_row(
        1, paper("Pruning Pruned Networks, pruned again"), None, ("prune", "network"), match
    )
    segments, _ = row_segments(row, 120, STYLES.__getitem__)
    marked = [s.text for s in segments if s.style == STYLES[""] + match]
    assert marked == ["Pruning", "Pruned", "Networks", "pruned"]
    assert "".join(s.text for s in segments).startswith("  • Pruning Pruned Networks, pruned again")


def test_long_titles_end_with_an_ellipsis() -> None:
    row = make_row(
        1, paper("A very long title about graphs " * 4), None, ("graph",), Style(bold=True)
    )
    segments, cells = row_segments(row, 66, STYLES.__getitem__, cursor=True)
    line = "".join(s.text for s in segments)
    assert cells == len(line) == 66
    assert "… Ann Lee and Bo Chen" not in line  # too narrow for authors: date and category
    assert line.endswith("… 2024-05-01 cs.LG     ")
    assert all(s.style is not None and s.style.reverse for s in segments)


def test_without_categories_the_authors_take_their_room() -> None:
    uncategorised = paper("A very long title about graphs " * 4).with_changes(categories=())
    row = make_row(1, uncategorised, None)
    with_column, cells = row_segments(row, 66, STYLES.__getitem__)
    without, cells_without = row_segments(row, 66, STYLES.__getitem__, category=False)
    assert cells == cells_without == 66
    assert "Ann Lee" not in "".join(s.text for s in with_column)  # an empty column shown
    line = "".join(s.text for s in without)
    assert "Ann Lee" in line and line.rstrip().endswith("2024-05-01")


def test_the_library_says_whether_any_paper_has_a_category(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as library:
        library.import_papers([paper("No category").with_changes(categories=())])
        assert not library.has_categories()
        library.import_papers([paper("With one").with_changes(id="2401.00002")])
        assert library.has_categories()
