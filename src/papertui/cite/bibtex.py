"""BibTeX (`@misc`, as arXiv exports it) and BibLaTeX (`@online` with eprint fields).

    @misc{degouvea2003statisticaltestanarchy,
      title = {Statistical Test of Anarchy},
      author = {Andre de Gouvea and Hitoshi Murayama},
      year = {2003},
      month = jan,
      eprint = {hep-ph/0301050},
      archivePrefix = {arXiv},
      primaryClass = {hep-ph},
      url = {https://arxiv.org/abs/hep-ph/0301050},
      doi = {10.1016/j.physletb.2003.08.045},
      journal = {Phys.Lett.B573:94-100,2003},
    }

Text fields are TeX (`papertui.cite.tex`); url, doi and eprint are never
escaped. Published papers add `doi` and `journal` (the free-text arXiv journal
reference), which reference managers import. With a user state, tags become
`keywords` and the note `annote` (BibLaTeX: `annotation`), which standard
styles do not print, so private notes stay out of reference lists.
"""

from __future__ import annotations

from papertui.cite.common import (
    CiteItem,
    arxiv_doi,
    date_parts,
    iso_date,
    note_of,
    page_url,
    published_doi,
    split_name,
    tags_of,
)
from papertui.cite.tex import protect_case, raw_value, tex_display, tex_value
from papertui.models import Author, Paper
from papertui.texify import normalise_whitespace

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
Field = tuple[str, str]  # (name, complete value text: "{...}" or a macro)


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


def bibtex_name(author: Author) -> str:
    """One name in BibTeX syntax: "Family, Given" when the parts are known, else as given.

    Groups ("ATLAS Collaboration"), names containing " and " and a person named
    "others" (BibTeX's "et al.") are braced whole.
    """
    name = normalise_whitespace(author.name)
    family, given = author.family.strip(), author.given.strip()
    if family and name == normalise_whitespace(f"{given} {family}"):
        value = f"{family}, {given}" if given else family
    elif "," in name:
        parts = split_name(tex_display(author.name))
        value = ", ".join(p for p in (parts.family, parts.suffix, parts.given) if p)
    else:
        value = name
    is_group = " " in value and not split_name(value).given
    if is_group or _has_top_level_and(value) or value.lower() == "others":  # "and others" = et al.
        value = f"{{{value}}}"
    return tex_value(value)


def authors_field(paper: Paper) -> str:
    return " and ".join(n for n in (bibtex_name(a) for a in paper.authors) if n)


def title_field(paper: Paper) -> str:
    return tex_value(protect_case(paper.title))


def _user_fields(item: CiteItem, note_field: str) -> list[Field]:
    tags = tags_of(item.state)
    note = note_of(item.state)
    return [
        ("keywords", braced(raw_value(", ".join(tags)))),
        (note_field, braced(raw_value(note))),
    ]


def render_bibtex(item: CiteItem) -> str:
    paper = item.paper
    parts = date_parts(paper)
    fields: list[Field] = [
        ("title", braced(title_field(paper))),
        ("author", braced(authors_field(paper))),
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
        ("journal", braced(tex_value(paper.journal_ref))),
    ]
    fields += _user_fields(item, "annote")
    return entry("misc", item.key, fields)


def render_biblatex(item: CiteItem) -> str:
    paper = item.paper
    fields: list[Field] = [
        ("title", braced(title_field(paper))),
        ("author", braced(authors_field(paper))),
        ("date", braced(iso_date(paper))),
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
        ("addendum", braced(tex_value(paper.journal_ref))),
    ]
    fields += _user_fields(item, "annotation")
    return entry("online", item.key, fields)
