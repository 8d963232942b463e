"""Short forms: a plain-text reference, a Markdown link, the bare arXiv id."""

from __future__ import annotations

import re

from papertui.cite.common import (
    CiteItem,
    clean,
    date_parts,
    doi_url,
    end_sentence,
    page_url,
    published_doi,
    title,
)
from papertui.cite.names import names
from papertui.models import Paper

# Inside link text only these can change the rendering (line-start markers cannot occur).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")


def short_authors(paper: Paper) -> str:
    """ "A", "A and B" or "A et al." (full names)."""
    people = [n.full for n in names(paper)]
    if len(people) <= 2:
        return " and ".join(people)
    return f"{people[0]} et al."


def render_plain(item: CiteItem) -> str:
    """ "C. Balázs et al. (2007). Title. Phys.Rev.D76:013009,2007. arXiv:0704.0001. URL".

    The link is the published version's DOI when there is one, else the arXiv page.
    """
    paper = item.paper
    parts = date_parts(paper)
    authors = short_authors(paper)
    year = f"({parts[0]})" if parts else ""
    if authors:
        pieces = [end_sentence(f"{authors} {year}".strip()), end_sentence(title(paper))]
    else:
        pieces = [end_sentence(f"{title(paper)} {year}".strip())]
    if paper.journal_ref:
        pieces.append(end_sentence(clean(paper.journal_ref)))
    if paper.arxiv_id:
        pieces.append(f"arXiv:{paper.arxiv_id}.")
    pieces.append(doi_url(published_doi(paper)) or page_url(paper))
    return " ".join(p for p in pieces if p)


def markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def render_markdown(item: CiteItem) -> str:
    """`[Title](https://arxiv.org/abs/ID)`; just the escaped title when there is no link."""
    text = markdown_escape(title(item.paper))
    url = page_url(item.paper)
    return f"[{text}]({_markdown_url(url)})" if url else text


def render_id(item: CiteItem) -> str:
    """`arXiv:2401.12345`; papers without one: `doi:...`, else their page, else the title."""
    paper = item.paper
    if paper.arxiv_id:
        return f"arXiv:{paper.arxiv_id}"
    if paper.doi:
        return f"doi:{paper.doi}"
    return paper.abstract_page or title(paper)
