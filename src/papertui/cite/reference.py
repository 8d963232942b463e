"""One paper as a reference: the data every style and CSL-JSON are built from.

    preprint   an arXiv paper not (known to be) published: CSL `article` with
               `number` "arXiv:<id>", publisher arXiv and arXiv's DOI (Zotero's
               convention, which every official CSL style prints)
    published  a paper with a journal reference or a journal DOI: CSL
               `article-journal` with the journal's DOI and the venue as
               `container-title` (volume, issue, pages when the reference has them)
    other      neither (a title from a listing): CSL `article` with what is known

The date of a published paper is the journal reference's year when it has one
(the version of record), else the first arXiv version's year (its month and day
are not the journal's).
"""

from __future__ import annotations

from dataclasses import dataclass

from papertui.cite.common import (
    CiteItem,
    arxiv_doi,
    date_parts,
    page_url,
    published_doi,
    title,
)
from papertui.cite.names import Name, names
from papertui.cite.venue import Venue, parse_venue


@dataclass(frozen=True)
class Reference:
    kind: str  # "preprint", "published" or "other"
    title: str  # Unicode, TeX rendered
    authors: tuple[Name, ...]
    date: tuple[int, ...]  # (year,), (year, month) or (year, month, day); () when unknown
    venue: Venue | None = None
    doi: str = ""
    url: str = ""
    arxiv_id: str = ""

    @property
    def number(self) -> str:
        """The preprint number every style prints: "arXiv:2312.02902"."""
        return f"arXiv:{self.arxiv_id}" if self.kind == "preprint" else ""

    @property
    def link(self) -> str:
        """What a reference list links to: the DOI, else the page."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


def reference(item: CiteItem) -> Reference:
    paper = item.paper
    venue = parse_venue(paper.journal_ref)
    journal_doi = published_doi(paper)
    date = date_parts(paper)
    common = {
        "title": title(paper),
        "authors": tuple(names(paper)),
        "url": page_url(paper),
        "arxiv_id": paper.arxiv_id,
    }
    if venue or journal_doi:
        if venue and venue.year:
            date = (venue.year,)
        elif paper.arxiv_id:  # the arXiv version's month and day are not the journal's
            date = date[:1]
        return Reference("published", date=date, venue=venue, doi=journal_doi, **common)
    if paper.arxiv_id:
        return Reference("preprint", date=date, doi=arxiv_doi(paper), **common)
    return Reference("other", date=date, doi=paper.doi.strip(), **common)
