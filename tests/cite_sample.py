"""The golden citation sample: real papers from the fixtures plus synthetic hard cases.

Real: old-style ids, journal DOIs and references, 1 to 34 authors, accents,
mojibake repaired on import, TeX math, `&`, a `?` title, papers without
authors, date or arXiv id. Synthetic: exactly 20 and 21 authors, 6 and 7
(Chicago's limit), single-name and group authors, Jr., particles, accented and
TeX-escaped names, `% _ # ~ { $` in titles, tags and notes, code names, a
published paper without an arXiv id.
"""

from __future__ import annotations

from pathlib import Path

from papertui.importers import read_papers
from papertui.models import Author, Paper, PaperState

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
SOURCES = [
    FIXTURES / "arxiv-snapshot" / "first-line.jsonl",
    FIXTURES / "arxiv-api" / "search-testing-100.xml",
    FIXTURES / "arxiv-api" / "id-two-papers.xml",
    FIXTURES / "arxiv-api" / "id-astro-ph-0601001.xml",
    FIXTURES / "arxiv-api" / "id-quant-ph-0201082v1.xml",
    FIXTURES / "hf-api" / "daily-papers-one-item.json",
    DEMO,
]
REAL_IDS = [
    "0704.0001",  # snapshot: family/given names, accent, journal DOI + reference
    "hep-ph/0301050",  # old-style id, "de Gouvea", journal DOI + reference
    "astro-ph/0601001",  # journal reference without DOI
    "quant-ph/0201082",  # one author
    "gr-qc/0103067",  # mojibake in a name (repaired), DOI with underscore
    "2202.09076",  # journal DOI without reference, mojibake
    "1707.08567",  # 34 authors
    "2405.09546",  # 23 authors, month-precision date
    "2407.05872",  # 11 authors
    "2001.08361",  # 10 authors
    "2402.16842",  # accents, particle "de"
    "2312.02902",  # HeadGaS: inner capitals, the key example
    "2407.17465",  # Unicode in the title (u-μP)
    "2210.08823",  # bare & in the title
    "2401.16438",  # title ends with "?"
    "2306.03845",  # TeX math, mojibake in the title (repaired)
    "1804.08838",  # no authors
    "title:055501ffa469dcda",  # no authors, no date, no arXiv id
    "2509.04664",  # Hugging Face API record
    "2311.09714",  # journal reference with volume(issue):pages, year 2025
    "2205.09552",  # conference reference with pages, no volume
    "1706.08286",  # free-text reference (kept whole)
    "1202.4527",  # "Vol.3, No.1" reference, no DOI
    "2005.14124",  # 5 authors, proceedings reference
    "1808.05353",  # 7 authors
    "2103.02870",  # 6 authors
]


def _people(count: int) -> tuple[Author, ...]:
    return tuple(Author(f"Given{i} Family{i}") for i in range(1, count + 1))


def _synthetic(n: int, title: str, authors: tuple[Author, ...], **fields: object) -> Paper:
    arxiv_id = f"2501.{n:05d}"
    base = Paper(
        id=arxiv_id, title=title, authors=authors, published=f"2025-01-{n % 28 + 1:02d}",
        arxiv_id=arxiv_id, categories=("cs.DL",),
    )  # fmt: skip
    return base.with_changes(**fields)


SYNTHETIC = [
    _synthetic(1, "Exactly twenty authors on a long paper", _people(20)),
    _synthetic(2, "Twenty-one authors on an even longer paper", _people(21)),
    _synthetic(3, "Six authors in Chicago", _people(6)),
    _synthetic(4, "Seven authors in Chicago", _people(7)),
    _synthetic(5, "Two authors and a single name", (Author("Plato"), Author("Ada Lovelace"))),
    _synthetic(
        6,
        "Group authorship of a detector paper",
        (Author("The ATLAS Collaboration"), Author("Fabiola Gianotti")),
    ),
    _synthetic(7, "The dream of a suffix", (Author("Martin Luther King Jr."),)),
    _synthetic(
        8,
        "Particles in names",
        (
            Author("Jean-Paul van der Berg", family="van der Berg", given="Jean-Paul"),
            Author("Beethoven, Ludwig van"),
            Author("Andre de Gouvea"),
        ),
    ),
    _synthetic(
        9,
        "Accented and escaped names",
        (Author(r"Erwin Schr{\"o}dinger"), Author("Łukasz Łajszczak"), Author("Marc Rußwurm")),
    ),
    _synthetic(10, r"Costs of 50\% off: a\_b, \#1 and \~{n} with {CNN} in $x$", _people(2)),
    _synthetic(11, r"$\mathcal{O}(n^2)$ sorting for $k$-NN graphs", _people(1)),
    _synthetic(12, "Porting C# and F# code to C++ with the help of a large model", _people(2)),
    _synthetic(13, "what is the state of the art in self-supervised learning for", _people(3)),
    _synthetic(14, "A Study Of The Things We Do In The Lab", _people(2)),
    _synthetic(15, "Non-breaking~spaces and e.g. abbreviations", _people(1)),
    _synthetic(
        16,
        "Jean-Paul Sartre and Kang-il Lee on B. Scott",
        (
            Author("Jean-Paul Sartre"),
            Author("Kang-il Lee"),
            Author("B. Scott Gaudi"),
            Author("C. -P. Yuan"),
        ),
    ),
    Paper(
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
    ),
    Paper(
        id="doi:10.5555/unpaged",
        title="A journal article known only by its DOI",
        authors=_people(2),
        published="2019-06-01",
        doi="10.5555/unpaged",
        sources=("bibtex",),
    ),
]

STATES = {
    "0704.0001": PaperState("0704.0001", tags=("physics", "to read"), note="Check eq. 3."),
    "2312.02902": PaperState(
        "2312.02902", tags=("avatars & 3D", "50% read"), note="Real-time {fast}\nsecond line"
    ),
    "2501.00010": PaperState(
        "2501.00010",
        tags=("100%", "c#", "a_b", "x~y", "{open", "$", "^up", "back\\slash"),
        note="50% done: #1 & $x$ ~ {y} \\z }\n\nsecond paragraph { μ ≤ → a--b ''x'' <<y>>",
    ),
    "doi:10.1000/rd-2021": PaperState("doi:10.1000/rd-2021", tags=("misc",)),
    "2306.03845": PaperState("2306.03845", note="bad byte \ufffd and \u738b"),
}


def load_sample() -> list[Paper]:
    papers: dict[str, Paper] = {}
    for source in SOURCES:
        for paper in read_papers(source):
            if isinstance(paper, Paper):
                papers.setdefault(paper.id, paper)
    twin = papers["2405.09546"].with_changes(id="2405.99999", arxiv_id="2405.99999")
    return [*(papers[i] for i in REAL_IDS), twin, *SYNTHETIC]


def every_state(sample: list[Paper]) -> dict[str, PaperState]:
    """A state for every paper: its own from STATES, else the hardest tags and note."""
    hard = STATES["2501.00010"]
    return {p.id: STATES.get(p.id, PaperState(p.id, hard.tags, hard.note)) for p in sample}
