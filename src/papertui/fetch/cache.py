"""Raw responses kept on disk, so the last good answer for a URL can be shown offline.

Layout under `cache_dir()/responses/`: `<sha1(url)>.body` holds the body exactly
as received (after transfer decompression) and `<sha1(url)>.json` the URL, the
status, the fetch time (UTC ISO) and the headers that matter (content type,
Link). Both are written with temp file + rename, body first: a meta file only
exists beside a complete body.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from papertui import atomic
from papertui.fetch.http import Response

_KEPT_HEADERS = ("content-type", "link", "last-modified", "etag")


@dataclass(frozen=True)
class CachedResponse:
    response: Response
    fetched_at: str  # ISO timestamp, UTC


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


class ResponseCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def paths(self, url: str) -> tuple[Path, Path]:
        key = url_key(url)
        return self.root / f"{key}.body", self.root / f"{key}.json"

    def store(self, response: Response, fetched_at: datetime | None = None) -> None:
        """Keep `response` as the latest copy for its URL (errors are ignored: it is a cache)."""
        when = (fetched_at or datetime.now(UTC)).isoformat(timespec="seconds")
        meta = {
            "url": response.url,
            "status": response.status,
            "fetched_at": when,
            "headers": {k: v for k, v in response.headers.items() if k in _KEPT_HEADERS},
        }
        body_path, meta_path = self.paths(response.url)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(body_path, response.body)
            atomic.write_bytes(meta_path, json.dumps(meta, indent=1).encode("utf-8"))
        except OSError:
            pass

    def load(self, url: str) -> CachedResponse | None:
        body_path, meta_path = self.paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("url") != url:
            return None
        headers = meta.get("headers") if isinstance(meta.get("headers"), dict) else {}
        response = Response(
            url=url, status=int(meta.get("status") or 200), headers=dict(headers), body=body
        )
        return CachedResponse(response=response, fetched_at=str(meta.get("fetched_at") or ""))
