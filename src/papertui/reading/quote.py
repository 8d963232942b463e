"""A passage of a paper as a quote with its citation, for the clipboard:

> The cost is 𝒪(n log n) …
>
> …

(Pérez-García et al., 2025, §3.2, arXiv:2501.01234v2)
"""

from __future__ import annotations

from collections.abc import Iterable

from papertui.cite.common import date_parts
from papertui.cite.names import names
from papertui.models import Paper
from papertui.reading.document import Document, Heading
from papertui.reading.find import block_text


def section_of(document: Document, block: int) -> Heading | None:
    """The innermost numbered heading the block is under."""
    for index in range(min(block, len(document.blocks) - 1), -1, -1):
        candidate = document.blocks[index]
        if isinstance(candidate, Heading) and candidate.number:
            return candidate
    return None


def citation(document: Document, block: int, paper: Paper | None, arxiv_id: str = "") -> str:
    """ "(Pérez-García et al., 2025, §3.2, arXiv:2501.01234v2)": whatever of it is known."""
    if paper is not None:
        families = [n.family_full for n in names(paper)]
        year = str(date_parts(paper)[0]) if date_parts(paper) else ""
        arxiv_id = paper.arxiv_id or arxiv_id
        version = f"v{paper.arxiv_version}" if paper.arxiv_id and paper.arxiv_version else ""
    else:  # not in the library: the names as the paper prints them
        families = [a.split()[-1] for a in document.authors if a.split()]
        year, version = "", ""
    who = f"{families[0]} et al." if len(families) > 2 else " and ".join(families)
    heading = section_of(document, block)
    parts = [
        who,
        year,
        f"§{heading.number}" if heading else "",
        f"arXiv:{arxiv_id}{version}" if arxiv_id else "",
    ]
    return "(" + ", ".join(p for p in parts if p) + ")"


def quote(
    document: Document, blocks: Iterable[int], paper: Paper | None, arxiv_id: str = ""
) -> str:
    """The blocks as a Markdown-style quote (`> `), then their citation."""
    chosen = sorted(set(blocks))
    if not chosen:
        return ""
    paragraphs = [block_text(document.blocks[i]) for i in chosen]
    lines = "\n>\n".join("\n".join(f"> {line}" for line in p.splitlines()) for p in paragraphs)
    return f"{lines}\n\n{citation(document, chosen[0], paper, arxiv_id)}"
