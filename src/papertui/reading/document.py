"""The document model of a paper's full text, and its JSON form for the cache.

A document is a flat list of blocks in reading order (headings carry their
number and level, so the outline is the list of headings); inline text is a
tuple of `Span`s, each a piece of plain text with a style. Every text here is
plain text: nothing is markup, whatever the source page contained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Span styles. "math": TeX turned into faithful Unicode; "tex": TeX that could not be
# (shown as TeX, in its own style); "cite": target is a reference key; "ref": target is
# an anchor in the paper; "link": target is an http(s) URL; "note": target is a
# footnote number.
PLAIN, EMPH, MATH, TEX = "", "em", "math", "tex"
CITE, REF, LINK, NOTE = "cite", "ref", "link", "note"

FORMAT_VERSION = 1  # bump when the model or the parsers change: cached documents are re-parsed


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: str = PLAIN
    target: str = ""


Spans = tuple[Span, ...]


def plain_text(spans: Spans) -> str:
    return "".join(s.text for s in spans)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 section, 2 subsection, 3 subsubsection, 4 paragraph heading
    number: str  # "2.1", "A", or "" for unnumbered sections
    title: str
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Spans


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[tuple[str, Spans], ...]  # (marker as printed: "•", "1.", "(a)"; text)


@dataclass(frozen=True, slots=True)
class Theorem:
    label: str  # "Theorem 1", "Definition 2", "Proof"
    paragraphs: tuple[Spans, ...]
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Equation:
    text: str  # Unicode when faithful, else the TeX
    is_tex: bool
    number: str = ""  # "(1)"
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    number: str  # "Table 1"
    caption: str
    rows: tuple[tuple[str, ...], ...]
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    number: str  # "Figure 1"
    caption: str
    images: tuple[str, ...]  # absolute URLs when the page's address is known
    anchor: str = ""


Block = Heading | Paragraph | ListBlock | Theorem | Equation | Table | Figure


@dataclass(frozen=True, slots=True)
class Footnote:
    number: str
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    key: str  # the anchor citations point to ("bib.bib1"), or "ref1" from a PDF
    label: str  # "[1]" as printed, or ""
    text: str
    arxiv_id: str = ""  # without version
    doi: str = ""  # lower-cased, bare
    urls: tuple[str, ...] = ()


@dataclass
class Document:
    title: str
    authors: tuple[str, ...]
    abstract: tuple[Spans, ...]
    blocks: list[Block]
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()
    source: str = ""  # "arXiv HTML", "ar5iv", "arXiv PDF", or a file name
    source_url: str = ""
    from_pdf: bool = False  # text extracted from a PDF: layout guessed, math as printed
    notes: tuple[str, ...] = field(default=())  # what went wrong on the way, one line each

    def headings(self) -> list[tuple[int, Heading]]:
        """(block index, heading) for the outline."""
        return [(i, b) for i, b in enumerate(self.blocks) if isinstance(b, Heading)]

    def reference(self, key: str) -> Reference | None:
        return next((r for r in self.references if r.key == key), None)


# ---- JSON form (compact: spans as [text, style, target] lists) -------------------------


def _spans_out(spans: Spans) -> list[list[str]]:
    return [[s.text, s.style, s.target] if s.target else [s.text, s.style] for s in spans]


def _spans_in(raw: list[list[str]]) -> Spans:
    return tuple(Span(*item) for item in raw)


def _block_out(block: Block) -> dict[str, Any]:
    match block:
        case Heading():
            return {"k": "h", "level": block.level, "number": block.number,
                    "title": block.title, "anchor": block.anchor}  # fmt: skip
        case Paragraph():
            return {"k": "p", "spans": _spans_out(block.spans)}
        case ListBlock():
            return {"k": "l", "items": [[m, _spans_out(s)] for m, s in block.items]}
        case Theorem():
            return {"k": "t", "label": block.label, "anchor": block.anchor,
                    "paragraphs": [_spans_out(p) for p in block.paragraphs]}  # fmt: skip
        case Equation():
            return {"k": "e", "text": block.text, "is_tex": block.is_tex,
                    "number": block.number, "anchor": block.anchor}  # fmt: skip
        case Table():
            return {"k": "tb", "number": block.number, "caption": block.caption,
                    "rows": [list(r) for r in block.rows], "anchor": block.anchor}  # fmt: skip
        case Figure():
            return {"k": "f", "number": block.number, "caption": block.caption,
                    "images": list(block.images), "anchor": block.anchor}  # fmt: skip
    raise TypeError(f"not a block: {block!r}")


def _block_in(raw: dict[str, Any]) -> Block:
    kind = raw.pop("k")
    if kind == "h":
        return Heading(**raw)
    if kind == "p":
        return Paragraph(_spans_in(raw["spans"]))
    if kind == "l":
        return ListBlock(tuple((m, _spans_in(s)) for m, s in raw["items"]))
    if kind == "t":
        paragraphs = tuple(_spans_in(p) for p in raw["paragraphs"])
        return Theorem(raw["label"], paragraphs, raw["anchor"])
    if kind == "e":
        return Equation(**raw)
    if kind == "tb":
        return Table(raw["number"], raw["caption"], tuple(map(tuple, raw["rows"])), raw["anchor"])
    if kind == "f":
        return Figure(raw["number"], raw["caption"], tuple(raw["images"]), raw["anchor"])
    raise ValueError(f"unknown block kind {kind!r}")


def to_json(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "title": doc.title,
        "authors": list(doc.authors),
        "abstract": [_spans_out(p) for p in doc.abstract],
        "blocks": [_block_out(b) for b in doc.blocks],
        "footnotes": [[f.number, f.text] for f in doc.footnotes],
        "references": [
            [r.key, r.label, r.text, r.arxiv_id, r.doi, list(r.urls)] for r in doc.references
        ],
        "source": doc.source,
        "source_url": doc.source_url,
        "from_pdf": doc.from_pdf,
        "notes": list(doc.notes),
    }


def from_json(raw: dict[str, Any]) -> Document:
    """The document; ValueError (or KeyError/TypeError) when `raw` is not one of ours."""
    if raw.get("format") != FORMAT_VERSION:
        raise ValueError("written by another version of papertui")
    return Document(
        title=raw["title"],
        authors=tuple(raw["authors"]),
        abstract=tuple(_spans_in(p) for p in raw["abstract"]),
        blocks=[_block_in(b) for b in raw["blocks"]],
        footnotes=tuple(Footnote(n, t) for n, t in raw["footnotes"]),
        references=tuple(
            Reference(k, label, text, a, d, tuple(u))
            for k, label, text, a, d, u in raw["references"]
        ),
        source=raw["source"],
        source_url=raw["source_url"],
        from_pdf=bool(raw["from_pdf"]),
        notes=tuple(raw["notes"]),
    )
