"""Reference-list entries in APA 7, MLA 9 and Chicago author-date, as plain Unicode text.

An arXiv paper is cited as a preprint with arXiv's DOI
(`https://doi.org/10.48550/arXiv.<id>`). Titles are kept as the source gives
them (converting to sentence case would wreck proper nouns and acronyms) and
cannot be italicised in plain text. Each style's many-author rule applies:

* APA: up to 20 authors listed; more: the first 19, ". . .", the last.
* MLA: 1 author, 2 authors ("A, and B"), 3 or more: "First, et al.".
* Chicago author-date: up to 10 listed; more: the first 7, "et al.".

Papers without an arXiv id are cited with their journal reference and DOI/page.
"""

from __future__ import annotations

from papertui.cite.common import (
    MONTHS,
    CiteItem,
    Name,
    clean,
    date_parts,
    end_sentence,
    link,
    names,
    title,
)
from papertui.models import Paper

MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


def journal(paper: Paper) -> str:
    """Where a paper without an arXiv id appeared (the free-text journal reference)."""
    return clean(paper.journal_ref)


def _join(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)


def _quoted(text: str) -> str:
    """“Title.” with the full stop inside the quotes (“Title?” keeps its own mark)."""
    return f"\u201c{end_sentence(text)}\u201d"


# ---- APA 7 -----------------------------------------------------------------------


def apa_name(name: Name) -> str:
    text = name.family
    initials = name.initials()
    if initials:
        text += f", {initials}"
    return f"{text}, {name.suffix}" if name.suffix else text


def apa_authors(people: list[Name]) -> str:
    parts = [apa_name(n) for n in people]
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) <= 20:
        return ", ".join(parts[:-1]) + ", & " + parts[-1]
    return ", ".join(parts[:19]) + ", . . . " + parts[-1]


def render_apa(item: CiteItem) -> str:
    paper = item.paper
    parts = date_parts(paper)
    date = f"({parts[0]})." if parts else "(n.d.)."
    what = f"{title(paper)} [Preprint]." if paper.arxiv_id else end_sentence(title(paper))
    authors = apa_authors(names(paper))
    head = [end_sentence(authors), date, what] if authors else [what, date]
    source = "arXiv." if paper.arxiv_id else end_sentence(journal(paper))
    return _join([*head, source, link(paper)])


# ---- MLA 9 -----------------------------------------------------------------------


def mla_authors(people: list[Name]) -> str:
    if not people:
        return ""
    if len(people) == 1:
        return people[0].inverted
    if len(people) == 2:
        return f"{people[0].inverted}, and {people[1].full}"
    return f"{people[0].inverted}, et al."


def mla_date(parts: tuple[int, ...]) -> str:
    if len(parts) == 3:
        return f"{parts[2]} {MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0]) if parts else ""


def render_mla(item: CiteItem) -> str:
    paper = item.paper
    parts = date_parts(paper)
    source = "arXiv" if paper.arxiv_id else journal(paper)
    date = "" if parts and not paper.arxiv_id and str(parts[0]) in source else mla_date(parts)
    container = [source, date, link(paper)]
    tail = ", ".join(p for p in container if p)
    authors = mla_authors(names(paper))
    return _join([end_sentence(authors), _quoted(title(paper)), end_sentence(tail)])


# ---- Chicago author-date -----------------------------------------------------------


def chicago_authors(people: list[Name]) -> str:
    if not people:
        return ""
    listed = [people[0].inverted] + [n.full for n in people[1:]]
    if len(listed) > 10:
        return ", ".join(listed[:7]) + ", et al."
    if len(listed) == 1:
        return listed[0]
    return ", ".join(listed[:-1]) + ", and " + listed[-1]


def chicago_preprint(parts: tuple[int, ...]) -> str:
    """ "Preprint, arXiv, December 1." (the year is already at the front)."""
    when = ""
    if len(parts) >= 2:
        when = MONTHS[parts[1] - 1] + (f" {parts[2]}" if len(parts) == 3 else "")
    return end_sentence(", ".join(p for p in ("Preprint", "arXiv", when) if p))


def render_chicago(item: CiteItem) -> str:
    paper = item.paper
    parts = date_parts(paper)
    year = f"{parts[0]}." if parts else "n.d."
    authors = chicago_authors(names(paper))
    head = [end_sentence(authors), year, _quoted(title(paper))]
    if not authors:
        head = [_quoted(title(paper)), year]
    source = chicago_preprint(parts) if paper.arxiv_id else end_sentence(journal(paper))
    url = link(paper)
    return _join([*head, source, end_sentence(url) if url else ""])
