"""BibTeX and BibLaTeX: `@misc`/`@online` for preprints, `@article` when published.

    @article{degouvea2003statisticaltestanarchy,
      title = {Statistical Test of Anarchy},
      author = {de Gouvea, Andre and Murayama, Hitoshi},
      journal = {Phys.Lett.B},
      volume = {573},
      pages = {94--100},
      year = {2003},
      eprint = {hep-ph/0301050},
      archivePrefix = {arXiv},
      primaryClass = {hep-ph},
      url = {https://arxiv.org/abs/hep-ph/0301050},
      doi = {10.1016/j.physletb.2003.08.045},
    }

A preprint is `@misc` with arXiv's eprint fields, as arXiv exports it
(BibLaTeX: `@online`, `eprinttype = {arxiv}`). A paper whose journal reference
parses (`papertui.cite.venue`) is `@article` with journal, volume, number and
pages, and the journal's year. Titles and names are TeX (`papertui.cite.tex`),
case-protected for styles that lower-case titles (`papertui.cite.case_protect`);
url, doi and eprint are never escaped. With a user state, tags become
`keywords` and the note `annote` (BibLaTeX: `annotation`), escaped as plain
text (`papertui.cite.texsafe`); standard styles do not print them, so private
notes stay out of reference lists. Characters pdflatex cannot typeset are left
out and reported (`papertui.cite.dropped`).
"""

from __future__ import annotations

from papertui.cite.case_protect import protect_case
from papertui.cite.common import (
    CiteItem,
    arxiv_doi,
    date_parts,
    iso_date,
    note_of,
    page_url,
    published_doi,
    tags_of,
)
from papertui.cite.names import SUFFIXES, split_name
from papertui.cite.reference import reference
from papertui.cite.tex import raw_value, tex_value
from papertui.cite.texsafe import escape_text, pdflatex_safe, typesettable
from papertui.models import Author, Paper
from papertui.sanitize import printable
from papertui.texify import normalise_whitespace

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
Field = tuple[str, str]  # (name, complete value text: "{...}" or a macro)


def droppable_first(text: str) -> str:
    """Characters pdflatex cannot typeset left out before the text is read as TeX: left
    out after, `\\ſ` would leave a lone backslash that escapes the field's brace."""
    return typesettable(printable(text, single_line=True))


def braced(value: str) -> str:
    return f"{{{value}}}" if value else ""


def entry(kind: str, key: str, fields: list[Field]) -> str:
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields if value]
    lines.append("}")
    return "\n".join(lines)


def _has_top_level_and(text: str) -> bool:
    depth = 0
    lower = text.lower()
    for i, char in enumerate(text):
        depth += (char == "{") - (char == "}")
        if depth == 0 and lower.startswith(" and ", i):
            return True
    return False


def _suffix_of(name: str) -> str:
    words = name.split()
    return words[-1] if len(words) > 2 and words[-1].lower() in SUFFIXES else ""


def bibtex_name(author: Author) -> str:
    """One name in BibTeX syntax: "Family, [Jr.,] Given" when the parts are known.

    Groups ("ATLAS Collaboration"), names containing " and " and a person named
    "others" (BibTeX's "et al.") are braced whole. A suffix goes in BibTeX's
    "Jr" part ("King, Jr., Martin Luther"), or styles would print it as the name.
    """
    name = normalise_whitespace(author.name)
    family, given = author.family.strip(), author.given.strip()
    if family and name.startswith(normalise_whitespace(f"{given} {family}")):
        value = ", ".join(p for p in (family, _suffix_of(name), given) if p)
    elif "," in name or _suffix_of(name):
        parts = split_name(name)
        given = " ".join(p for p in (parts.given, parts.dropping) if p)
        value = ", ".join(p for p in (parts.family_full, parts.suffix, given) if p)
    else:
        value = name
    is_group = " " in value and not split_name(value).given
    if is_group or _has_top_level_and(value) or value.lower() == "others":  # "and others" = et al.
        value = f"{{{value}}}"
    return pdflatex_safe(tex_value(droppable_first(value)))


def authors_field(paper: Paper) -> str:
    return " and ".join(n for n in (bibtex_name(a) for a in paper.authors) if n)


def title_field(paper: Paper) -> str:
    return pdflatex_safe(tex_value(protect_case(droppable_first(paper.title))))


def _user_fields(item: CiteItem, note_field: str) -> list[Field]:
    tags = tags_of(item.state)
    note = note_of(item.state)
    return [
        ("keywords", braced(escape_text(", ".join(tags)))),
        (note_field, braced(escape_text(note))),
    ]


def _tex(text: str) -> str:
    return braced(pdflatex_safe(tex_value(droppable_first(text))))


def _journal_fields(item: CiteItem, journal_field: str) -> list[Field]:
    """journal, volume, number, pages of a paper with a journal reference."""
    venue = reference(item).venue
    if not venue:
        return []
    return [
        (journal_field, _tex(venue.journal)),
        ("volume", _tex(venue.volume)),
        ("number", _tex(venue.issue)),
        ("pages", _tex(venue.pages.replace("-", "--"))),
    ]


def render_bibtex(item: CiteItem) -> str:
    """`@article` when the journal is known, else `@misc` as arXiv exports it."""
    paper = item.paper
    journal = _journal_fields(item, "journal")
    # a journal's date (an arXiv version's month is not the journal's)
    parts = reference(item).date if journal else date_parts(paper)
    fields: list[Field] = [
        ("title", braced(title_field(paper))),
        ("author", braced(authors_field(paper))),
        *journal,
        ("year", braced(str(parts[0])) if parts else ""),
        ("month", MONTH_MACROS[parts[1] - 1] if len(parts) > 1 else ""),
    ]
    if paper.arxiv_id:
        fields += [
            ("eprint", braced(paper.arxiv_id)),
            ("archivePrefix", "{arXiv}"),
            ("primaryClass", braced(paper.primary_category)),
        ]
    fields += [
        ("url", braced(raw_value(page_url(paper)))),
        ("doi", braced(raw_value(published_doi(paper) or ("" if paper.arxiv_id else paper.doi)))),
    ]
    fields += _user_fields(item, "annote")
    return entry("article" if journal else "misc", item.key, fields)


def render_biblatex(item: CiteItem) -> str:
    """`@article` when the journal is known, else `@online` with arXiv's eprint fields."""
    paper = item.paper
    ref = reference(item)
    journal = _journal_fields(item, "journaltitle")
    # a journal's date (an arXiv version's month is not the journal's)
    date = iso_date(ref.date if journal else date_parts(paper))
    fields: list[Field] = [
        ("title", braced(title_field(paper))),
        ("author", braced(authors_field(paper))),
        *journal,
        ("date", braced(date)),
    ]
    if paper.arxiv_id:
        fields += [
            ("eprinttype", "{arxiv}"),
            ("eprintclass", braced(paper.primary_category)),
            ("eprint", braced(paper.arxiv_id)),
        ]
    fields += [
        ("doi", braced(raw_value(published_doi(paper) or arxiv_doi(paper) or paper.doi))),
        ("url", braced(raw_value(page_url(paper)))),
    ]
    fields += _user_fields(item, "annotation")
    return entry("article" if journal else "online", item.key, fields)
