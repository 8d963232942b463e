"""Reference-list entries in APA 7, MLA 9 and Chicago author-date (18th edition).

The text is what the official CSL styles (apa.csl, modern-language-association.csl,
chicago-author-date.csl) give for papertui's CSL-JSON when run by citeproc-js,
as plain Unicode text (no italics); tests/golden/styles holds the expected
strings. A preprint prints "arXiv:<id>" and arXiv's DOI; a published paper its
journal, volume, issue, pages and the journal's DOI. APA keeps the title's case
as the source gives it (sentence case cannot be derived safely: proper nouns);
MLA and Chicago put it in headline-style title case. Many authors:

* APA: up to 20 listed; more: the first 19, "…", the last.
* MLA: 1 author, 2 authors ("A, and B"), 3 or more: "First, et al.".
* Chicago (18th): up to 6 listed; 7 or more: the first 3, "et al.".
"""

from __future__ import annotations

from papertui.cite.common import MONTHS, CiteItem, end_sentence
from papertui.cite.initials import initials, normalised
from papertui.cite.names import Name
from papertui.cite.reference import Reference, reference
from papertui.cite.titlecase import title_case

MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


def _join(parts: list[str], sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def _quoted(text: str, stop: str = ".") -> str:
    """“Title.” with the punctuation inside the quotes (“Title?” keeps its own mark)."""
    text = text.rstrip()
    return f"\u201c{text if text[-1:] in '.?!' else text + stop}\u201d"


def _pages(pages: str) -> str:
    return pages.replace("-", "\u2013")


def _given(name: Name, initialise: bool) -> str:
    given = initials(name.given) if initialise else normalised(name.given)
    return _join([given, name.dropping])


def _sorted(name: Name, initialise: bool, demote: bool) -> str:
    """ "Family, Given" (APA, MLA: "de Gouvea, A."; Chicago demotes: "Gouvea, Andre de")."""
    if name.is_literal:
        return name.family
    given = _given(name, initialise)
    if demote:
        head, given = name.family, _join([given, name.particle])
    else:
        head = name.family_full
    return _join([head, given, name.suffix], ", ")


def _natural(name: Name) -> str:
    """ "Given particle Family Suffix" (MLA and Chicago after the first author)."""
    return _join([normalised(name.given), name.dropping, name.particle, name.family, name.suffix])


# ---- APA 7 -----------------------------------------------------------------------


def apa_authors(people: tuple[Name, ...]) -> str:
    parts = [_sorted(n, initialise=True, demote=False) for n in people]
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) <= 20:
        return ", ".join(parts[:-1]) + ", & " + parts[-1]
    return ", ".join(parts[:19]) + ", \u2026 " + parts[-1]


def _apa_source(ref: Reference) -> str:
    if ref.kind == "preprint":
        return "arXiv."
    if not ref.venue:
        return ""
    venue = ref.venue
    volume = venue.volume + (f"({venue.issue})" if venue.issue else "")
    return end_sentence(_join([title_case(venue.journal), volume, _pages(venue.pages)], ", "))


def render_apa(item: CiteItem) -> str:
    ref = reference(item)
    date = f"({ref.date[0]})." if ref.date else "(n.d.)."
    title = ref.title + (f" ({ref.number})" if ref.number else "")
    authors = apa_authors(ref.authors)
    head = [end_sentence(authors), date, end_sentence(title)]
    if not authors:
        head = [end_sentence(title), date]
    return _join([*head, _apa_source(ref), ref.link])


# ---- MLA 9 -----------------------------------------------------------------------


def mla_authors(people: tuple[Name, ...]) -> str:
    if not people:
        return ""
    first = _sorted(people[0], initialise=False, demote=False)
    if len(people) == 1:
        return first
    if len(people) == 2:
        return f"{first}, and {_natural(people[1])}"
    return f"{first}, et al."


def mla_date(parts: tuple[int, ...]) -> str:
    if len(parts) == 3:
        return f"{parts[2]} {MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0]) if parts else ""


def render_mla(item: CiteItem) -> str:
    ref = reference(item)
    venue = ref.venue
    container: list[str] = [ref.number, "arXiv" if ref.kind == "preprint" else ""]
    if venue:
        container += [
            title_case(venue.journal),
            f"vol. {venue.volume}" if venue.volume else "",
            f"no. {venue.issue}" if venue.issue else "",
        ]
    container.append(mla_date(ref.date[:2] if ref.kind == "published" else ref.date))
    if venue and venue.pages:
        container.append(("pp. " if "-" in venue.pages else "p. ") + _pages(venue.pages))
    container.append(ref.link)
    authors = mla_authors(ref.authors)
    title = title_case(ref.title)
    # A journal article without a known journal is cited as a work of its own (italics).
    title = end_sentence(title) if ref.kind == "published" and not venue else _quoted(title)
    return _join([end_sentence(authors), title, end_sentence(_join(container, ", "))])


# ---- Chicago author-date (18th edition) ----------------------------------------------


def chicago_authors(people: tuple[Name, ...]) -> str:
    if not people:
        return ""
    listed = [_sorted(people[0], initialise=False, demote=True)]
    listed += [_natural(n) for n in people[1:]]
    if len(listed) >= 7:
        return ", ".join(listed[:3]) + ", et al."
    if len(listed) == 1:
        return listed[0]
    if len(listed) == 2:
        return f"{listed[0]}, and {listed[1]}"
    return ", ".join(listed[:-1]) + ", and " + listed[-1]


def _chicago_source(ref: Reference) -> str:
    when = ""
    if len(ref.date) >= 2:
        when = MONTHS[ref.date[1] - 1] + (f" {ref.date[2]}" if len(ref.date) == 3 else "")
    if ref.kind == "preprint":
        return end_sentence(ref.number) + " " + end_sentence(_join(["Preprint, arXiv", when], ", "))
    if ref.kind == "other":
        return "Preprint."
    venue = ref.venue
    if not venue:
        return end_sentence(when)
    if venue.volume or venue.pages:
        month = f" ({MONTHS[ref.date[1] - 1]})" if len(ref.date) > 1 and not venue.issue else ""
        issue = f" ({venue.issue})" if venue.issue else ""
        pages = f": {_pages(venue.pages)}" if venue.pages else ""
        return end_sentence(f"{title_case(venue.journal)} {venue.volume}{issue}{month}{pages}")
    return end_sentence(_join([title_case(venue.journal), "ahead of print", when], ", "))


def render_chicago(item: CiteItem) -> str:
    ref = reference(item)
    year = f"{ref.date[0]}." if ref.date else "n.d."
    authors = chicago_authors(ref.authors)
    title = title_case(ref.title)
    title = end_sentence(title) if ref.kind == "published" and not ref.venue else _quoted(title)
    head = [end_sentence(authors), year, title] if authors else [title, year]
    return _join([*head, _chicago_source(ref), end_sentence(ref.link) if ref.link else ""])
