"""papertui's own export: `{"format": "papertui", "version": 1, "papers": [...]}`.

Each paper is `Paper.to_dict()`, plus a `"state"` object with the user's own
data when there is any (`bookmarked_at`, `read_at`, `tags`, `note`,
`note_updated_at`: the fields of a state file). Reading is a lossless round trip
(`Paper.from_dict(p.to_dict()) == p`), so records keep their own `id` and
`sources` (records without sources get `("papertui-json",)`); their state is
merged into the importing library's (`merge_imported`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO, TextIO

from papertui.ids import paper_key
from papertui.importers.base import (
    BadRecord,
    ReadContext,
    Result,
    decode_utf8,
    json_failure,
    read_capped,
)
from papertui.models import ImportedPaper, Paper, PaperState
from papertui.sanitize import escape_in_json

SOURCE = "papertui-json"
FORMAT_NAME = "papertui"
FORMAT_VERSION = 1
_HEADER = re.compile(r'"format"\s*:\s*"papertui"')


def looks_like(head: str) -> bool:
    return head.lstrip().startswith("{") and bool(_HEADER.search(head))


def write_papertui_json(
    papers: Iterable[Paper], fh: TextIO, states: Mapping[str, PaperState] | None = None
) -> int:
    """Stream `papers` to `fh` as a papertui export, each with its user state from
    `states` (looked up as each paper is written); returns the number written."""
    fh.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, "papers": [')
    count = 0
    for paper in papers:
        fh.write("\n" if count == 0 else ",\n")
        record = paper.to_dict()
        state = states.get(paper.id) if states else None
        if state is not None:
            record["state"] = state.to_dict()
        fh.write(escape_in_json(json.dumps(record, ensure_ascii=False)))
        count += 1
    fh.write("\n]}\n")
    return count


def _state_of(paper_id: str, value: Any) -> PaperState:
    if not isinstance(value, dict):
        raise ValueError('"state" must be an object')
    tags = value.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError('"state.tags" must be a list of strings')
    text = {k: value.get(k) or "" for k in ("bookmarked_at", "read_at", "note", "note_updated_at")}
    if not all(isinstance(v, str) for v in text.values()):
        raise ValueError('"state" fields must be strings')
    return PaperState(paper_id=paper_id, tags=tuple(tags), **text)


def record_to_paper(record: Any, location: str) -> Result:
    if not isinstance(record, dict):
        return BadRecord(location, "not a JSON object")
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        return BadRecord(location, "no title")
    try:
        if not isinstance(record.get("id"), str) or not record["id"]:
            key = paper_key(
                arxiv_id=str(record.get("arxiv_id") or ""),
                doi=str(record.get("doi") or ""),
                title=title,
            )
            record = {**record, "id": key}
        paper = Paper.from_dict(record)
        state = _state_of(paper.id, record["state"]) if "state" in record else None
    except (TypeError, ValueError, AttributeError) as exc:
        return BadRecord(location, f"invalid paper record: {exc}")
    if not paper.sources:
        paper = paper.with_changes(sources=(SOURCE,))
    return ImportedPaper(paper, state) if state else paper


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    text = decode_utf8(read_capped(stream, ctx), ctx)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise json_failure(exc, text, ctx) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ctx.fail('not a papertui export (expected {"format": "papertui", ...})')
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ctx.fail(f"unsupported papertui export version {version!r} (expected 1)")
    papers = document.get("papers")
    if not isinstance(papers, list):
        raise ctx.fail('papertui export has no "papers" list')
    for number, record in enumerate(papers, start=1):
        yield record_to_paper(record, f"record {number}")
