"""The arXiv metadata bulk snapshot: JSON lines (optionally gzipped), streamed.

~2.9M records, so the per-line work is kept lean: one `json.loads` on the raw
bytes, dict lookups, no regexes except the one inside `parse_arxiv_id`. With a
category filter, lines that cannot match are skipped before JSON parsing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from papertui.ids import parse_arxiv_id
from papertui.importers.base import (
    MAX_LINE_BYTES,
    NESTED_TOO_DEEPLY,
    BadRecord,
    ReadContext,
    Result,
    capped_lines,
    category_matcher,
    month_from_arxiv_id,
)
from papertui.models import Author, Paper

SOURCE = "arxiv-snapshot"

_MONTHS = {
    m: f"{i:02d}"
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
_SNAPSHOT_KEYS = re.compile(r'"(?:authors_parsed|update_date|versions|journal-ref)"\s*:')


def looks_like(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    return first.startswith("{") and '"id"' in first and bool(_SNAPSHOT_KEYS.search(first))


def rfc2822_date(text: Any) -> str:
    """`Mon, 2 Apr 2007 19:18:42 GMT` -> `2007-04-02`; "" if unreadable."""
    if not isinstance(text, str):
        return ""
    parts = text.split()
    if parts and parts[0].endswith(","):
        parts = parts[1:]
    if len(parts) < 3:
        return ""
    day, month, year = parts[0], _MONTHS.get(parts[1][:3].title()), parts[2]
    if month is None or not day.isdigit() or len(year) != 4 or not year.isdigit():
        return ""
    return f"{year}-{month}-{int(day):02d}"


def _authors(record: dict[str, Any]) -> tuple[Author, ...]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list):
        authors = []
        for item in parsed:
            if not isinstance(item, list) or not item:
                continue
            last = item[0] or ""
            first = item[1] if len(item) > 1 and item[1] else ""
            suffix = item[2] if len(item) > 2 and item[2] else ""
            name = f"{first} {last}" if first else last
            if suffix:
                name = f"{name} {suffix}"
            if name:
                authors.append(Author(name=name, family=last, given=first))
        return tuple(authors)
    text = record.get("authors")
    if isinstance(text, str):
        names = text.replace(" and ", ",").split(",")
        return tuple(Author(name=n.strip()) for n in names if n.strip())
    return ()


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def record_to_paper(record: Any, categories: tuple[str, ...], lineno: int) -> Result:
    if not isinstance(record, dict):
        return BadRecord(f"line {lineno}", "not a JSON object")
    raw_id = record.get("id")
    if not isinstance(raw_id, str):
        return BadRecord(f"line {lineno}", f"id must be a string, got {raw_id!r}")
    parsed = parse_arxiv_id(raw_id)
    if parsed is None:
        return BadRecord(f"line {lineno}", f"not an arXiv id: {raw_id!r}")
    arxiv_id = parsed[0]
    title = _text(record, "title")
    if not title:
        return BadRecord(f"line {lineno}", f"{arxiv_id}: no title")
    published = updated = ""
    version = parsed[1]
    extras: dict[str, Any] = {}
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        published = rfc2822_date(versions[0].get("created"))
        last = versions[-1] if isinstance(versions[-1], dict) else {}
        updated = rfc2822_date(last.get("created"))
        label = last.get("version")
        if isinstance(label, str) and label[1:].isdigit():
            version = int(label[1:])
        else:
            version = len(versions)
    if not updated:
        updated = _text(record, "update_date")[:10]
    if not published:
        month = month_from_arxiv_id(arxiv_id)
        if month:
            published = f"{month}-01"
            extras["date_precision"] = "month"
    doi = _text(record, "doi")
    return Paper(
        id=arxiv_id,
        title=title,
        authors=_authors(record),
        abstract=_text(record, "abstract"),
        published=published,
        updated=updated,
        categories=categories,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi.split()[0] if doi else "",
        journal_ref=_text(record, "journal-ref"),
        comment=_text(record, "comments"),
        sources=(SOURCE,),
        extras=extras,
    )


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    matches = category_matcher(ctx.category) if ctx.category else None
    needle = ctx.category.strip().encode() if ctx.category else b""
    loads = json.loads
    offset = 0
    for lineno, raw in enumerate(capped_lines(stream), start=1):
        start = offset
        if isinstance(raw, int):
            offset += raw
            too_long = f"longer than {MAX_LINE_BYTES // (1 << 20)} MB; not read"
            yield BadRecord(f"line {lineno}", too_long)
            continue
        offset += len(raw)
        if needle and needle not in raw:
            continue  # cannot match the category filter: skip without parsing
        try:
            record = loads(raw)
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            message = f"not valid UTF-8: byte 0x{bad} at byte offset {start + exc.start}"
            raise ctx.fail(message, f"line {lineno}") from None
        except ValueError as exc:
            if not raw.strip():
                continue
            yield BadRecord(f"line {lineno}", f"invalid JSON: {exc}")
            continue
        except RecursionError:
            yield BadRecord(f"line {lineno}", NESTED_TOO_DEEPLY)
            continue
        cats = record.get("categories") if isinstance(record, dict) else None
        categories = tuple(cats.split()) if isinstance(cats, str) else ()
        if matches is not None and not matches(categories):
            continue
        yield record_to_paper(record, categories, lineno)
