"""BibTeX files, read as a stream of entries (`bibtex_scan`) in bounded memory.

The arXiv id comes from `eprint` (with `archivePrefix = {arXiv}`), an
`arXiv:...` journal, arXiv URLs in `url`/`howpublished`, or a
`10.48550/arXiv.<id>` DOI. TeX in titles, abstracts and names is kept; the
journal is decoded from TeX; `keywords` (-> `extras["keywords"]`, a list) and the
user's note `annote`/`annotation` (-> `extras["annote"]`) are read as the plain text
they print (`papertui.library_import` makes them tags and the note). BibTeX's own
`note` field is kept as `extras["note"]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, BinaryIO

from papertui.ids import arxiv_id_from_doi, paper_key, parse_arxiv_id
from papertui.importers.base import BadRecord, ReadContext, Result, bare_doi, text_chunks
from papertui.importers.bibtex_scan import Malformed, RawEntry, scan_blocks
from papertui.models import Author, Paper
from papertui.texify import tex_to_plain

SOURCE = "bibtex"
_ENTRY_START = re.compile(r"(?m)^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]")
_ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)"
    r"([a-z][a-z\-]+(?:\.[a-z]{2})?/\d{7}(?:v\d+)?|\d{4}\.\d{4,5}(?:v\d+)?)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
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


@lru_cache(maxsize=8)
def _separator(separator: str) -> re.Pattern[str]:
    return re.compile(f"({re.escape(separator)})", re.IGNORECASE)


def _split_top_level(text: str, separator: str) -> list[str]:
    """Split on `separator` (any case) outside braces (`{Barnes and Noble}` stays whole)."""
    pieces = _separator(separator).split(text)  # part, separator, part, ...
    if "{" not in text and "}" not in text:
        return [p.strip() for p in pieces[::2]]
    parts = [pieces[0]]
    depth = max(pieces[0].count("{") - pieces[0].count("}"), 0)
    for i in range(1, len(pieces), 2):
        part = pieces[i + 1]
        if depth:
            parts[-1] += pieces[i] + part
        else:
            parts.append(part)
        depth = max(depth + part.count("{") - part.count("}"), 0)
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
    if "{" in text or "}" in text:
        parts = _split_top_level(text, ",")
    else:
        parts = [p.strip() for p in text.split(",")]
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


@lru_cache(maxsize=4096)  # a library names few journals, many times
def _journal_name(text: str) -> str:
    return " ".join(tex_to_plain(text).split())


def _journal_ref(fields: dict[str, str]) -> str:
    """`journal`/`booktitle` + volume, pages and year, unless it is already a full reference.

    The year is added only to a bare journal name of an entry that is not an arXiv
    preprint record (there `year` is the posting year, not the journal's), and
    never to a reference that names a year of its own ("... Reliability 2021").
    """
    journal = fields.get("journal", "").strip() or fields.get("booktitle", "").strip()
    if not journal or "arxiv" in journal.lower():
        return ""
    ref = _journal_name(journal)
    if fields.get("volume"):
        ref += f" {fields['volume'].strip()}"
        if fields.get("number"):
            ref += f"({fields['number'].strip()})"
    if fields.get("pages"):
        ref += f", {fields['pages'].strip()}"
    year = _YEAR.search(fields.get("year", ""))
    if year and not fields.get("eprint") and not _YEAR_IN_TEXT.search(ref):
        ref += f" ({year.group()})"
    return ref


def _keywords(text: str) -> list[str]:
    words = (" ".join(k.split()) for k in re.split(r"[,;]", tex_to_plain(text)))
    return list(dict.fromkeys(k for k in words if k))


# ---- entries ---------------------------------------------------------------------


def entry_to_paper(entry: RawEntry) -> Result:
    fields = entry.fields
    title = _unbrace(fields.get("title", "").strip())
    if not title:
        return BadRecord(f"line {entry.line}", f"entry {entry.key}: no title")
    arxiv_id, version = _arxiv_from(fields)
    doi = bare_doi(fields.get("doi", ""))
    published, precision = entry_date(fields)
    extras: dict[str, Any] = {"bibtex_key": entry.key, "entry_type": entry.kind}
    if precision:
        extras["date_precision"] = precision
    keywords = fields.get("keywords")
    if keywords and (words := _keywords(keywords)):
        extras["keywords"] = words
    note = fields.get("note", "").strip()
    if note:
        extras["note"] = note
    annote = fields.get("annote") or fields.get("annotation")
    if annote and (plain := tex_to_plain(annote)):
        extras["annote"] = plain  # the user's note (BibLaTeX: `annotation`)
    url = (fields.get("url", "") or fields.get("howpublished", "")).strip()
    url = url if url.startswith(("http://", "https://")) and "arxiv.org" not in url else ""
    primary = fields.get("primaryclass", "").strip()
    try:
        key = paper_key(arxiv_id=arxiv_id, doi=doi, title=title)
    except ValueError as exc:
        return BadRecord(f"line {entry.line}", f"entry {entry.key}: {exc}")
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


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    for block in scan_blocks(text_chunks(stream, ctx)):
        if isinstance(block, Malformed):
            yield BadRecord(f"line {block.line}", block.message)
        else:
            yield entry_to_paper(block)
