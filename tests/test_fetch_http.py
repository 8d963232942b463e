"""The HTTP layer against a real local server: retries, Retry-After, timeouts, cut-off
bodies, gzip; the rate limiter with a fake clock; the response cache."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from papertui.fetch.cache import ResponseCache
from papertui.fetch.errors import HttpStatusError, NetworkError
from papertui.fetch.http import USER_AGENT, HttpClient, RetryPolicy, parse_retry_after
from papertui.fetch.ratelimit import RateLimiter
from test_fetch_support import FakeClock


def client(clock: FakeClock, *, timeout: float = 5.0, attempts: int = 3) -> HttpClient:
    return HttpClient(
        timeout=timeout, retry=RetryPolicy(attempts=attempts), sleep=clock.sleep, clock=clock
    )


def test_sends_user_agent_and_returns_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok", headers={"User-Agent": USER_AGENT}).respond_with_data("hi")
    response = client(FakeClock()).get(httpserver.url_for("/ok"))
    assert response.status == 200
    assert response.body == b"hi"
    assert USER_AGENT.startswith("papertui/")


def test_500_then_success_is_retried_with_backoff(httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/flaky")
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data("boom", status=502)
    httpserver.expect_ordered_request("/flaky").respond_with_data("fine")
    clock = FakeClock()
    retries: list[tuple[int, float]] = []
    response = client(clock).get(url, on_retry=lambda n, wait, err: retries.append((n, wait)))
    assert response.body == b"fine"
    assert clock.sleeps == [1.0, 2.0]  # exponential backoff
    assert retries == [(1, 1.0), (2, 2.0)]


def test_5xx_gives_up_after_bounded_attempts(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("no", status=503)
    clock = FakeClock()
    with pytest.raises(HttpStatusError) as info:
        client(clock, attempts=3).get(httpserver.url_for("/down"))
    assert info.value.status == 503
    assert "HTTP 503 Service Unavailable after 3 attempts" in str(info.value)
    assert info.value.transient
    assert clock.sleeps == [1.0, 2.0]
    assert len(httpserver.log) == 3


def test_429_honours_retry_after(httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/limited")
    httpserver.expect_ordered_request("/limited").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/limited").respond_with_data("ok")
    clock = FakeClock()
    assert client(clock).get(url).body == b"ok"
    assert clock.sleeps == [7.0]


def test_429_with_long_retry_after_fails_at_once_with_clear_message(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/limited").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    clock = FakeClock()
    with pytest.raises(HttpStatusError) as info:
        client(clock).get(httpserver.url_for("/limited"))
    message = str(info.value)
    assert "rate limiting requests (HTTP 429); try again in 3600 s" in message
    assert "\n" not in message
    assert clock.sleeps == []
    assert info.value.retry_after == 3600


def test_retry_after_http_date() -> None:
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=40.0) == 60.0
    assert parse_retry_after("soon", now=0.0) is None
    assert parse_retry_after(None, now=0.0) is None


def test_404_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    clock = FakeClock()
    with pytest.raises(HttpStatusError) as info:
        client(clock).get(httpserver.url_for("/missing"))
    assert not info.value.transient
    assert clock.sleeps == []


def test_timeout_is_a_one_line_network_error(httpserver: HTTPServer) -> None:
    release = threading.Event()

    def slow(_request: Request) -> Response:
        release.wait(3)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    clock = FakeClock()
    try:
        with pytest.raises(NetworkError) as info:
            client(clock, timeout=0.2, attempts=2).get(httpserver.url_for("/slow"))
    finally:
        release.set()
        # Let the single-threaded server finish both queued requests, so that none of
        # them reaches the next test's handlers.
        deadline = time.monotonic() + 10
        while len(httpserver.log) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    assert len(httpserver.log) == 2
    assert "did not answer within 0.2 s" in str(info.value)
    assert info.value.offline and info.value.transient
    assert clock.sleeps == [1.0]  # retried once


def truncated(_request: Request) -> Response:
    response = Response(iter([b'[{"paper": {"id": "2406.00001"']), content_type="application/json")
    response.headers["Content-Length"] = "5000"
    return response


def test_cut_off_body_is_detected_and_retried(httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/cut")
    httpserver.expect_ordered_request("/cut").respond_with_handler(truncated)
    httpserver.expect_ordered_request("/cut").respond_with_data("[]")
    clock = FakeClock()
    assert client(clock).get(url).body == b"[]"
    assert clock.sleeps == [1.0]


def test_cut_off_body_fails_with_byte_counts(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cut").respond_with_handler(truncated)
    with pytest.raises(NetworkError, match=r"was cut off \(got 30 of 5000 bytes\)"):
        client(FakeClock(), attempts=1).get(httpserver.url_for("/cut"))


def test_gzip_body_is_decompressed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(b"[1, 2]"), headers={"Content-Encoding": "gzip"}
    )
    assert client(FakeClock()).get(httpserver.url_for("/gz")).body == b"[1, 2]"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/daily_papers"


def test_refused_connection_is_offline_and_not_retried() -> None:
    clock = FakeClock()
    with pytest.raises(NetworkError) as info:
        client(clock).get(closed_port_url())
    assert str(info.value).startswith("cannot reach 127.0.0.1:")
    assert info.value.offline
    assert clock.sleeps == []


# ---- rate limiter ---------------------------------------------------------------


def test_rate_limiter_spaces_requests_with_injected_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    limiter = RateLimiter(3.0, tmp_path / "arxiv.json", clock=clock, sleep=clock.sleep)
    for _ in range(3):
        with limiter.slot():
            clock.advance(0.5)  # the request itself takes half a second
    assert clock.sleeps == [3.0, 3.0]  # counted from the end of the previous request
    clock.advance(10)
    with limiter.slot():
        pass
    assert clock.sleeps == [3.0, 3.0]


def test_rate_limiter_state_survives_a_new_process(tmp_path: Path) -> None:
    clock = FakeClock()
    state = tmp_path / "ratelimit" / "arxiv.json"
    with RateLimiter(3.0, state, clock=clock, sleep=clock.sleep).slot():
        pass
    clock.advance(1.0)
    with RateLimiter(3.0, state, clock=clock, sleep=clock.sleep).slot():  # "the next CLI run"
        pass
    assert clock.sleeps == [2.0]


def test_rate_limiter_ignores_a_broken_state_file_and_a_clock_set_back(tmp_path: Path) -> None:
    clock = FakeClock()
    state = tmp_path / "arxiv.json"
    state.write_text("not json")
    limiter = RateLimiter(3.0, state, clock=clock, sleep=clock.sleep)
    with limiter.slot():
        pass
    assert clock.sleeps == []
    clock.now -= 3600  # the system clock jumped back an hour
    with limiter.slot():
        pass
    assert clock.sleeps == [3.0]  # never more than one interval


# ---- cache ------------------------------------------------------------------------


def test_cache_round_trip_keeps_url_time_and_link(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data(
        "[]", headers={"Link": '<http://x/next>; rel="next"', "Set-Cookie": "a=b"}
    )
    url = httpserver.url_for("/p")
    response = client(FakeClock()).get(url)
    cache = ResponseCache(tmp_path / "responses")
    assert cache.load(url) is None
    cache.store(response)
    cached = cache.load(url)
    assert cached is not None
    assert cached.response.body == b"[]"
    assert cached.response.headers["link"] == '<http://x/next>; rel="next"'
    assert "set-cookie" not in cached.response.headers
    assert cached.fetched_at.endswith("+00:00")
    body, meta = cache.paths(url)
    assert body.suffix == ".body" and meta.suffix == ".json" and body.stem == meta.stem
