"""Pieces shared by the citation formats: clean text, split names, dates, links.

Every formatter works from these helpers so that a paper with no authors, no
date or no arXiv id still yields a valid citation of whatever it has.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from papertui.cite.tex import tex_display
from papertui.models import Author, Paper, PaperState
from papertui.sanitize import printable

ARXIV_DOI_PREFIX = "10.48550/arXiv."
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Lower-case words that start a family name ("Andre de Gouvea" -> "de Gouvea").
PARTICLES = frozenset({
    "da", "dal", "dalla", "das", "de", "del", "della", "dei", "der", "des", "di", "do",
    "dos", "du", "el", "la", "le", "lo", "van", "von", "ten", "ter", "vander", "zu"
})  # fmt: skip
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A name with one of these words is a group, cited whole: "The ATLAS Collaboration".
GROUP_WORDS = frozenset({
    "collaboration", "consortium", "team", "group", "project", "initiative", "committee",
    "inc.", "inc", "ltd"
})  # fmt: skip


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


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode()
    )


# ---- names -----------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A display-ready (Unicode) person name split into parts."""

    family: str
    given: str = ""
    suffix: str = ""

    @property
    def full(self) -> str:
        """ "Given Family Suffix": the name as written in running text."""
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)

    @property
    def inverted(self) -> str:
        """ "Family, Given, Suffix" ("Family" alone when there is no given name)."""
        head = self.family
        if self.given:
            head += f", {self.given}"
        return f"{head}, {self.suffix}" if self.suffix else head

    def initials(self) -> str:
        """APA initials: "Helisa" -> "H.", "Jean-Paul" -> "J.-P.", "B. Scott" -> "B. S."."""
        parts = []
        for word in self.given.split():
            pieces = [p.strip(".") for p in word.split("-")]
            parts.append("-".join(f"{p[0]}." for p in pieces if p))
        return " ".join(p for p in parts if p)


def split_name(text: str) -> Name:
    """Split a free-form name: "Family, Given" or "Given [particles] Family [Jr.]"."""
    text = clean(text).replace(". -", ".-")
    if GROUP_WORDS.intersection(text.lower().split()):
        return Name(text)
    if "," in text:
        family, _, rest = text.partition(",")
        pieces = [p.strip() for p in rest.split(",")]
        if len(pieces) >= 2 and pieces[0].lower() in SUFFIXES:
            return Name(family.strip(), ", ".join(pieces[1:]), pieces[0])
        if pieces[0].lower() in SUFFIXES:  # "John Smith, Jr."
            inner = split_name(family)
            return Name(inner.family, inner.given, pieces[0])
        return Name(family.strip(), ", ".join(p for p in pieces if p))
    words = text.split()
    if not words:
        return Name("")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    # As BibTeX reads "First von Last": the first lower-case word starts the family name.
    cut = next((i for i in range(1, len(words) - 1) if words[i][:1].islower()), len(words) - 1)
    return Name(" ".join(words[cut:]), " ".join(words[:cut]), suffix)


def author_name(author: Author) -> Name:
    """The display name parts of an author, using family/given when the source had them."""
    if author.family:
        given = tex_display(author.given).replace(". -", ".-")
        return Name(tex_display(author.family), given)
    return split_name(tex_display(author.name))


def names(paper: Paper) -> list[Name]:
    return [n for n in (author_name(a) for a in paper.authors) if n.family]


def short_authors(paper: Paper) -> str:
    """ "A", "A and B" or "A et al." (full names)."""
    people = [n.full for n in names(paper)]
    if len(people) <= 2:
        return " and ".join(people)
    return f"{people[0]} et al."


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


def iso_date(paper: Paper) -> str:
    """ "2023", "2023-12" or "2023-12-01" (biblatex `date`)."""
    parts = date_parts(paper)
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
