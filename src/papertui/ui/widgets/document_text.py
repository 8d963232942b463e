"""A paper's document as rich `Text`, one piece per block (every text stays text).

The reading pane wraps these pieces to its width. A block's piece is also what
in-paper search runs over (`reading.find.find(document, query, texts)`), so a
match's offsets are offsets into the piece and can be highlighted there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from papertui.reading.document import (
    CITE,
    EMPH,
    LINK,
    MATH,
    NOTE,
    REF,
    TEX,
    Block,
    Document,
    Equation,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Spans,
    Table,
    Theorem,
)

StyleOf = Callable[[str], Style]  # a component's name ("title", "math", …) → its style

# Control and bidi-override characters (a paper's text is untrusted): dropped, so an
# escape sequence shows as harmless text; tabs and newlines inside a piece are spaces.
_UNSHOWN = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown(text: str) -> str:
    return _UNSHOWN.sub("", text.replace("\t", " ").replace("\n", " "))


_SPAN_STYLES = {EMPH: "em", MATH: "math", TEX: "tex", CITE: "cite", REF: "ref", LINK: "link"}


@dataclass(frozen=True)
class Piece:
    block: int  # index into document.blocks; -1 for the title, abstract and references
    text: Text
    gap: bool = True  # a blank line above it


def spans_text(spans: Spans, style: StyleOf) -> Text:
    text = Text(end="")
    for span in spans:
        if span.style == NOTE:
            text.append(f"[{shown(span.text)}]", style("muted"))
        elif span.style in _SPAN_STYLES:
            text.append(shown(span.text), style(_SPAN_STYLES[span.style]))
        else:
            text.append(shown(span.text))
    return text


def _table_text(table: Table, style: StyleOf) -> Text:
    caption = shown(f"{table.number}: {table.caption}".strip(": "))
    text = Text(caption, style("caption"), end="")
    if not table.rows:
        return text
    rows = [[shown(cell) for cell in row] for row in table.rows]
    columns = max(len(row) for row in rows)
    widths = [max((cell_len(r[c]) for r in rows if c < len(r)), default=0) for c in range(columns)]
    for n, row in enumerate(rows):
        cells = [cell + " " * (widths[c] - cell_len(cell)) for c, cell in enumerate(row)]
        text.append("\n")
        text.append("  " + " │ ".join(cells).rstrip(), style("table-head") if n == 0 else "")
    return text


def block_piece(block: Block, style: StyleOf) -> Text:
    match block:
        case Heading():
            title = shown(f"{block.number} {block.title}".strip())
            return Text(title, style("heading" if block.level == 1 else "subheading"), end="")
        case Paragraph():
            return spans_text(block.spans, style)
        case ListBlock():
            text = Text(end="")
            for n, (marker, spans) in enumerate(block.items):
                text.append(("\n" if n else "") + f"  {shown(marker)} ")
                text.append_text(spans_text(spans, style))
            return text
        case Theorem():
            text = Text(f"{shown(block.label)}.", style("label"), end="")
            for paragraph in block.paragraphs:
                text.append("\n")
                text.append_text(spans_text(paragraph, style))
            return text
        case Equation():
            text = Text("    ", end="")
            text.append(shown(block.text), style("tex" if block.is_tex else "math"))
            if block.number:
                text.append(f"   {shown(block.number)}", style("muted"))
            return text
        case Table():
            return _table_text(block, style)
        case Figure():
            return Text(shown(f"[{block.number}] {block.caption}"), style("caption"), end="")
    raise TypeError(f"not a block: {block!r}")


def document_pieces(document: Document, style: StyleOf) -> list[Piece]:
    """Title, authors, source notes, abstract, the blocks, footnotes and references."""
    title = shown(document.title) or "(untitled)"
    pieces = [Piece(-1, Text(title, style("title"), end=""), False)]
    if document.authors:
        authors = shown(", ".join(document.authors))
        pieces.append(Piece(-1, Text(authors, style("muted"), end="")))
    if document.abstract:
        pieces.append(Piece(-1, Text("Abstract", style("heading"), end="")))
        pieces += [Piece(-1, spans_text(p, style)) for p in document.abstract]
    pieces += [Piece(i, block_piece(b, style)) for i, b in enumerate(document.blocks)]
    if document.footnotes:
        pieces.append(Piece(-1, Text("Notes", style("heading"), end="")))
        for note in document.footnotes:
            note_text = shown(f"[{note.number}] {note.text}")
            pieces.append(Piece(-1, Text(note_text, style("muted"), end="")))
    if document.references:
        pieces.append(Piece(-1, Text("References", style("heading"), end="")))
        for ref in document.references:
            label = f"{ref.label} " if ref.label else ""
            pieces.append(Piece(-1, Text(shown(f"{label}{ref.text}"), end=""), gap=False))
    return pieces
