"""Where a paper's full text comes from: arXiv HTML, then ar5iv, then the PDF.

Base URLs come from the config file (`[reading]`: `html_url`, `ar5iv_url`,
`pdf_url`) and the environment (`PAPERTUI_ARXIV_HTML_URL`, `PAPERTUI_AR5IV_URL`,
`PAPERTUI_ARXIV_PDF_URL`, which win); each is a base to which `/<id>` is appended.
A source that has no version of the paper (HTTP 404), fails, or answers with a
page that holds no paper is passed over for the next, and the reason is kept.
Every request goes through the arXiv rate limiter (one at a time, >= 3 s apart).
"""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from papertui.fetch import FetchError, HttpClient, HttpStatusError, RetryPolicy, load_settings
from papertui.fetch.ratelimit import RateLimiter
from papertui.fetch.session import ARXIV_INTERVAL
from papertui.paths import cache_dir, config_path
from papertui.reading.document import Document
from papertui.reading.errors import ReadingError
from papertui.reading.latexml import parse_latexml
from papertui.reading.pdf import parse_pdf

DEFAULT_URLS = {
    "html_url": ("PAPERTUI_ARXIV_HTML_URL", "https://arxiv.org/html"),
    "ar5iv_url": ("PAPERTUI_AR5IV_URL", "https://ar5iv.labs.arxiv.org/html"),
    "pdf_url": ("PAPERTUI_ARXIV_PDF_URL", "https://arxiv.org/pdf"),
}
MAX_SOURCE_BYTES = 40 * 1024 * 1024  # arXiv's largest papers are well under this
_HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class ReadingSettings:
    html_url: str = DEFAULT_URLS["html_url"][1]
    ar5iv_url: str = DEFAULT_URLS["ar5iv_url"][1]
    pdf_url: str = DEFAULT_URLS["pdf_url"][1]
    timeout: float = 20.0
    pdf_viewer: str = ""  # a command the PDF's path is appended to ("": the desktop's)
    problems: tuple[str, ...] = ()


def load_reading_settings(
    path: Path | None = None, env: Mapping[str, str] | None = None
) -> ReadingSettings:
    """Base URLs from `[reading]` in the config file, env overrides; the timeout is fetch's."""
    path = path or config_path()
    env = os.environ if env is None else env
    fetch_settings = load_settings(path, env)
    problems = list(fetch_settings.problems)
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8")).get("reading", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        section = {}  # fetch's loader already reported an unreadable file
    if not isinstance(section, dict):
        problems.append("[reading] must be a table")
        section = {}
    urls: dict[str, str] = {}
    for key, (variable, default) in DEFAULT_URLS.items():
        value = env.get(variable) or section.get(key, default)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"[reading] {key} must be a non-empty string")
            value = default
        urls[key] = value.strip().rstrip("/")
    viewer = env.get("PAPERTUI_PDF_VIEWER") or section.get("pdf_viewer", "")
    if not isinstance(viewer, str):
        problems.append("[reading] pdf_viewer must be a string (a command)")
        viewer = ""
    return ReadingSettings(
        **urls, timeout=fetch_settings.timeout, pdf_viewer=viewer, problems=tuple(problems)
    )


@dataclass(frozen=True)
class Source:
    name: str  # "arXiv HTML", "ar5iv", "arXiv PDF"
    kind: str  # "html" or "pdf"
    url: str


def sources_for(arxiv_id: str, settings: ReadingSettings) -> list[Source]:
    return [
        Source("arXiv HTML", "html", f"{settings.html_url}/{arxiv_id}"),
        Source("ar5iv", "html", f"{settings.ar5iv_url}/{arxiv_id}"),
        Source("arXiv PDF", "pdf", f"{settings.pdf_url}/{arxiv_id}"),
    ]


def parse_source(source: Source, body: bytes) -> Document:
    if source.kind == "pdf":
        return parse_pdf(body, source=source.name, source_url=source.url)
    # Relative links (figures) are relative to the paper's own directory.
    return parse_latexml(body, base_url=source.url + "/", source=source.name)


@dataclass(frozen=True)
class Download:
    source: Source
    body: bytes
    document: Document
    passed_over: tuple[str, ...]  # one line per source that was tried first and why it failed


@dataclass
class Downloader:
    """The HTTP client, the shared arXiv rate limiter and the settings; build with `create()`."""

    settings: ReadingSettings
    client: HttpClient
    limiter: RateLimiter

    @classmethod
    def create(
        cls,
        settings: ReadingSettings | None = None,
        *,
        interval: float = ARXIV_INTERVAL,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        retry: RetryPolicy | None = None,
    ) -> Downloader:
        settings = settings or load_reading_settings()
        client = HttpClient(
            timeout=settings.timeout,
            retry=retry,
            sleep=sleep,
            clock=clock,
            max_bytes=MAX_SOURCE_BYTES,
        )
        # The same state file as `papertui fetch`: the spacing holds across both.
        state = cache_dir() / "ratelimit" / "arxiv.json"
        return cls(settings, client, RateLimiter(interval, state, clock=clock, sleep=sleep))

    def download(self, arxiv_id: str) -> Download:
        """The first source that has the paper, parsed; ReadingError naming every failure."""
        passed_over: list[str] = []
        for source in sources_for(arxiv_id, self.settings):
            accept = "application/pdf" if source.kind == "pdf" else _HTML_ACCEPT
            try:
                response = self.client.get(source.url, accept=accept, limiter=self.limiter)
                document = parse_source(source, response.body)
            except HttpStatusError as exc:
                if exc.status in (404, 410):
                    passed_over.append(
                        f"{source.name}: no version of {arxiv_id} (HTTP {exc.status})"
                    )
                else:
                    passed_over.append(f"{source.name}: {exc}")
                continue
            except (FetchError, ReadingError) as exc:
                passed_over.append(f"{source.name}: {exc}")
                continue
            return Download(source, response.body, document, tuple(passed_over))
        raise ReadingError(f"no source has the text of {arxiv_id}: " + "; ".join(passed_over))
