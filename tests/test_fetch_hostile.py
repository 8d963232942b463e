"""Fetching from a hostile server (issue 18, items 7-10): a gzip bomb, links and redirects
to local files or other hosts, a body dripped a byte at a time, a server that never
answers, garbage bodies. Every case ends in one FetchError line and an untouched library.
The long matrix is tests/test_soak_fetch.py (PAPERTUI_SOAK=1)."""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from hostile_http import RawServer, drip, never_answer
from papertui.fetch import FetchError, fetch_hf
from papertui.fetch.errors import BadResponse, Cancelled, NetworkError, RefusedUrl
from papertui.fetch.http import HttpClient, RetryPolicy
from papertui.fetch.session import Fetcher
from test_fetch_support import FakeClock, hf_page, make_fetcher, open_library, settings_for

DAILY = "/api/daily_papers"
WAIT = 60  # seconds a call may take before the test calls it stuck


def call_in_thread(call: object) -> tuple[threading.Event, list[BaseException]]:
    """Run `call()` in a thread; the event is set when it returned or raised."""
    done = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            call()  # type: ignore[operator]
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    return done, errors


def other_host(server: HTTPServer) -> str:
    """The same server under another name: a different host to papertui."""
    return "127.0.0.1" if server.host == "localhost" else "localhost"


def library_count(path: Path) -> int:
    with open_library(path) as library:
        return library.count()


# ---- item 7: decoded size ----------------------------------------------------------


