"""Repair text that was garbled before papertui saw it ("LÃ¤mmerzahl" -> "Lämmerzahl").

Some sources decoded UTF-8 as Latin-1/Windows-1252 somewhere upstream. ftfy
undoes exactly that and leaves text that is not mojibake alone; its
`fix_encoding` step only, so quotes, HTML entities and TeX are kept as written.
"""

from __future__ import annotations

from dataclasses import replace

from ftfy import fix_encoding

from papertui.models import Author, Paper


def _author(author: Author) -> Author:
    return replace(
        author,
        name=fix_encoding(author.name),
        family=fix_encoding(author.family),
        given=fix_encoding(author.given),
    )


def repair(paper: Paper) -> Paper:
    """`paper` with mojibake in its title, abstract, names and journal reference repaired."""
    texts = (paper.title, paper.abstract, paper.journal_ref, *(a.name for a in paper.authors))
    if all(text.isascii() for text in texts):  # ASCII cannot be mojibake: skip the work
        return paper
    return replace(
        paper,
        title=fix_encoding(paper.title),
        abstract=fix_encoding(paper.abstract),
        journal_ref=fix_encoding(paper.journal_ref),
        authors=tuple(_author(a) for a in paper.authors),
    )
