"""The pieces one fetch needs (client, cache, rate limiter) and the per-fetch session.

A `FetchSession` gets URLs live; after a transient network failure, and only when
the caller allowed it (`from_cache=True`), it serves the last cached copy of each
URL instead and remembers that it did. Live responses are written to the cache
only by `commit()`, i.e. once the whole fetch has been read successfully.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from papertui.fetch.cache import ResponseCache
from papertui.fetch.errors import BadResponse, FetchError, NetworkError
from papertui.fetch.hosts import HostPolicy
from papertui.fetch.http import HttpClient, Response, RetryHook, RetryPolicy, host_of
from papertui.fetch.ratelimit import RateLimiter
from papertui.fetch.settings import FetchSettings, load_settings
from papertui.importers import BadRecord, ImportFailed, read_bytes_as
from papertui.models import Paper
from papertui.paths import cache_dir

ARXIV_INTERVAL = 3.0  # arXiv API terms: one request at a time, at least 3 s apart
ProgressFn = Callable[[int, int | None, str], None]  # (done, total or None, label)


@dataclass
class Fetcher:
    """Long-lived fetch dependencies; build once (per app or CLI run) with `create()`."""

    settings: FetchSettings
    client: HttpClient
    cache: ResponseCache
    arxiv_limiter: RateLimiter
    on_retry: RetryHook | None = None  # told (attempt, wait seconds, error) before each retry

    @classmethod
    def create(
        cls,
        settings: FetchSettings | None = None,
        *,
        cache_root: Path | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] | None = None,
        retry: RetryPolicy | None = None,
    ) -> Fetcher:
        """`sleep`: None waits between retries in a way `client.cancel()` interrupts."""
        settings = settings or load_settings()
        root = cache_root or cache_dir()
        hosts = HostPolicy.for_urls((settings.hf_url, settings.arxiv_url), settings.allow_hosts)
        client = HttpClient(
            timeout=settings.timeout, retry=retry, sleep=sleep, clock=clock, hosts=hosts.hosts
        )
        state = root / "ratelimit" / "arxiv.json"
        limiter = RateLimiter(ARXIV_INTERVAL, state, clock=clock, sleep=sleep or time.sleep)
        return cls(settings, client, ResponseCache(root / "responses"), limiter)

    def session(
        self,
        *,
        from_cache: bool = False,
        limiter: RateLimiter | None = None,
        accept: str = "*/*",
        on_retry: RetryHook | None = None,
    ) -> FetchSession:
        return FetchSession(self, from_cache, limiter, accept, on_retry or self.on_retry)


@dataclass
class FetchSession:
    fetcher: Fetcher
    allow_cache: bool
    limiter: RateLimiter | None
    accept: str
    on_retry: RetryHook | None
    requests: int = 0
    failure: FetchError | None = None  # the network failure that made us use the cache
    cached_at: list[str] = field(default_factory=list)
    _pending: list[Response] = field(default_factory=list)

    @property
    def from_cache(self) -> bool:
        return bool(self.cached_at)

    def get(self, url: str) -> Response:
        if self.failure is None:  # once offline, do not wait for more timeouts
            try:
                response = self.fetcher.client.get(
                    url, accept=self.accept, limiter=self.limiter, on_retry=self.on_retry
                )
            except FetchError as exc:
                if not (self.allow_cache and exc.transient):
                    raise
                self.failure = exc
            else:
                self.requests += 1
                self._pending.append(response)
                return response
        cached = self.fetcher.cache.load(url)
        if cached is None:
            raise NetworkError(
                f"{self.failure.message}; no cached copy to fall back on",
                offline=self.failure.offline,
            )
        self.cached_at.append(cached.fetched_at)
        return cached.response

    def commit(self) -> None:
        now = datetime.now(UTC)
        for response in self._pending:
            self.fetcher.cache.store(response, now)
        self._pending.clear()


@dataclass
class Fetched:
    """What one fetch read, before it is imported: all pages, parsed."""

    label: str  # "Hugging Face daily papers for 2024-06-03"
    papers: list[Paper]
    skipped: list[BadRecord]
    empty_message: str  # shown when `papers` is empty
    session: FetchSession
    notes: list[str] = field(default_factory=list)  # extra one-line remarks

    @property
    def offline_reason(self) -> str:
        failure = self.session.failure
        return failure.message if failure else ""


def parse_body(response: Response, fmt: str) -> tuple[list[Paper], list[BadRecord]]:
    """Papers and bad records in a response body; BadResponse if it cannot be read."""
    papers: list[Paper] = []
    bad: list[BadRecord] = []
    try:
        for item in read_bytes_as(response.body, fmt, origin=response.url):
            (bad if isinstance(item, BadRecord) else papers).append(item)  # type: ignore[arg-type]
    except ImportFailed as exc:
        where = f" ({exc.location})" if exc.location else ""
        raise BadResponse(
            f"unreadable response from {host_of(response.url)}: {exc.message}{where}"
        ) from None
    return papers, bad
