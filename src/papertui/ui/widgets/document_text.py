"""A paper's document as rich `Text`, one piece per block (every text stays text).

The reading pane wraps these pieces to its width. A block's piece is also what
in-paper search runs over (`reading.find.find(document, query, texts)`), so a
match's offsets are offsets into the piece and can be highlighted there; so are the
offsets of its in-text citations (`Cite`). Bibliography entries are marked ● when
the paper is in the library, ○ when not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
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
    Reference,
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


def line_starts(plain: str, lines: Sequence[str]) -> list[int]:
    """Where each of a piece's wrapped `lines` starts in its text `plain` (wrapping drops
    the spaces it breaks at, so each line is looked for from where the last one ended)."""
    starts, pos = [], 0
    for line in lines:
        core = line.strip()
        found = plain.find(core, pos) if core else -1
        found = pos if found < 0 else found
        starts.append(found)
        pos = found + len(core)
    return starts


_SPAN_STYLES = {EMPH: "em", MATH: "math", TEX: "tex", CITE: "cite", REF: "ref", LINK: "link"}


IN_LIBRARY, NOT_IN_LIBRARY = "●", "○"


@dataclass(frozen=True)
class Cite:
    """An in-text citation: where it is in its block's piece, and the entry it cites."""

    block: int
    start: int
    end: int
    key: str  # the bibliography entry's key (`Reference.key`)


@dataclass(frozen=True)
class Piece:
    block: int  # index into document.blocks; -1 for the title, abstract and references
    text: Text
    gap: bool = True  # a blank line above it
    cites: tuple[Cite, ...] = ()
    reference: str = ""  # the key of the bibliography entry this piece is


def spans_text(
    spans: Spans, style: StyleOf, cites: list[Cite] | None = None, block: int = -1
) -> Text:
    """The spans as text; with `cites`, the citations are added to it (offsets in `text`)."""
    return _append_spans(Text(end=""), spans, style, cites, block)


def _append_spans(
    text: Text, spans: Spans, style: StyleOf, cites: list[Cite] | None, block: int
) -> Text:
    for span in spans:
        if span.style == NOTE:
            text.append(f"[{shown(span.text)}]", style("muted"))
        elif span.style in _SPAN_STYLES:
            start, part = len(text), shown(span.text)
            text.append(part, style(_SPAN_STYLES[span.style]))
            if span.style == CITE and span.target and part and cites is not None:
                cites.append(Cite(block, start, len(text), span.target))
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


def block_piece(block: Block, style: StyleOf, cites: list[Cite], number: int = -1) -> Text:
    """Block `number`'s text; its citations are added to `cites`."""
    match block:
        case Heading():
            title = shown(f"{block.number} {block.title}".strip())
            return Text(title, style("heading" if block.level == 1 else "subheading"), end="")
        case Paragraph():
            return spans_text(block.spans, style, cites, number)
        case ListBlock():
            text = Text(end="")
            for n, (marker, spans) in enumerate(block.items):
                text.append(("\n" if n else "") + f"  {shown(marker)} ")
                _append_spans(text, spans, style, cites, number)
            return text
        case Theorem():
            text = Text(f"{shown(block.label)}.", style("label"), end="")
            for paragraph in block.paragraphs:
                text.append("\n")
                _append_spans(text, paragraph, style, cites, number)
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


def block_pieces(document: Document, style: StyleOf) -> list[Piece]:
    pieces = []
    for number, block in enumerate(document.blocks):
        cites: list[Cite] = []
        text = block_piece(block, style, cites, number)
        pieces.append(Piece(number, text, cites=tuple(cites)))
    return pieces


def reference_piece(ref: Reference, in_library: bool | None) -> Piece:
    """A bibliography entry, marked ● (in the library) or ○ (not) once that is known."""
    mark = "" if in_library is None else f"{IN_LIBRARY if in_library else NOT_IN_LIBRARY} "
    label = f"{ref.label} " if ref.label else ""
    return Piece(-1, Text(shown(f"{mark}{label}{ref.text}"), end=""), False, reference=ref.key)


def document_pieces(
    document: Document, style: StyleOf, in_library: Mapping[str, str] | None = None
) -> list[Piece]:
    """Title, authors, source notes, abstract, the blocks, footnotes and references
    (`in_library`: entry key → library id, "" when not there; None: not known yet)."""
    title = shown(document.title) or "(untitled)"
    pieces = [Piece(-1, Text(title, style("title"), end=""), False)]
    if document.authors:
        authors = shown(", ".join(document.authors))
        pieces.append(Piece(-1, Text(authors, style("muted"), end="")))
    if document.abstract:
        pieces.append(Piece(-1, Text("Abstract", style("heading"), end="")))
        pieces += [Piece(-1, spans_text(p, style)) for p in document.abstract]
    pieces += block_pieces(document, style)
    if document.footnotes:
        pieces.append(Piece(-1, Text("Notes", style("heading"), end="")))
        for note in document.footnotes:
            note_text = shown(f"[{note.number}] {note.text}")
            pieces.append(Piece(-1, Text(note_text, style("muted"), end="")))
    if document.references:
        pieces.append(Piece(-1, Text("References", style("heading"), end="")))
        for ref in document.references:
            known = None if in_library is None else bool(in_library.get(ref.key))
            pieces.append(reference_piece(ref, known))
    return pieces
