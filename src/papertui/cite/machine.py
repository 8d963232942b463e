"""Formats for reference managers: RIS and CSL-JSON.

RIS (`TY  - GEN` ... `ER  - `): one `AU` per author ("Family, Given"), one
`KW` per tag, the note as `N1`. CSL-JSON: CSL 1.0 `article` items (CSL's type
for preprints) with `number` = arXiv id and `publisher` = "arXiv"; tags go to
`keyword`, the note to `annote`, a journal reference to `note`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from papertui.cite.common import (
    CiteItem,
    abstract,
    author_name,
    best_doi,
    clean,
    date_parts,
    note_of,
    page_url,
    published_doi,
    tags_of,
    title,
)
from papertui.cite.tex import tex_display

_RIS_TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  -")


def _ris_line(tag: str, value: str) -> list[str]:
    """`TAG  - value`; continuation lines that would look like a tag are indented."""
    if not value:
        return []
    lines = value.split("\n")
    rest = [f" {line}" if _RIS_TAG_LINE.match(line) else line for line in lines[1:]]
    return [f"{tag}  - {lines[0]}", *rest]


def render_ris(item: CiteItem) -> str:
    paper = item.paper
    parts = date_parts(paper)
    lines = ["TY  - GEN"]
    lines += _ris_line("TI", title(paper))
    for author in paper.authors:
        name = author_name(author)
        lines += _ris_line("AU", name.inverted if name.family else tex_display(author.name))
    if parts:
        lines += _ris_line("PY", str(parts[0]))
        month = f"{parts[1]:02d}" if len(parts) > 1 else ""
        day = f"{parts[2]:02d}" if len(parts) > 2 else ""
        lines += _ris_line("DA", f"{parts[0]}/{month}/{day}/" if month else "")
    if paper.arxiv_id:
        lines += _ris_line("PB", "arXiv")
        lines += _ris_line("AN", f"arXiv:{paper.arxiv_id}")
    lines += _ris_line("DO", best_doi(paper))
    lines += _ris_line("UR", page_url(paper))
    lines += _ris_line("AB", abstract(paper))
    if paper.journal_ref:
        journal = f"Published in: {clean(paper.journal_ref)}"
        doi = published_doi(paper)
        shown = doi and doi != best_doi(paper)
        lines += _ris_line("N1", f"{journal} (doi:{doi})" if shown else journal)
    for tag in tags_of(item.state):
        lines += _ris_line("KW", tag)
    lines += _ris_line("N1", note_of(item.state))
    lines.append("ER  - ")
    return "\n".join(lines)


def csl_item(item: CiteItem) -> dict[str, Any]:
    paper = item.paper
    data: dict[str, Any] = {"id": item.key, "type": "article", "title": title(paper)}
    authors: list[dict[str, str]] = []
    for author in paper.authors:
        name = author_name(author)
        if name.family and name.given:
            person = {"family": name.family, "given": name.given}
            if name.suffix:
                person["suffix"] = name.suffix
            authors.append(person)
        elif name.family or author.name.strip():
            authors.append({"literal": name.family or tex_display(author.name)})
    if authors:
        data["author"] = authors
    parts = date_parts(paper)
    if parts:
        data["issued"] = {"date-parts": [list(parts)]}
    if paper.arxiv_id:
        data["number"] = paper.arxiv_id
        data["publisher"] = "arXiv"
    optional = {
        "DOI": best_doi(paper),
        "URL": page_url(paper),
        "abstract": abstract(paper),
        "note": f"Published in: {clean(paper.journal_ref)}" if paper.journal_ref else "",
        "keyword": ", ".join(tags_of(item.state)),
        "annote": note_of(item.state),
    }
    data.update({k: v for k, v in optional.items() if v})
    return data


def render_csl(item: CiteItem) -> str:
    """One item of a CSL-JSON array: one variable per line, values compact."""
    body = ",\n".join(
        f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in csl_item(item).items()
    )
    return f"  {{\n{body}\n  }}"