def test_gzip_bomb_is_capped_on_the_decoded_bytes(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (40 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024  # small on the wire: the compressed cap alone passes it
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    client = HttpClient(max_bytes=1024 * 1024, retry=RetryPolicy(attempts=1))
    with pytest.raises(NetworkError, match=r"larger than 1 MB once decompressed"):
        client.get(httpserver.url_for("/bomb"))


def test_gzip_under_the_cap_and_in_two_members_still_reads(httpserver: HTTPServer) -> None:
    body = gzip.compress(b"[1, ") + gzip.compress(b"2]")
    httpserver.expect_request("/gz").respond_with_data(body, headers={"Content-Encoding": "gzip"})
    assert HttpClient().get(httpserver.url_for("/gz")).body == b"[1, 2]"


@pytest.mark.parametrize(
    "body",
    [b"\x1f\x8b\x08\x00garbage that is not deflate", gzip.compress(b"[1, 2, 3]" * 100)[:-30]],
    ids=["garbled", "truncated"],
)
def test_broken_gzip_is_one_line_error(httpserver: HTTPServer, body: bytes) -> None:
    httpserver.expect_request("/gz").respond_with_data(body, headers={"Content-Encoding": "gzip"})
    with pytest.raises(NetworkError, match=r"compressed body is (incomplete|damaged)"):
        HttpClient(retry=RetryPolicy(attempts=1)).get(httpserver.url_for("/gz"))


# ---- item 8: only http(s), only the configured hosts -------------------------------


def first_page_links_to(httpserver: HTTPServer, target: str) -> None:
    httpserver.expect_request(DAILY).respond_with_data(
        hf_page(0, 3), headers={"Link": f'<{target}>; rel="next"'}, content_type="application/json"
    )


@pytest.mark.parametrize("scheme", ["file", "data", "ftp"])
def test_link_to_a_non_http_url_is_refused_and_named(
    httpserver: HTTPServer, tmp_path: Path, scheme: str
) -> None:
    local = tmp_path / "next.json"
    local.write_bytes(hf_page(10, 2))  # a readable page: followed, it would be imported
    target = {
        "file": local.as_uri(),
        "data": "data:application/json," + json.dumps([]),
        "ftp": f"ftp://127.0.0.1:{httpserver.port}/next.json",
    }[scheme]
    first_page_links_to(httpserver, target)
    with open_library(tmp_path) as library, pytest.raises(RefusedUrl) as info:
        fetch_hf(library, fetcher=make_fetcher(httpserver, tmp_path))
    assert target in str(info.value)
    assert "only http and https URLs" in str(info.value)
    assert library_count(tmp_path) == 0


def test_link_to_another_host_is_refused_and_says_how_to_allow_it(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    other = f"http://{other_host(httpserver)}:{httpserver.port}{DAILY}?cursor=2"
    first_page_links_to(httpserver, other)
    with open_library(tmp_path) as library, pytest.raises(RefusedUrl) as info:
        fetch_hf(library, fetcher=make_fetcher(httpserver, tmp_path))
    message = str(info.value)
    assert other in message and "another host" in message
    assert f'allow_hosts = ["{other_host(httpserver)}"]' in message
    assert len(httpserver.log) == 1


def test_link_to_an_allowed_host_is_followed(httpserver: HTTPServer, tmp_path: Path) -> None:
    other = other_host(httpserver)
    httpserver.expect_request(DAILY, query_string={"p": "0", "limit": "100"}).respond_with_data(
        hf_page(0, 3),
        headers={"Link": f'<http://{other}:{httpserver.port}{DAILY}?cursor=2>; rel="next"'},
        content_type="application/json",
    )
    httpserver.expect_request(DAILY, query_string={"cursor": "2"}).respond_with_data(
        hf_page(3, 2), content_type="application/json"
    )
    settings = settings_for(httpserver)
    settings = type(settings)(**{**settings.__dict__, "allow_hosts": (other,)})
    fetcher = Fetcher.create(settings, cache_root=tmp_path, retry=RetryPolicy(attempts=1))
    with open_library(tmp_path) as library:
        report = fetch_hf(library, fetcher=fetcher)
    assert len(report.ids) == 5


def test_redirect_to_another_host_is_refused(httpserver: HTTPServer) -> None:
    target = f"http://{other_host(httpserver)}:{httpserver.port}/elsewhere"
    httpserver.expect_request("/moved").respond_with_data(
        "", status=302, headers={"Location": target}
    )
    httpserver.expect_request("/elsewhere").respond_with_data("followed")
    with pytest.raises(RefusedUrl, match="redirect") as info:
        HttpClient().get(httpserver.url_for("/moved"))
    assert target in str(info.value)
    assert [entry[0].path for entry in httpserver.log] == ["/moved"]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_redirect_to_a_non_http_url_is_refused(httpserver: HTTPServer, target: str) -> None:
    httpserver.expect_request("/moved").respond_with_data(
        "", status=301, headers={"Location": target}
    )
    with pytest.raises(RefusedUrl, match="only http and https URLs") as info:
        HttpClient().get(httpserver.url_for("/moved"))
    assert target in str(info.value)


def test_redirect_on_the_same_host_is_followed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/moved").respond_with_data(
        "", status=301, headers={"Location": "/here"}
    )
    httpserver.expect_request("/here").respond_with_data("arrived")
    response = HttpClient().get(httpserver.url_for("/moved"))
    assert response.body == b"arrived"


def test_a_non_http_url_is_never_opened() -> None:
    with pytest.raises(RefusedUrl, match="only http and https URLs"):
        HttpClient().get("file:///dev/zero")


# ---- item 9: a total deadline, checked while reading --------------------------------


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_slow_drip_hits_the_total_deadline(in_headers: bool) -> None:
    # every byte arrives well within the socket timeout; only the total budget stops it
    with RawServer(drip(0.02, in_headers=in_headers)) as server:
        client = HttpClient(timeout=0.5, deadline=1.5, retry=RetryPolicy(attempts=1))
        done, errors = call_in_thread(lambda: client.get(server.url()))
        assert done.wait(WAIT), "the drip was read past the deadline"
    assert len(errors) == 1 and isinstance(errors[0], NetworkError)
    assert "did not finish answering within 1.5 s" in str(errors[0])


def test_default_deadline_is_a_multiple_of_the_timeout() -> None:
    with RawServer(drip(0.02)) as server:
        client = HttpClient(timeout=0.3, retry=RetryPolicy(attempts=1))
        done, errors = call_in_thread(lambda: client.get(server.url()))
        assert done.wait(WAIT), "the drip was read past the deadline"
    assert "within 1.8 s" in str(errors[0])


def test_a_deadline_is_not_retried_but_may_use_the_cache() -> None:
    with RawServer(drip(0.02)) as server:
        clock = FakeClock()
        policy = RetryPolicy(attempts=3)
        client = HttpClient(timeout=0.5, deadline=1, retry=policy, sleep=clock.sleep)
        done, errors = call_in_thread(lambda: client.get(server.url()))
        assert done.wait(WAIT)
    error = errors[0]
    assert isinstance(error, NetworkError) and error.transient and not error.retryable
    assert clock.sleeps == []


# ---- item 10: a stuck request can be cancelled ---------------------------------------


def test_cancel_ends_a_request_the_server_never_answers() -> None:
    with RawServer(never_answer) as server:
        client = HttpClient(timeout=600, retry=RetryPolicy(attempts=1))
        done, errors = call_in_thread(lambda: client.get(server.url()))
        assert server.connected.wait(WAIT)
        client.cancel()
        assert done.wait(WAIT), "cancel did not end the blocked request"
        assert server.closed.wait(WAIT), "the connection was left open"
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert str(errors[0]) == "the fetch was cancelled"


def test_cancel_ends_the_wait_between_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("no", status=503)
    client = HttpClient(retry=RetryPolicy(attempts=3, backoff=600))
    attempted = threading.Event()
    done, errors = call_in_thread(
        lambda: client.get(httpserver.url_for("/down"), on_retry=lambda *_: attempted.set())
    )
    assert attempted.wait(WAIT)
    client.cancel()
    assert done.wait(WAIT), "cancel did not end the backoff"
    assert isinstance(errors[0], Cancelled)
    assert len(httpserver.log) == 1


def test_a_cancelled_client_starts_no_request(httpserver: HTTPServer) -> None:
    client = HttpClient()
    client.cancel()
    with pytest.raises(Cancelled):
        client.get(httpserver.url_for("/any"))
    assert httpserver.log == []


# ---- garbage bodies ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"\x00\xff" * 500, b"<html>not json</html>", b'{"paper": 1}', b"[" * 100_000, b""],
    ids=["binary", "html", "wrong-shape", "deep-nesting", "empty"],
)
def test_garbage_bodies_are_one_line_errors(
    httpserver: HTTPServer, tmp_path: Path, body: bytes
) -> None:
    httpserver.expect_request(DAILY).respond_with_data(body, content_type="application/json")
    with open_library(tmp_path) as library, pytest.raises(FetchError) as info:
        fetch_hf(library, fetcher=make_fetcher(httpserver, tmp_path, attempts=1))
    assert isinstance(info.value, BadResponse)
    assert "\n" not in str(info.value)
    assert library_count(tmp_path) == 0
