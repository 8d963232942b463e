"""A document as plain text or Markdown, for `papertui read` (pipeable: into less, an
LLM tool, a file). One paragraph per line; tables as aligned grids; math as Unicode
where faithful, else `$TeX$`. In Markdown, the paper's text is escaped so that it
stays text and never becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from papertui.reading.document import (
    EMPH,
    LINK,
    NOTE,
    TEX,
    Document,
    Equation,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Reference,
    Spans,
    Table,
    Theorem,
)
from papertui.reading.math_text import SUPERSCRIPTS

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def _escape(text: str, markdown: bool) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text) if markdown else text


def inline(spans: Spans, *, markdown: bool = False) -> str:
    out: list[str] = []
    for span in spans:
        text = _escape(span.text, markdown)
        if span.style == TEX:
            out.append(f"${span.text}$")
        elif span.style == NOTE:
            if markdown:
                out.append(f"[^{span.target}]")
            elif all(c in SUPERSCRIPTS for c in span.text):
                out.append("".join(SUPERSCRIPTS[c] for c in span.text))
            else:
                out.append(f"^{span.text}")
        elif span.style == LINK and span.text.strip() != span.target:
            out.append(f"[{text}]({span.target})" if markdown else f"{span.text} <{span.target}>")
        elif span.style == EMPH and markdown and text.strip():
            out.append(f"*{text.strip()}*" + (" " if text.endswith(" ") else ""))
        else:
            out.append(text)
    return "".join(out)


def grid(rows: tuple[tuple[str, ...], ...], *, markdown: bool = False) -> list[str]:
    """Rows as an aligned text grid (the first row as the header)."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    cells = [[_escape(c, markdown) for c in r] + [""] * (width - len(r)) for r in rows]
    sizes = [max(3, *(len(r[i]) for r in cells)) for i in range(width)]
    lines = []
    for number, row in enumerate(cells):
        padded = [c.ljust(sizes[i]) for i, c in enumerate(row)]
        lines.append(("| " + " | ".join(padded) + " |") if markdown else " | ".join(padded))
        if number == 0:
            if markdown:
                lines.append("|" + "|".join("-" * (s + 2) for s in sizes) + "|")
            else:
                lines.append("-+-".join("-" * s for s in sizes))
    return [line.rstrip() for line in lines]


def reference_line(ref: Reference, *, markdown: bool = False) -> str:
    ids = [f"arXiv:{ref.arxiv_id}" if ref.arxiv_id else "", f"doi:{ref.doi}" if ref.doi else ""]
    found = ", ".join(i for i in ids if i)
    label = f"{_escape(ref.label, markdown)} " if ref.label else ""
    line = f"{label}{_escape(ref.text, markdown)}"
    return f"{line} ({found})" if found else line


def render(document: Document, *, markdown: bool = False) -> str:
    lines: list[str] = []
    for line in _lines(document, markdown):
        if line or (lines and lines[-1]):  # never two blank lines in a row
            lines.append(line)
    return "\n".join(lines).rstrip() + "\n"


def _lines(doc: Document, md: bool) -> Iterator[str]:
    yield (f"# {_escape(doc.title, md)}" if md else doc.title) or "(untitled)"
    if doc.authors:
        yield ""
        yield _escape(", ".join(doc.authors), md)
    yield ""
    where = f"{doc.source} <{doc.source_url}>" if doc.source_url else doc.source
    yield f"Source: {where}" + ("; text extracted from PDF" if doc.from_pdf else "")
    for note in doc.notes:
        yield f"Note: {note}"
    if doc.abstract:
        yield from ("", "## Abstract" if md else "Abstract", "")
        for paragraph in doc.abstract:
            yield inline(paragraph, markdown=md)
            yield ""
    for block in doc.blocks:
        yield from _block(block, md)
    if doc.footnotes:
        yield from ("", "## Notes" if md else "Notes", "")
        for note in doc.footnotes:
            yield (
                f"[^{note.number}]: {_escape(note.text, md)}"
                if md
                else f"{note.number}. {note.text}"
            )
    if doc.references:
        yield from ("", "## References" if md else "References", "")
        for ref in doc.references:
            yield ("- " if md else "") + reference_line(ref, markdown=md)


def _block(block: object, md: bool) -> Iterator[str]:
    match block:
        case Heading():
            title = f"{block.number} {block.title}".strip()
            yield ""
            yield f"{'#' * min(block.level + 1, 6)} {_escape(title, md)}" if md else title
            if not md and block.level == 1:
                yield "=" * len(title)
            yield ""
        case Paragraph():
            yield inline(block.spans, markdown=md)
            yield ""
        case ListBlock():
            for marker, spans in block.items:
                shown = "-" if md and not marker[:1].isdigit() else marker
                yield f"{'' if md else '  '}{shown} {inline(spans, markdown=md)}"
            yield ""
        case Theorem():
            label = f"**{_escape(block.label, md)}.**" if md else f"{block.label}."
            texts = [inline(p, markdown=md) for p in block.paragraphs] or [""]
            yield f"{label} {texts[0]}".rstrip()
            yield from texts[1:]
            yield ""
        case Equation():
            shown = f"$${block.text}$$" if md and block.is_tex else block.text
            shown = f"${block.text}$" if block.is_tex and not md else shown
            yield f"    {shown}    {block.number}".rstrip()
            yield ""
        case Table():
            yield f"{_escape(block.number, md)}: {_escape(block.caption, md)}".strip(": ")
            yield ""
            yield from grid(block.rows, markdown=md)
            yield ""
        case Figure():
            yield f"{_escape(block.number, md)}: {_escape(block.caption, md)}".strip(": ")
            for url in block.images:
                yield (
                    f"![{_escape(block.number or 'image', md)}]({url})" if md else f"[image: {url}]"
                )
            yield ""
