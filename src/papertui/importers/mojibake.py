"""Repair text that was garbled before papertui saw it ("LÃ¤mmerzahl" -> "Lämmerzahl").

Some sources decoded UTF-8 as Latin-1/Windows-1252 somewhere upstream. ftfy
undoes exactly that and leaves text that is not mojibake alone; its
`fix_encoding` step only, so quotes, HTML entities and TeX are kept as written.
"""

from __future__ import annotations

import re
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


# UTF-8 read as Latin-1 / Windows-1252 turns every non-ASCII character into a lead
# character (Â-ô) followed by a continuation one (U+0080-U+00BF, or what cp1252 puts
# there: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Text without such a
# pair cannot be this mojibake: ftfy (which decides, and costs ~0.3 ms a paper) is
# only asked about text that has one.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


def repair(paper: Paper) -> Paper:
    """`paper` with mojibake in its title, abstract, names and journal reference repaired."""
    texts = (paper.title, paper.abstract, paper.journal_ref, *(a.name for a in paper.authors))
    if not any(_SUSPECT.search(text) for text in texts if not text.isascii()):
        return paper
    return replace(
        paper,
        title=fix_encoding(paper.title),
        abstract=fix_encoding(paper.abstract),
        journal_ref=fix_encoding(paper.journal_ref),
        authors=tuple(_author(a) for a in paper.authors),
    )
