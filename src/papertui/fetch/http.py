"""A small HTTP GET client on the standard library: timeouts, retries, one-line errors.

Every request carries papertui's User-Agent and a timeout. HTTP 429 and 5xx are
retried with exponential backoff (bounded; `Retry-After` is honoured when it is
reasonable), as are timeouts and cut-off bodies. A refused connection or DNS
failure is not retried: the machine is offline and waiting will not help.
"""

from __future__ import annotations

import gzip
import http.client
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from papertui import __version__
from papertui.fetch.errors import FetchError, HttpStatusError, NetworkError
from papertui.fetch.ratelimit import RateLimiter

USER_AGENT = f"papertui/{__version__} (+https://github.com/papertui/papertui)"
MAX_BODY_BYTES = 64 * 1024 * 1024
_CHUNK = 64 * 1024

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
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        max_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.clock = clock
        self.max_bytes = max_bytes
        # No cookies, no auth; redirects and proxies from the environment as usual.
        self._opener = urllib.request.build_opener()

    def get(
        self,
        url: str,
        *,
        accept: str = "*/*",
        limiter: RateLimiter | None = None,
        on_retry: RetryHook | None = None,
    ) -> Response:
        """The 2xx response for `url`, or FetchError after the bounded retries."""
        policy = self.retry
        backoff = policy.backoff
        for attempt in range(1, policy.attempts + 1):
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
            backoff = min(backoff * 2, policy.max_backoff)
        raise AssertionError("unreachable")  # pragma: no cover

    # ---- one request --------------------------------------------------------
    def _once(self, url: str, accept: str) -> Response:
        host = host_of(url)
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip"}
        )
        try:
            raw = self._opener.open(request, timeout=self.timeout)
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
        return Response(url=url, status=status, headers=headers, body=body)

    def _read_body(self, raw: Any, host: str, headers: dict[str, str]) -> bytes:
        deadline = time.monotonic() + self.timeout * 6
        parts: list[bytes] = []
        size = 0
        try:
            while chunk := raw.read(_CHUNK):
                parts.append(chunk)
                size += len(chunk)
                if size > self.max_bytes:
                    limit = self.max_bytes // (1024 * 1024)
                    raise NetworkError(f"the response from {host} is larger than {limit} MB")
                if time.monotonic() > deadline:
                    raise _timeout(host, self.timeout * 6)
        except TimeoutError:
            raise _timeout(host, self.timeout) from None
        except http.client.IncompleteRead as exc:
            raise _cut_off(host, f"{len(exc.partial)} bytes, then the connection closed") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _cut_off(host, str(exc)) from None
        body = b"".join(parts)
        expected = headers.get("content-length", "")
        if expected.isdigit() and len(body) < int(expected):
            raise _cut_off(host, f"got {len(body)} of {expected} bytes")
        if headers.get("content-encoding", "").lower() == "gzip":
            try:
                body = gzip.decompress(body)
            except (EOFError, OSError, zlib.error):
                raise _cut_off(host, "the compressed body is incomplete") from None
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
