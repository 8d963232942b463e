"""Plain text of each block (what the reader shows and searches) and search inside a paper."""

from __future__ import annotations

import re
from dataclasses import dataclass

from papertui.reading.document import (
    Block,
    Document,
    Equation,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    Theorem,
    plain_text,
)


def block_text(block: Block) -> str:
    match block:
        case Heading():
            return f"{block.number} {block.title}".strip()
        case Paragraph():
            return plain_text(block.spans)
        case ListBlock():
            return "\n".join(f"{marker} {plain_text(spans)}" for marker, spans in block.items)
        case Theorem():
            return "\n".join([f"{block.label}."] + [plain_text(p) for p in block.paragraphs])
        case Equation():
            return f"{block.text} {block.number}".strip()
        case Table():
            rows = "\n".join(" ".join(row) for row in block.rows)
            return f"{block.number}: {block.caption}\n{rows}"
        case Figure():
            return f"{block.number}: {block.caption}"
    raise TypeError(f"not a block: {block!r}")


@dataclass(frozen=True, slots=True)
class Match:
    block: int  # index into document.blocks
    start: int  # character offsets in block_text(block)
    end: int


def find(document: Document, query: str, texts: list[str] | None = None) -> list[Match]:
    """Every case-insensitive occurrence of `query` (whitespace-insensitive), in reading
    order. `texts` are the blocks' texts when the caller keeps them (a view does)."""
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    texts = texts if texts is not None else [block_text(b) for b in document.blocks]
    return [
        Match(index, found.start(), found.end())
        for index, text in enumerate(texts)
        for found in pattern.finditer(text)
    ]
