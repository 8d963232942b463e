"""BibTeX files, parsed with bibtexparser v2 (whole file; BibTeX files are small).

The arXiv id comes from `eprint` (with `archivePrefix = {arXiv}`), an
`arXiv:...` journal, arXiv URLs in `url`/`howpublished`, or a
`10.48550/arXiv.<id>` DOI. TeX in titles, abstracts and names is kept;
`keywords` and `annote`/`annotation` (the user's tags and note, see
`papertui.library_import`) are read as the plain text they print.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from papertui.ids import arxiv_id_from_doi, paper_key, parse_arxiv_id
from papertui.importers.base import (
    BadRecord,
    ReadContext,
    Result,
    bare_doi,
    decode_utf8,
    read_capped,
)
from papertui.models import Author, Paper
from papertui.texify import tex_to_text

SOURCE = "bibtex"
_ENTRY_START = re.compile(r"(?m)^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]")
_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)"
    r"([a-z][a-z\-]+(?:\.[a-z]{2})?/\d{7}(?:v\d+)?|\d{4}\.\d{4,5}(?:v\d+)?)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")
_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip


def looks_like(head: str) -> bool:
    return bool(_ENTRY_START.search(head))


# ---- names ----------------------------------------------------------------------


def _split_top_level(text: str, separator: str) -> list[str]:
    """Split on `separator` (any case) outside braces (`{Barnes and Noble}` stays whole)."""
    parts: list[str] = []
    depth = start = i = 0
    width = len(separator)
    while i < len(text):
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and text[i : i + width].lower() == separator:
            parts.append(text[start:i])
            i += width
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _unbrace(text: str) -> str:
    """Drop one pair of braces enclosing the whole value (`{{Title}}` case protection)."""
    if len(text) >= 2 and text[0] == "{" and text[-1] == "}":
        depth = 0
        for i, char in enumerate(text):
            depth += (char == "{") - (char == "}")
            if depth == 0 and i < len(text) - 1:
                return text
        return text[1:-1].strip()
    return text


def parse_author(text: str) -> Author | None:
    """`Last, First`, `Last, Jr, First` or `First von Last` -> Author (TeX kept)."""
    parts = _split_top_level(text, ",")
    if not parts[0] or parts[0].lower() == "others":
        return None
    if len(parts) >= 3:
        family, suffix, given = parts[0], parts[1], ", ".join(parts[2:])
        name = " ".join(p for p in (given, family, suffix) if p)
    elif len(parts) == 2:
        family, given = parts
        name = f"{given} {family}" if given else family
    else:
        words = _split_top_level(parts[0], " ")
        words = [w for w in words if w]
        # As BibTeX reads "First von Last": the first lower-case word after the first
        # starts the family name ("Haitz Sáez de Ocáriz Borde" -> "de Ocáriz Borde")
        lower = (i for i in range(1, len(words) - 1) if words[i][:1].islower())
        cut = next(lower, len(words) - 1)
        given, family = " ".join(words[:cut]), " ".join(words[cut:])
        name = " ".join(words)
    return Author(name=name, family=_unbrace(family), given=given)


def parse_authors(text: str) -> tuple[Author, ...]:
    text = " ".join(text.split())
    authors = (parse_author(p) for p in _split_top_level(text, " and ") if p)
    return tuple(a for a in authors if a is not None)


# ---- dates, ids ------------------------------------------------------------------


def _month_number(text: str) -> int:
    text = text.strip().strip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else 0
    return _MONTHS.get(text, 0) or _MONTHS.get(text[:3], 0)


def entry_date(fields: dict[str, str]) -> tuple[str, str]:
    """(ISO date, precision) from `date` or `year`/`month`; precision "" means day."""
    date = fields.get("date", "").strip()
    pieces = date.split("-")
    if pieces[0].isdigit() and len(pieces[0]) == 4:
        month = int(pieces[1]) if len(pieces) > 1 and pieces[1].isdigit() else 0
        day = int(pieces[2][:2]) if len(pieces) > 2 and pieces[2][:2].isdigit() else 0
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{pieces[0]}-{month:02d}-{day:02d}", ""
        if 1 <= month <= 12:
            return f"{pieces[0]}-{month:02d}-01", "month"
        return f"{pieces[0]}-01-01", "year"
    year = _YEAR.search(fields.get("year", ""))
    if not year:
        return "", ""
    month = _month_number(fields.get("month", ""))
    if month:
        return f"{year.group()}-{month:02d}-01", "month"
    return f"{year.group()}-01-01", "year"


def _arxiv_from(fields: dict[str, str]) -> tuple[str, int]:
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", "").strip().lower()
    if eprint and prefix in ("", "arxiv"):
        parsed = parse_arxiv_id(eprint)
        if parsed:
            return parsed
    for key in ("journal", "url", "howpublished", "note", "eprint"):
        match = _ARXIV_IN_TEXT.search(fields.get(key, ""))
        if match:
            parsed = parse_arxiv_id(match.group(1))
            if parsed:
                return parsed
    from_doi = arxiv_id_from_doi(fields.get("doi", ""))
    return (from_doi, 0) if from_doi else ("", 0)


def _journal_ref(fields: dict[str, str]) -> str:
    journal = fields.get("journal", "").strip() or fields.get("booktitle", "").strip()
    if not journal or "arxiv" in journal.lower():
        return ""
    ref = _unbrace(journal)
    if fields.get("volume"):
        ref += f" {fields['volume'].strip()}"
        if fields.get("number"):
            ref += f"({fields['number'].strip()})"
    if fields.get("pages"):
        ref += f", {fields['pages'].strip()}"
    year = _YEAR.search(fields.get("year", ""))
    if year and year.group() not in ref:  # not twice: our own export writes it back
        ref += f" ({year.group()})"
    return ref


# ---- entries ---------------------------------------------------------------------


def entry_to_paper(entry: Entry) -> Result:
    location = f"entry {entry.key}"
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    title = _unbrace(fields.get("title", "").strip())
    if not title:
        return BadRecord(location, "no title")
    arxiv_id, version = _arxiv_from(fields)
    doi = bare_doi(fields.get("doi", ""))
    published, precision = entry_date(fields)
    extras: dict[str, Any] = {"bibtex_key": entry.key, "entry_type": entry.entry_type.lower()}
    if precision:
        extras["date_precision"] = precision
    keywords = tex_to_text(fields.get("keywords", ""))
    if keywords := [k.strip() for k in re.split(r"[,;]", keywords) if k.strip()]:
        extras["keywords"] = keywords
    if note := fields.get("note", "").strip():
        extras["note"] = note
    if annote := tex_to_text(fields.get("annote", "") or fields.get("annotation", "")):
        extras["annote"] = annote
    url = (fields.get("url", "") or fields.get("howpublished", "")).strip()
    url = url if url.startswith(("http://", "https://")) and "arxiv.org" not in url else ""
    primary = fields.get("primaryclass", "").strip()
    try:
        key = paper_key(arxiv_id=arxiv_id, doi=doi, title=title)
    except ValueError as exc:
        return BadRecord(location, str(exc))
    return Paper(
        id=key,
        title=title,
        authors=parse_authors(fields.get("author", "")),
        abstract=fields.get("abstract", "").strip(),
        published=published,
        categories=(primary,) if primary else (),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        journal_ref=_journal_ref(fields),
        abs_url="" if url.lower().endswith(".pdf") else url,
        pdf_url=url if url.lower().endswith(".pdf") else "",
        sources=(SOURCE,),
        extras=extras,
    )


def _failed(block: ParsingFailedBlock) -> BadRecord:
    message = str(block.error).strip().split("\n", 1)[0] or type(block).__name__
    inner = getattr(block, "ignore_error_block", None)
    key = getattr(inner, "key", None)
    if isinstance(block, DuplicateBlockKeyBlock) or key:
        return BadRecord(f"entry {key or block.key}", message)
    line = (block.start_line or 0) + 1
    return BadRecord(f"line {line}", message)


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    text = decode_utf8(read_capped(stream, ctx), ctx)
    try:
        library = bibtexparser.parse_string(text)
    except Exception as exc:  # bibtexparser reports most problems as failed blocks
        raise ctx.fail(f"cannot parse BibTeX: {exc}") from None
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            yield _failed(block)
        elif isinstance(block, Entry):
            yield entry_to_paper(block)
