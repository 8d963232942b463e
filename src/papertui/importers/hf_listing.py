"""Hugging Face papers listing copied as plain text.

Lines 1-2 are page chrome ("Get trending papers in your email inbox..."), line 3
starts with the word `Subscribe` glued to the first title; then title line,
abstract line, alternating. The page has no ids, authors or dates.

A sibling `<stem>.meta.jsonl` (lines `{"index", "title", "arxiv_id", "authors"}`)
supplies arXiv ids and authors by index, checked against the title. A new-style
arXiv id gives the month of first submission: `published` is then `YYYY-MM-01`
with `extras["date_precision"] = "month"`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from papertui.ids import normalise_title, paper_key, parse_arxiv_id
from papertui.importers.base import (
    BadRecord,
    ReadContext,
    Result,
    decode_utf8,
    month_from_arxiv_id,
    read_capped,
)
from papertui.models import Author, Paper

SOURCE = "hf-listing"
CHROME_PREFIX = "Get trending papers"
SUBSCRIBE = "Subscribe"


def looks_like(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    return first.startswith(CHROME_PREFIX) or first.startswith(SUBSCRIBE)


def meta_path_for(listing: Path) -> Path:
    """`dir/name.txt` (or `name.txt.gz`) -> `dir/name.meta.jsonl`."""
    name = listing.name[:-3] if listing.name.endswith(".gz") else listing.name
    stem = Path(name).stem
    return listing.with_name(f"{stem}.meta.jsonl")


class _Meta:
    """Rows of the `.meta.jsonl` sibling, by index and by normalised title."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.by_index: dict[int, dict[str, Any]] = {}
        self.by_title: dict[str, dict[str, Any]] = {}
        for row in rows:
            title = row.get("title")
            if isinstance(title, str):
                self.by_title.setdefault(normalise_title(title), row)
            index = row.get("index")
            if isinstance(index, int):
                self.by_index[index] = row

    def find(self, index: int, title: str) -> dict[str, Any] | None:
        key = normalise_title(title)
        row = self.by_index.get(index)
        if row is not None and normalise_title(str(row.get("title") or "")) == key:
            return row
        return self.by_title.get(key)


def _load_meta(ctx: ReadContext) -> _Meta:
    """Read the sibling metadata; it only enriches, so unreadable rows are skipped."""
    if ctx.file is None:
        return _Meta([])
    path = meta_path_for(ctx.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return _Meta([])
    rows: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return _Meta(rows)


def _paper(title: str, abstract: str, index: int, row: dict[str, Any] | None) -> Paper:
    arxiv_id = ""
    authors: tuple[Author, ...] = ()
    if row is not None:
        parsed = parse_arxiv_id(str(row.get("arxiv_id") or ""))
        if parsed:
            arxiv_id = parsed[0]
        names = row.get("authors") or []
        if isinstance(names, list):
            authors = tuple(
                Author(name=n.strip()) for n in names if isinstance(n, str) and n.strip()
            )
    extras: dict[str, Any] = {"listing_index": index}
    published = ""
    month = month_from_arxiv_id(arxiv_id)
    if month:
        published = f"{month}-01"
        extras["date_precision"] = "month"
    return Paper(
        id=paper_key(arxiv_id=arxiv_id, title=title),
        title=title,
        authors=authors,
        abstract=abstract,
        published=published,
        arxiv_id=arxiv_id,
        sources=(SOURCE,),
        extras=extras,
    )


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    text = decode_utf8(read_capped(stream, ctx), ctx)
    lines = [line.rstrip("\r") for line in text.split("\n")]
    start = 0
    while start < len(lines) and lines[start].startswith(CHROME_PREFIX):
        start += 1
    if start < len(lines) and lines[start].startswith(SUBSCRIBE):
        lines[start] = lines[start][len(SUBSCRIBE) :]
        if not lines[start].strip():  # "Subscribe" alone on its line: titles start below
            start += 1
    end = len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    meta = _load_meta(ctx)
    for index, pos in enumerate(range(start, end, 2)):
        location = f"line {pos + 1}"
        title = lines[pos].strip()
        if pos + 1 >= end:
            yield BadRecord(location, "title line without an abstract line (odd number of lines)")
            return
        if not title:
            yield BadRecord(location, "empty title")
            continue
        yield _paper(title, lines[pos + 1].strip(), index, meta.find(index, title))
