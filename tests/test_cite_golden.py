"""Golden files: every citation format on real papers (tests/golden/cite/).

The sample covers old-style ids, DOIs and journal references, 1 to 34 authors,
accents, TeX math, `&`, a `?` title, papers without authors, date or arXiv id,
a key collision, and user tags/notes. Regenerate after a deliberate change with
`PAPERTUI_UPDATE_GOLDEN=1 pytest tests/test_cite_golden.py`, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papertui.cite import FORMATS, format_many
from papertui.importers import read_papers
from papertui.models import Author, Paper, PaperState

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
GOLDEN = Path(__file__).parent / "golden" / "cite"
SOURCES = [
    FIXTURES / "arxiv-snapshot" / "first-line.jsonl",
    FIXTURES / "arxiv-api" / "search-testing-100.xml",
    FIXTURES / "arxiv-api" / "id-two-papers.xml",
    FIXTURES / "arxiv-api" / "id-astro-ph-0601001.xml",
    FIXTURES / "arxiv-api" / "id-quant-ph-0201082v1.xml",
    FIXTURES / "hf-api" / "daily-papers-one-item.json",
    DEMO,
]
SAMPLE_IDS = [
    "0704.0001",  # snapshot: family/given names, accent, DOI, journal ref, exact date
    "hep-ph/0301050",  # old-style id, "de Gouvea", DOI + journal ref
    "astro-ph/0601001",  # old-style id, journal ref without DOI
    "quant-ph/0201082",  # one author, two categories
    "gr-qc/0103067",  # old-style, DOI with underscore
    "2202.09076",  # DOI, short author list
    "1707.08567",  # 34 authors: APA 19 + ellipsis + last
    "2405.09546",  # 23 authors (month-precision date from the HF listing)
    "2407.05872",  # 11 authors: Chicago first 7 et al.
    "2001.08361",  # 10 authors: Chicago lists all
    "2402.16842",  # accents in names
    "2312.02902",  # accents, case protection ({HeadGaS}, {3D})
    "2407.17465",  # Unicode in the title (u-μP)
    "2210.08823",  # bare & in the title
    "2401.16438",  # title ends with "?"
    "2306.03845",  # TeX math with a control character (bad source encoding)
    "1804.08838",  # no authors
    "title:055501ffa469dcda",  # no authors, no date, no arXiv id
    "2509.04664",  # Hugging Face API record
]


def load_sample() -> list[Paper]:
    papers: dict[str, Paper] = {}
    for source in SOURCES:
        for paper in read_papers(source):
            if isinstance(paper, Paper):
                papers.setdefault(paper.id, paper)
    sample = [papers[i] for i in SAMPLE_IDS]
    twin = papers["2405.09546"].with_changes(id="2405.99999", arxiv_id="2405.99999")
    hand_made = Paper(
        id="doi:10.1000/rd-2021",
        title=r"R&D at 100% for \#1: {T}he $\alpha_1$ \emph{case} of C_4 {and} more",
        authors=(
            Author(name="Jean-Paul van der Berg", family="van der Berg", given="Jean-Paul"),
            Author(name="Mary Smith, Jr."),
            Author(name="The ATLAS Collaboration"),
        ),
        published="2021-03-09",
        doi="10.1000/RD-2021",
        journal_ref="J. Tests & Trials 12(3):45-67, 2021",
        sources=("bibtex",),
    )
    return [*sample, twin, hand_made]


STATES = {
    "0704.0001": PaperState("0704.0001", tags=("physics", "to read"), note="Check eq. 3."),
    "2312.02902": PaperState(
        "2312.02902", tags=("avatars & 3D", "50% read"), note="Real-time {fast}\nsecond line"
    ),
    "doi:10.1000/rd-2021": PaperState("doi:10.1000/rd-2021", tags=("misc",)),
}


@pytest.fixture(scope="module")
def sample() -> list[Paper]:
    return load_sample()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden(fmt: str, sample: list[Paper]) -> None:
    text = format_many(sample, fmt, states=STATES) + "\n"
    path = GOLDEN / f"{fmt}{FORMATS[fmt].extension}"
    if os.environ.get("PAPERTUI_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
