"""A PDF's text layer → `Document` (pypdfium2): paragraphs, headings where the lines
look like them, and the references section split into entries with their ids.

A PDF has no structure to read, only lines of text: everything here is a guess
from the lines, and the document says so (`from_pdf`). Math comes out as printed.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

from papertui.reading.document import (
    CITE,
    Document,
    Heading,
    Paragraph,
    Reference,
    Span,
    Spans,
    plain_text,
)
from papertui.reading.errors import ReadingError
from papertui.reading.reference_ids import extract_ids

MIN_CHARS_PER_PAGE = 20  # less than this on average: a scan without a text layer
# "2.1 Sorting keys": a short capitalised title, no sentence break, citation or end stop.
_NUMBERED_HEADING = re.compile(
    r"^(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+([A-Z][^;:\[\]]{0,69}[^.;:\[\]])$"
)
_NAMED_HEADINGS = {"abstract", "acknowledgements", "acknowledgments", "references",
                   "bibliography", "appendix", "introduction", "conclusions"}  # fmt: skip
_REFERENCE_HEADINGS = {"references", "bibliography"}
_CITATION = re.compile(r"\[(\d{1,4}(?:\s*,\s*\d{1,4})*)\]")
_ENTRY_START = re.compile(r"^\s*(\[\d{1,4}\]|\d{1,4}\.)\s+")
_SENTENCE_END = (".", "!", "?", ":")
# TeX's spacing accents come out of PDFs before their letter ("P´erez"): put them back.
_SPACING_ACCENTS = {"´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303",
                    "¸": "\u0327", "ˇ": "\u030c"}  # fmt: skip
# Control and private-use characters are glyphs of math fonts with no Unicode meaning.
_GLYPH_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\ue000-\uf8ff]")
_ACCENTED = re.compile("([" + "".join(_SPACING_ACCENTS) + r"])\s?([A-Za-zıȷ])")


def parse_pdf(data: bytes, *, source: str = "PDF", source_url: str = "") -> Document:
    pages = _page_texts(data, source)
    if sum(len("".join(p.split())) for p in pages) < MIN_CHARS_PER_PAGE * max(len(pages), 1):
        raise ReadingError(
            f"the PDF from {source} has no text layer (a scanned document?): "
            "there is no text to show; open the PDF itself to read it"
        )
    lines = [line for page in pages for line in _page_lines(page)]
    body, reference_lines = _split_references(lines)
    references = _references(reference_lines)
    keys = {r.label.strip("[]"): r.key for r in references if r.label}
    blocks = [
        Paragraph(_cited(b.spans[0].text, keys)) if isinstance(b, Paragraph) else b
        for b in _blocks(body)
    ]
    title = next((plain_text(b.spans) for b in blocks if isinstance(b, Paragraph)), "")
    return Document(
        title=title[:200],
        authors=(),
        abstract=(),
        blocks=blocks,
        references=tuple(references),
        source=source,
        source_url=source_url,
        from_pdf=True,
    )


def _cited(text: str, keys: dict[str, str]) -> Spans:
    """`[2, 3]` in the text → citation spans of the entries labelled [2] and [3]."""
    spans: list[Span] = []
    done = 0
    for bracket in _CITATION.finditer(text) if keys else ():
        numbers = [n.strip() for n in bracket.group(1).split(",")]
        if not all(n in keys for n in numbers):
            continue
        spans.append(Span(text[done : bracket.start() + 1]))
        for index, number in enumerate(numbers):
            if index:
                spans.append(Span(", "))
            spans.append(Span(number, CITE, keys[number]))
        done = bracket.end() - 1
    spans.append(Span(text[done:]))
    return tuple(s for s in spans if s.text)


def _page_texts(data: bytes, source: str) -> list[str]:
    import pypdfium2 as pdfium  # imported here: only reading a PDF needs it

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadingError(
                f"the PDF from {source} is encrypted: papertui cannot read it"
            ) from None
        raise ReadingError(f"the PDF from {source} is damaged or incomplete ({exc})") from None
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    except pdfium.PdfiumError as exc:
        raise ReadingError(f"the PDF from {source} is damaged ({exc})") from None
    finally:
        pdf.close()


def _fix_accents(text: str) -> str:
    def combine(match: re.Match[str]) -> str:
        letter = {"ı": "i", "ȷ": "j"}.get(match.group(2), match.group(2))
        return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[match.group(1)])

    return _ACCENTED.sub(combine, text)


def _page_lines(page: str) -> list[str]:
    lines = [
        " ".join(_GLYPH_JUNK.sub(" ", _fix_accents(line)).split()) for line in page.splitlines()
    ]
    return [line for line in lines if line and not line.isdigit()]  # page numbers dropped


def _heading(line: str) -> Heading | None:
    if line.lower().rstrip(".") in _NAMED_HEADINGS:
        return Heading(1, "", line.rstrip("."))
    match = _NUMBERED_HEADING.match(line)
    if match and len(match.group(2).split()) <= 10 and ". " not in match.group(2):
        number = match.group(1)
        return Heading(number.count(".") + 1, number, match.group(2).strip())
    return None


def _split_references(lines: list[str]) -> tuple[list[str], list[str]]:
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].lower().rstrip(".") in _REFERENCE_HEADINGS:
            return lines[: index + 1], lines[index + 1 :]
    return lines, []


def _blocks(lines: list[str]) -> list[Heading | Paragraph]:
    long_lines = [len(line) for line in lines if len(line) > 30]
    full = statistics.median(long_lines) if long_lines else 60
    blocks: list[Heading | Paragraph] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Paragraph((Span(_join(current)),)))
            current.clear()

    for line in lines:
        heading = _heading(line)
        if heading:
            flush()
            blocks.append(heading)
            continue
        current.append(line)
        if line.endswith(_SENTENCE_END) and len(line) < 0.85 * full:
            flush()
    flush()
    return blocks


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].islower() and line[:1].islower():
            text = text[:-1] + line  # a word hyphenated at the line end
        else:
            text = f"{text} {line}" if text else line
    return text


def _references(lines: list[str]) -> list[Reference]:
    entries: list[tuple[str, list[str]]] = []
    for line in lines:
        match = _ENTRY_START.match(line)
        if match:
            entries.append((match.group(1), [line[match.end() :]]))
        elif entries:
            entries[-1][1].append(line)
    if not entries:  # unnumbered styles: one paragraph per entry
        entries = [("", [b.spans[0].text]) for b in _blocks(lines) if isinstance(b, Paragraph)]
    references = []
    for number, (label, parts) in enumerate(entries, start=1):
        text = _join(parts)
        arxiv_id, doi = extract_ids(text)
        shown = f"[{label.rstrip('.')}]" if label and not label.startswith("[") else label
        references.append(Reference(f"ref{number}", shown, text, arxiv_id, doi))
    return references
