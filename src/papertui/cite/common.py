"""Pieces shared by the citation formats: clean text, dates, links.

Every formatter works from these helpers so that a paper with no authors, no
date or no arXiv id still yields a valid citation of whatever it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papertui.cite.tex import tex_display
from papertui.models import Paper, PaperState
from papertui.sanitize import printable

ARXIV_DOI_PREFIX = "10.48550/arXiv."
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class CiteItem:
    """One paper to cite, with the user's state (or None) and its citation key."""

    paper: Paper
    state: PaperState | None = None
    key: str = ""


def clean(text: str) -> str:
    """One line of text with control characters made visible and spaces normalised."""
    return printable(text, single_line=True)


def clean_block(text: str) -> str:
    """Multi-line user text (a note): control characters made visible, lines kept."""
    lines = [" ".join(line.split()) for line in printable(text).strip().splitlines()]
    return "\n".join(lines)


def abstract(paper: Paper) -> str:
    return tex_display(paper.abstract)


# ---- dates -----------------------------------------------------------------------


def date_parts(paper: Paper) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day), as precise as the source was."""
    if paper.year is None:
        return ()
    year = paper.year
    try:
        month, day = int(paper.published[5:7]), int(paper.published[8:10])
    except ValueError:
        return (year,)
    precision = paper.extras.get("date_precision", "")
    if precision == "year" or not 1 <= month <= 12:
        return (year,)
    if precision == "month" or not 1 <= day <= 31:
        return (year, month)
    return (year, month, day)


def iso_date(parts: tuple[int, ...]) -> str:
    """ "2023", "2023-12" or "2023-12-01" (biblatex `date`) of `date_parts`."""
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


# ---- identifiers and links -----------------------------------------------------------


def arxiv_doi(paper: Paper) -> str:
    return f"{ARXIV_DOI_PREFIX}{paper.arxiv_id}" if paper.arxiv_id else ""


def published_doi(paper: Paper) -> str:
    """The DOI of the published version ("" when the only DOI is arXiv's own)."""
    doi = paper.doi.strip()
    return "" if doi.lower().startswith(ARXIV_DOI_PREFIX.lower()) else doi


def best_doi(paper: Paper) -> str:
    """arXiv's DOI for a preprint, else the paper's own DOI."""
    return arxiv_doi(paper) or paper.doi.strip()


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}" if doi else ""


def page_url(paper: Paper) -> str:
    """The versionless arXiv abstract page, else the paper's own page or DOI link."""
    if paper.arxiv_id:
        return f"https://arxiv.org/abs/{paper.arxiv_id}"
    return paper.abstract_page


def link(paper: Paper) -> str:
    """The persistent link a reference list should show (a DOI URL when there is one)."""
    return doi_url(best_doi(paper)) or paper.abstract_page


def title(paper: Paper) -> str:
    return tex_display(paper.title)


_END_PUNCT = re.compile(r"[.?!]$")


def end_sentence(text: str) -> str:
    """`text` ending in exactly one full stop (or its own ? / !)."""
    text = text.rstrip()
    return text if not text or _END_PUNCT.search(text) else f"{text}."


def tags_of(state: PaperState | None) -> list[str]:
    return [clean(t) for t in state.tags if clean(t)] if state else []


def note_of(state: PaperState | None) -> str:
    return clean_block(state.note) if state and state.note.strip() else ""
