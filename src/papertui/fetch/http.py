"""A small HTTP GET client on the standard library: timeouts, retries, one-line errors.

Every request carries papertui's User-Agent, a timeout for each socket operation and
a total deadline (a server dripping a byte at a time is stopped there). HTTP 429 and
5xx are retried with exponential backoff (bounded; `Retry-After` is honoured when it
is reasonable), as are timeouts and cut-off bodies. A refused connection or DNS
failure is not retried: the machine is offline and waiting will not help. Only
http(s) URLs on the allowed hosts are opened, redirects included (`hosts.py`);
bodies are capped on the wire and once decompressed. `cancel()` ends every request
in flight and every wait between retries, from any thread.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from papertui import __version__
from papertui.fetch.errors import Cancelled, FetchError, HttpStatusError, NetworkError
from papertui.fetch.hosts import HostPolicy
from papertui.fetch.ratelimit import RateLimiter
from papertui.fetch.transport import BodyReader, Exchange, opener

USER_AGENT = f"papertui/{__version__} (+https://github.com/papertui/papertui)"
MAX_BODY_BYTES = 64 * 1024 * 1024
DEADLINE_FACTOR = 6  # the default total deadline, in socket timeouts

RetryHook = Callable[[int, float, FetchError], None]


@dataclass(frozen=True)
class Response:
    url: str  # the URL asked for (the cache key), not the one redirected to
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # total tries, including the first
    backoff: float = 1.0  # first wait, doubled after each retry
    max_backoff: float = 30.0
    max_retry_after: float = 120.0  # a longer Retry-After fails at once with its own message


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


class HttpClient:
    def __init__(
        self,
        *,
        timeout: float = 20.0,
        deadline: float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.time,
        max_bytes: int = MAX_BODY_BYTES,
        hosts: Iterable[str] = (),
    ) -> None:
        """`hosts`: where pages and redirects may go (none: the host of each URL asked for)."""
        self.timeout = timeout
        self.deadline = deadline if deadline is not None else timeout * DEADLINE_FACTOR
        self.retry = retry or RetryPolicy()
        self._cancelled = threading.Event()
        self.sleep = sleep or self._cancelled.wait
        self.clock = clock
        self.max_bytes = max_bytes
        self.hosts = HostPolicy(hosts)
        self._exchanges: set[Exchange] = set()
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """End every request in flight and refuse new ones (from any thread)."""
        self._cancelled.set()
        with self._lock:
            for exchange in self._exchanges:
                exchange.abort("cancelled")

    def check_url(self, url: str, *, start: str, what: str) -> None:
        """RefusedUrl unless `url` (found in the answer to `start`) may be followed."""
        self.hosts.check(url, start=start, what=what)

    def get(
        self,
        url: str,
        *,
        accept: str = "*/*",
        limiter: RateLimiter | None = None,
        on_retry: RetryHook | None = None,
    ) -> Response:
        """The 2xx response for `url`, or FetchError after the bounded retries."""
        self.check_url(url, start=url, what="fetch")
        policy = self.retry
        backoff = policy.backoff
        for attempt in range(1, policy.attempts + 1):
            if self._cancelled.is_set():
                raise Cancelled()
            try:
                with limiter.slot() if limiter else nullcontext():
                    response = self._once(url, accept)
            except NetworkError as exc:
                if not exc.retryable or attempt == policy.attempts:
                    raise
                error: FetchError = exc
                wait = backoff
            else:
                if 200 <= response.status < 300:
                    return response
                status_error = self._status_error(response, attempt)
                retry_after = status_error.retry_after
                too_long = retry_after is not None and retry_after > policy.max_retry_after
                if not status_error.transient or too_long or attempt == policy.attempts:
                    raise status_error
                error = status_error
                wait = max(backoff, retry_after or 0.0)
            if on_retry:
                on_retry(attempt, wait, error)
            self.sleep(wait)
            if self._cancelled.is_set():
                raise Cancelled()
            backoff = min(backoff * 2, policy.max_backoff)
        raise AssertionError("unreachable")  # pragma: no cover

    # ---- one request --------------------------------------------------------
    def _once(self, url: str, accept: str) -> Response:
        host = host_of(url)
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip"}
        )
        exchange = Exchange()
        watchdog = threading.Timer(self.deadline, exchange.abort, ("deadline",))
        watchdog.daemon = True
        with self._lock:
            self._exchanges.add(exchange)
        if self._cancelled.is_set():
            exchange.abort("cancelled")
        watchdog.start()
        try:
            return self._exchange(exchange, request, host)
        except (FetchError, OSError, http.client.HTTPException):
            if exchange.reason == "cancelled":
                raise Cancelled() from None
            if exchange.reason == "deadline":
                raise _network(
                    f"{host} did not finish answering within {self.deadline:g} s",
                    offline=False,
                    retryable=False,
                ) from None
            raise
        finally:
            watchdog.cancel()
            with self._lock:
                self._exchanges.discard(exchange)

    def _exchange(self, exchange: Exchange, request: urllib.request.Request, host: str) -> Response:
        def check(target: str, what: str) -> None:
            self.hosts.check(target, start=request.full_url, what=what)

        try:
            raw = opener(exchange, check).open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raw = exc  # a non-2xx answer: still read its body (arXiv's error feed)
        except TimeoutError:
            raise _timeout(host, self.timeout) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                raise _timeout(host, self.timeout) from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise _network(f"cannot reach {host} ({text})", offline=True) from None
        except (OSError, http.client.HTTPException) as exc:
            raise _network(f"connection to {host} failed ({exc})", retryable=True) from None
        with raw:
            headers = {k.lower(): v for k, v in raw.headers.items()}
            body = self._read_body(raw, host, headers)
            status = int(raw.status if raw.status is not None else raw.code)
        return Response(url=request.full_url, status=status, headers=headers, body=body)

    def _read_body(self, raw: Any, host: str, headers: dict[str, str]) -> bytes:
        gzipped = headers.get("content-encoding", "").lower() == "gzip"
        reader = BodyReader(host, self.max_bytes, gzipped)
        try:
            body = reader.read_all(raw)
        except TimeoutError:
            raise _timeout(host, self.timeout) from None
        except http.client.IncompleteRead as exc:
            raise _cut_off(host, f"{len(exc.partial)} bytes, then the connection closed") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _cut_off(host, str(exc)) from None
        expected = headers.get("content-length", "")
        if expected.isdigit() and reader.received < int(expected):
            raise _cut_off(host, f"got {reader.received} of {expected} bytes")
        return body

    def _status_error(self, response: Response, attempt: int) -> HttpStatusError:
        host = host_of(response.url)
        status = response.status
        reason = http.client.responses.get(status, "")
        retry_after = parse_retry_after(response.headers.get("retry-after"), self.clock())
        if status == 429:
            later = f"; try again in {round(retry_after)} s" if retry_after else "; try again later"
            message = f"{host} is rate limiting requests (HTTP 429){later}"
        elif status >= 500:
            tries = f" after {attempt} attempts" if attempt > 1 else ""
            message = f"{host} failed with HTTP {status} {reason}{tries}; try again later"
        else:
            message = f"{host} answered HTTP {status} {reason} for {response.url}"
        return HttpStatusError(message, status=status, body=response.body, retry_after=retry_after)


def _network(message: str, *, offline: bool = False, retryable: bool = False) -> NetworkError:
    return NetworkError(message, offline=offline, retryable=retryable)


def _timeout(host: str, seconds: float) -> NetworkError:
    return _network(f"{host} did not answer within {seconds:g} s", offline=True, retryable=True)


def _cut_off(host: str, detail: str) -> NetworkError:
    return _network(f"the response from {host} was cut off ({detail})", retryable=True)
