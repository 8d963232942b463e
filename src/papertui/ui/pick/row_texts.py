"""A picker row's texts cleaned and cut to their columns: the list draws them, and so
does the first frame painted before Textual starts (`first_frame`), so no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from papertui.picking import PickRow
from papertui.ui.safe_text import clean

_AUTHORS, _YEAR, _ID, _KEY = 20, 4, 12, 28
_WIDE = 110  # from this width the key gets a column of its own


@dataclass(frozen=True, slots=True)
class RowTexts:
    """A row's texts cleaned and cut to their columns (the costly part of drawing it)."""

    title: str
    authors: str
    small: str  # year and id
    key: str
    cells: int  # the row's width in cells, the mark's two included

    @classmethod
    def of(cls, row: PickRow, width: int) -> RowTexts:
        key = " " + fit(clean(row.key), _KEY) if width >= _WIDE else ""
        fixed = 2 + (_AUTHORS + 1) + (_YEAR + 1) + (_ID + 1) + cell_len(key)
        title = max(width - fixed, 10)
        return cls(
            fit(clean(row.title), title),
            " " + fit(clean(row.authors), _AUTHORS),
            f" {fit(row.year, _YEAR)} {fit(clean(row.id), _ID)}",
            key,
            fixed + title,
        )


def fit(text: str, size: int) -> str:
    """`text` in exactly `size` cells, cut with an ellipsis when too long."""
    if cell_len(text) <= size:
        return set_cell_size(text, size)
    return set_cell_size(text, size - 1) + "…"
