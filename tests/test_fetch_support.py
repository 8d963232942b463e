"""Helpers shared by the test_fetch_* modules (this module holds no tests).

HF pages are built from the real one-item shape (fixtures/fetch/hf-item.json),
arXiv feeds either served from the recorded fixtures or generated here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from xml.sax.saxutils import escape

from pytest_httpserver import HTTPServer

from papertui.fetch import Fetcher, FetchSettings, RetryPolicy
from papertui.store import Library

FIXTURES = Path(__file__).parent / "fixtures"
ARXIV_FIXTURES = FIXTURES / "arxiv-api"
_HF_ITEM = json.loads((FIXTURES / "fetch" / "hf-item.json").read_text(encoding="utf-8"))[0]


class FakeClock:
    """Wall clock that only moves when slept on (or advanced); records every sleep."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


def hf_item(n: int, *, featured: str = "2024-06-03T02:00:00.000Z") -> dict:
    item = copy.deepcopy(_HF_ITEM)
    item["paper"]["id"] = f"2406.{n:05d}"
    item["paper"]["title"] = item["title"] = f"Paper number {n}"
    item["paper"]["upvotes"] = n
    item["publishedAt"] = featured
    return item


def hf_page(start: int, count: int) -> bytes:
    return json.dumps([hf_item(n) for n in range(start, start + count)]).encode()


def atom_feed(numbers: range | list[int], total: int) -> bytes:
    entries = "".join(
        f"""<entry><id>http://arxiv.org/abs/2406.{n:05d}v1</id>
<title>{escape(f"Generated paper {n}")}</title>
<published>2024-06-03T10:00:00Z</published><updated>2024-06-03T10:00:00Z</updated>
<summary>Abstract {n}.</summary><author><name>Ada Lovelace</name></author>
<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/></entry>"""
        for n in numbers
    )
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
 xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
<id>https://arxiv.org/api/generated</id><title>arXiv Query</title>
<opensearch:itemsPerPage>{len(numbers)}</opensearch:itemsPerPage>
<opensearch:totalResults>{total}</opensearch:totalResults>
<opensearch:startIndex>0</opensearch:startIndex>{entries}</feed>""".encode()


def settings_for(server: HTTPServer, *, timeout: float = 5.0) -> FetchSettings:
    base = server.url_for("/").rstrip("/")
    return FetchSettings(hf_url=base, arxiv_url=f"{base}/api/query", timeout=timeout)


def make_fetcher(
    server: HTTPServer,
    cache_root: Path,
    clock: FakeClock | None = None,
    *,
    timeout: float = 5.0,
    attempts: int = 3,
) -> Fetcher:
    clock = clock or FakeClock()
    return Fetcher.create(
        settings_for(server, timeout=timeout),
        cache_root=cache_root,
        clock=clock,
        sleep=clock.sleep,
        retry=RetryPolicy(attempts=attempts),
    )


def open_library(path: Path) -> Library:
    return Library(path / "library.sqlite3")
