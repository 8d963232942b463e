"""Hugging Face papers API responses (JSON).

`/api/daily_papers` and `/api/papers/search` return a list of items wrapping a
`paper` object (the outer `publishedAt` is when the paper was featured);
`/api/papers/{id}` returns a bare paper object. `paper.publishedAt` is the
arXiv date. Responses are small, so the document is parsed whole (capped).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from papertui.ids import paper_key, parse_arxiv_id
from papertui.importers.base import (
    BadRecord,
    ReadContext,
    Result,
    clean,
    decode_utf8,
    iso_date,
    json_failure,
    read_capped,
)
from papertui.models import Author, Paper

SOURCE = "hf-api"

# Keys that mark a HF paper object or item (used when sniffing).
_HF_KEYS = re.compile(r'"(?:paper|upvotes|publishedAt|submittedOnDailyAt|ai_summary)"\s*:')

# HF field -> extras key; looked up on the paper object, then on the wrapping item.
_EXTRA_FIELDS = {
    "upvotes": "upvotes",
    "numComments": "num_comments",
    "githubRepo": "github_repo",
    "githubStars": "github_stars",
    "projectPage": "project_page",
    "ai_summary": "ai_summary",
    "ai_keywords": "ai_keywords",
}


def looks_like(head: str) -> bool:
    start = head.lstrip()[:1]
    return start in ("[", "{") and bool(_HF_KEYS.search(head))


def _extra_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        items = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return items or None
    return None


def item_to_paper(item: Any, location: str) -> Result:
    """One HF item (wrapped or bare paper object) -> Paper, or BadRecord."""
    if not isinstance(item, dict):
        return BadRecord(location, "not a JSON object")
    inner = item.get("paper")
    wrapped = isinstance(inner, dict)
    paper: dict[str, Any] = inner if wrapped else item
    title = clean(paper.get("title")) or clean(item.get("title"))
    if not title:
        return BadRecord(location, "no title")
    hf_id = clean(paper.get("id"))
    arxiv_id, version = parse_arxiv_id(hf_id) or ("", 0)
    authors = tuple(
        Author(name=a["name"].strip())
        for a in paper.get("authors") or ()
        if isinstance(a, dict) and clean(a.get("name"))
    )
    extras: dict[str, Any] = {}
    for hf_key, key in _EXTRA_FIELDS.items():
        value = _extra_value(paper.get(hf_key))
        if value is None and wrapped:
            value = _extra_value(item.get(hf_key))
        if value is not None:
            extras[key] = value
    featured = iso_date(item.get("publishedAt")) if wrapped else ""
    featured = featured or iso_date(paper.get("submittedOnDailyAt"))
    if featured:
        extras["featured_at"] = featured
    if hf_id and not arxiv_id:
        extras["hf_id"] = hf_id
    try:
        key = paper_key(arxiv_id=arxiv_id, title=title)
    except ValueError as exc:
        return BadRecord(location, str(exc))
    return Paper(
        id=key,
        title=title,
        authors=authors,
        abstract=clean(paper.get("summary")) or (clean(item.get("summary")) if wrapped else ""),
        published=iso_date(paper.get("publishedAt")),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        sources=(SOURCE,),
        extras=extras,
    )


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    text = decode_utf8(read_capped(stream, ctx), ctx)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise json_failure(exc, text, ctx) from None
    if isinstance(document, dict):
        if not (isinstance(document.get("paper"), dict) or "title" in document):
            raise ctx.fail("JSON object is not a Hugging Face paper or papers list")
        items: list[Any] = [document]
    elif isinstance(document, list):
        items = document
    else:
        raise ctx.fail("expected a JSON list of papers or a paper object")
    for number, item in enumerate(items, start=1):
        yield item_to_paper(item, f"record {number}")
