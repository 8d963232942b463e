"""Where a paper was published, read from its free-text journal reference.

arXiv's journal references are free text. The common shapes are read into
journal, volume, issue, pages and year:

    Phys.Rev.D76:013009,2007                       -> Phys.Rev.D, 76, pages 013009, 2007
    Software Testing, Verification and Reliability, 35(2):e1914, 2025
    J. Tests & Trials 12(3):45-67, 2021
    Phys.Rev.D 76(2), 013009 (2007)                (as papertui's BibTeX import writes it)
    Int. J. of X (IJX), Vol.3, No.1, January 2012
    Phys. Rev. X 12 (2025) 1-9                     (the physics journals' shape)

Anything else (conference names, "pp." ranges without a volume) is kept whole
as the journal, which every style prints as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papertui.cite.common import clean

_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\s*[-\u2013]+\s*[A-Za-z]?\d+)?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = r"(?:[A-Z][a-z]+\.?\s+)?"
_SHAPES = (
    # Name 12(3):45-67, 2021 / Phys.Rev.D76:013009,2007 / Name, 35(2):e1914, 2025
    re.compile(
        r"^(?P<name>.*?[^\d\s,])[\s,]*(?P<volume>\d+)(?:\s*\((?P<issue>[\w-]+)\))?"
        rf"\s*:\s*{_PAGES}(?:\s*,\s*{_MONTH}\(?{_YEAR}\)?)?$"
    ),
    # Name 30, 1--10 [, 2006] / Name 30(2), 1--10 (2006)
    re.compile(
        r"^(?P<name>.*?[^\d\s,])\s+(?P<volume>\d+)(?:\s*\((?P<issue>[\w-]+)\))?"
        rf"\s*,\s*{_PAGES}(?:\s*[,(]\s*{_YEAR}\)?)?$"
    ),
    # Name 12 (2025) 1-9 / JHEP 05 (2020) 123
    re.compile(rf"^(?P<name>.*?[^\d\s,])\s+(?P<volume>\d+)\s*\(\s*{_YEAR}\s*\)\s*,?\s*{_PAGES}$"),
    # Name, Vol.3, No.1[, pp. 1-10][, January 2012]
    re.compile(
        r"^(?P<name>.*?[^\d\s,])\s*,\s*Vol(?:ume)?\.?\s*(?P<volume>\d+)"
        r"(?:\s*,\s*(?:No|Issue)\.?\s*(?P<issue>\d+))?"
        rf"(?:\s*,\s*pp?\.?\s*{_PAGES})?(?:\s*,\s*{_MONTH}{_YEAR})?$",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class Venue:
    journal: str
    volume: str = ""
    issue: str = ""
    pages: str = ""  # "45-67" (one hyphen; BibTeX writes "--")
    year: int | None = None


def parse_venue(journal_ref: str) -> Venue | None:
    """The venue of a journal reference; None for an empty one."""
    text = clean(journal_ref).rstrip(".")
    if not text:
        return None
    for shape in _SHAPES:
        match = shape.match(text)
        if not match:
            continue
        volume = match.group("volume")
        if re.fullmatch(r"(19|20)\d\d", volume):  # a year, not a volume: "ICST 2021, 1-10"
            continue
        found = match.groupdict()
        pages = re.sub(r"\s*[-\u2013]+\s*", "-", found["pages"] or "")
        year = int(found["year"]) if found.get("year") else None
        return Venue(found["name"].strip(" ,"), volume, found.get("issue") or "", pages, year)
    return Venue(text)
