"""Formats for reference managers: RIS and CSL-JSON.

RIS: `TY  - GEN` for a preprint (publisher arXiv, `AN` arXiv:<id>), `TY  - JOUR`
for a published paper (journal, volume, issue, pages); one `AU` per author
("Family, Given"), one `KW` per tag, the note as one `N1` on one line (RIS is
read line by line: a second line would be a second note). CSL-JSON: the items
of `papertui.cite.reference` (preprints as `article` with `number`
"arXiv:<id>", published papers as `article-journal`); tags go to `keyword`,
the note to `annote`.
"""

from __future__ import annotations

import json
from typing import Any

from papertui.cite.common import CiteItem, abstract, note_of, tags_of
from papertui.cite.names import Name
from papertui.cite.reference import reference


def _ris_line(tag: str, value: str) -> list[str]:
    """`TAG  - value` on one line (empty values are left out)."""
    value = " ".join(value.split())
    return [f"{tag}  - {value}"] if value else []


def render_ris(item: CiteItem) -> str:
    ref = reference(item)
    lines = ["TY  - JOUR" if ref.kind == "published" else "TY  - GEN"]
    lines += _ris_line("TI", ref.title)
    for name in ref.authors:
        lines += _ris_line("AU", name.family if name.is_literal else _ris_name(name))
    if ref.date:
        lines += _ris_line("PY", str(ref.date[0]))
        month = f"{ref.date[1]:02d}" if len(ref.date) > 1 else ""
        day = f"{ref.date[2]:02d}" if len(ref.date) > 2 else ""
        lines += _ris_line("DA", f"{ref.date[0]}/{month}/{day}/" if month else "")
    if ref.venue:
        first, _, last = ref.venue.pages.partition("-")
        lines += _ris_line("JO", ref.venue.journal)
        lines += _ris_line("VL", ref.venue.volume)
        lines += _ris_line("IS", ref.venue.issue)
        lines += _ris_line("SP", first)
        lines += _ris_line("EP", last)
    if ref.kind == "preprint":
        lines += _ris_line("PB", "arXiv")
    if ref.arxiv_id:
        lines += _ris_line("AN", f"arXiv:{ref.arxiv_id}")
    lines += _ris_line("DO", ref.doi)
    lines += _ris_line("UR", ref.url)
    lines += _ris_line("AB", abstract(item.paper))
    for tag in tags_of(item.state):
        lines += _ris_line("KW", tag)
    lines += _ris_line("N1", note_of(item.state))
    lines.append("ER  - ")
    return "\n".join(lines)


def _ris_name(name: Name) -> str:
    given = " ".join(p for p in (name.given, name.dropping) if p)
    head = f"{name.family_full}, {given}" if given else name.family_full
    return f"{head}, {name.suffix}" if name.suffix else head


def csl_item(item: CiteItem) -> dict[str, Any]:
    ref = reference(item)
    venue = ref.venue
    data: dict[str, Any] = {
        "id": item.key,
        "type": "article-journal" if ref.kind == "published" else "article",
        "title": ref.title,
        "author": [name.csl() for name in ref.authors],
        "issued": {"date-parts": [list(ref.date)]} if ref.date else None,
        "container-title": venue.journal if venue else "",
        "volume": venue.volume if venue else "",
        "issue": venue.issue if venue else "",
        "page": venue.pages if venue else "",
        "number": ref.number,
        "publisher": "arXiv" if ref.kind == "preprint" else "",
        "DOI": ref.doi,
        "URL": ref.url,
        "abstract": abstract(item.paper),
        "keyword": ", ".join(tags_of(item.state)),
        "annote": note_of(item.state),
    }
    return {k: v for k, v in data.items() if v}


def render_csl(item: CiteItem) -> str:
    """One item of a CSL-JSON array: one variable per line, values compact."""
    body = ",\n".join(
        f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in csl_item(item).items()
    )
    return f"  {{\n{body}\n  }}"
