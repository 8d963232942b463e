"""Downloaded full texts on disk: a paper read once opens offline.

The raw response is the user's data (it lives in the data directory and survives a
cleaned cache): `<data>/fulltext/<id>.html|.pdf` plus `<id>.json` naming its source.
The parsed document is derived (cache directory, `<cache>/fulltext/<id>.json`) and
is rebuilt from the raw file when missing, damaged or from another papertui version.
Every file is written to a temp file and renamed; the meta file is written last, so
a paper counts as downloaded only once its whole body is on disk. The search index
reads the saved texts through `body_text` (see `search.schema.BodyTexts`); importing
this module stays cheap for a search (the parsers load when a page is parsed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from papertui import atomic
from papertui.paths import cache_dir
from papertui.reading.document import Document, from_json, to_json
from papertui.reading.errors import ReadingError
from papertui.reading.find import block_text

if TYPE_CHECKING:
    from papertui.reading.sources import Download, Source


def file_stem(arxiv_id: str) -> str:
    return arxiv_id.replace("/", "_")  # old-style ids: hep-th/9901001


@dataclass(frozen=True)
class Stored:
    source: Source
    fetched_at: str
    body_path: Path


class FullTextStore:
    def __init__(self, raw_root: Path, parsed_root: Path) -> None:
        self.raw_root = raw_root
        self.parsed_root = parsed_root

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> FullTextStore:
        return cls(data_dir / "fulltext", cache_dir() / "fulltext")

    def _meta_path(self, arxiv_id: str) -> Path:
        return self.raw_root / f"{file_stem(arxiv_id)}.json"

    def stored(self, arxiv_id: str) -> Stored | None:
        """The downloaded source of a paper, if complete."""
        try:
            meta = json.loads(self._meta_path(arxiv_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # (before importing the fetch stack: most papers have no text)
        from papertui.reading.sources import Source

        try:
            source = Source(meta["source"], meta["kind"], meta["url"])
            body = self.raw_root / meta["file"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if meta.get("id") != arxiv_id or not body.is_file():
            return None
        return Stored(source, str(meta.get("fetched_at", "")), body)

    def has(self, arxiv_id: str) -> bool:
        return self.stored(arxiv_id) is not None

    def ids(self) -> list[str]:
        """Every paper with a downloaded full text."""
        if not self.raw_root.is_dir():
            return []
        found = []
        for meta in sorted(self.raw_root.glob("*.json")):
            try:
                paper_id = json.loads(meta.read_text(encoding="utf-8"))["id"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if isinstance(paper_id, str) and self.has(paper_id):
                found.append(paper_id)
        return found

    def load(self, arxiv_id: str) -> Document | None:
        """The parsed document of a downloaded paper (re-parsed from the raw file when its
        parsed copy is missing or stale); None when the paper was never downloaded."""
        stored = self.stored(arxiv_id)
        if stored is None:
            return None
        parsed = self.parsed_root / f"{file_stem(arxiv_id)}.json"
        try:
            return from_json(json.loads(parsed.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        try:
            body = stored.body_path.read_bytes()
        except OSError as exc:
            raise ReadingError(f"{stored.body_path}: cannot read ({exc.strerror})") from None
        from papertui.reading.sources import parse_source

        document = parse_source(stored.source, body)
        self._write_parsed(arxiv_id, document)
        return document

    def body_text(self, arxiv_id: str) -> str | None:
        """The saved paper's text for the search index (sections, captions, footnotes; not
        the bibliography), or None when it is not saved or cannot be read."""
        try:
            document = self.load(arxiv_id)
        except ReadingError:
            return None
        if document is None:
            return None
        parts = [block_text(block) for block in document.blocks]
        parts += [note.text for note in document.footnotes]
        return "\n".join(parts)

    def save(self, arxiv_id: str, download: Download) -> None:
        """Keep a download: body, then its meta file, then the parsed document."""
        stem = file_stem(arxiv_id)
        body_name = f"{stem}.{download.source.kind}"
        meta = {
            "id": arxiv_id,
            "source": download.source.name,
            "kind": download.source.kind,
            "url": download.source.url,
            "file": body_name,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        atomic.write_bytes(self.raw_root / body_name, download.body)
        atomic.write_text(self._meta_path(arxiv_id), json.dumps(meta, indent=1))
        self._write_parsed(arxiv_id, download.document)

    def _write_parsed(self, arxiv_id: str, document: Document) -> None:
        path = self.parsed_root / f"{file_stem(arxiv_id)}.json"
        try:  # a cache: failing to write it costs a re-parse next time, nothing more
            text = json.dumps(to_json(document), ensure_ascii=False, separators=(",", ":"))
            atomic.write_text(path, text, durable=False)
        except OSError:
            pass
