"""Hugging Face fetches end to end: local server -> parse -> one-transaction import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from papertui.fetch import (
    BadResponse,
    FetchError,
    NetworkError,
    QueryError,
    collect_hf,
    fetch_hf,
)
from papertui.models import Paper
from test_fetch_support import FakeClock, hf_item, hf_page, make_fetcher, open_library

DAILY = "/api/daily_papers"


def day_query(date: str, page: int = 0) -> dict[str, str]:
    return {"date": date, "p": str(page), "limit": "100"}


def test_fetch_a_day_imports_papers_with_hf_extras(httpserver: HTTPServer, tmp_path: Path) -> None:
    item = hf_item(1)
    item["paper"]["githubRepo"] = "https://github.com/a/b"
    item["paper"]["githubStars"] = 12
    item["paper"]["projectPage"] = "https://a.github.io"
    item["numComments"] = 4
    httpserver.expect_request(DAILY, query_string=day_query("2024-06-03")).respond_with_json(
        [item, hf_item(2)]
    )
    with open_library(tmp_path) as library:
        report = fetch_hf(library, date="2024-06-03", fetcher=make_fetcher(httpserver, tmp_path))
        paper = library.get("2406.00001")
    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    assert report.new_ids == report.ids == ("2406.00001", "2406.00002")
    assert not report.offline and not report.from_cache and report.requests == 1
    assert report.message.startswith("Hugging Face papers for 2024-06-03: 2 papers, 2 new")
    assert paper is not None
    assert paper.published == "2025-09-04"  # paper.publishedAt: the arXiv date
    assert paper.extras["featured_at"] == "2024-06-03"  # outer publishedAt
    assert paper.extras["upvotes"] == 1
    assert paper.extras["num_comments"] == 4
    assert paper.extras["github_repo"] == "https://github.com/a/b"
    assert paper.extras["github_stars"] == 12
    assert paper.extras["project_page"] == "https://a.github.io"


def test_refetch_reports_unchanged_and_no_new_ids(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    fetcher = make_fetcher(httpserver, tmp_path)
    with open_library(tmp_path) as library:
        fetch_hf(library, fetcher=fetcher)
        again = fetch_hf(library, fetcher=fetcher)
    assert (again.added, again.unchanged, again.new_ids) == (0, 2, ())


def test_pagination_with_p_and_limit(httpserver: HTTPServer, tmp_path: Path) -> None:
    for page, count in enumerate((100, 100, 30)):
        httpserver.expect_request(
            DAILY, query_string=day_query("2024-06-03", page)
        ).respond_with_data(hf_page(page * 100, count), content_type="application/json")
    seen: list[int] = []
    with open_library(tmp_path) as library:
        report = fetch_hf(
            library,
            date="2024-06-03",
            fetcher=make_fetcher(httpserver, tmp_path),
            progress=lambda done, total, label: seen.append(done),
        )
        assert library.count() == 230
    assert report.added == 230 and report.requests == 3
    assert seen == [100, 200, 230]


def test_pagination_follows_link_header(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        DAILY, query_string={"week": "2024-W23", "p": "0", "limit": "100"}
    ).respond_with_data(
        hf_page(0, 3),
        headers={"Link": '</api/daily_papers?week=2024-W23&cursor=abc>; rel="next"'},
        content_type="application/json",
    )
    httpserver.expect_request(
        DAILY, query_string={"week": "2024-W23", "cursor": "abc"}
    ).respond_with_data(
        hf_page(3, 2),
        headers={"Link": '<https://elsewhere/prev>; rel="prev"'},
        content_type="application/json",
    )
    with open_library(tmp_path) as library:
        report = fetch_hf(library, week="2024-W23", fetcher=make_fetcher(httpserver, tmp_path))
    assert len(report.ids) == 5 and report.requests == 2
    assert report.label == "Hugging Face papers for week 2024-W23"


def test_server_ignoring_the_page_number_does_not_loop(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request(DAILY).respond_with_data(hf_page(0, 100))
    with open_library(tmp_path) as library:
        report = fetch_hf(library, month="2024-06", fetcher=make_fetcher(httpserver, tmp_path))
    assert len(report.ids) == 100 and report.requests == 2


def test_empty_day_says_weekend_or_holiday(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(DAILY, query_string=day_query("2024-06-01")).respond_with_json([])
    with open_library(tmp_path) as library:
        report = fetch_hf(library, date="2024-06-01", fetcher=make_fetcher(httpserver, tmp_path))
        assert library.count() == 0
    assert report.ids == ()
    assert report.message == "no papers listed for 2024-06-01 (weekend or holiday?)"


def test_search(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        "/api/papers/search", query_string={"q": "diffusion models"}
    ).respond_with_json([hf_item(7)])
    with open_library(tmp_path) as library:
        report = fetch_hf(
            library, search="diffusion models", fetcher=make_fetcher(httpserver, tmp_path)
        )
    assert report.ids == ("2406.00007",)
    assert "matching 'diffusion models'" in report.message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'[{"paper": {"id": "2406.00001", "title": "x"}', "truncated JSON"),
        (b"<html>Bad gateway</html>", "invalid JSON"),
        (b'{"error": "Invalid date"}', "not a Hugging Face paper"),
    ],
)
def test_unreadable_response_changes_nothing(
    httpserver: HTTPServer, tmp_path: Path, body: bytes, expected: str
) -> None:
    httpserver.expect_request(DAILY).respond_with_data(body, content_type="application/json")
    fetcher = make_fetcher(httpserver, tmp_path)
    with open_library(tmp_path) as library:
        library.import_papers([Paper(id="2406.99999", title="Already here", sources=("hf-api",))])
        before = library.count()
        with pytest.raises(BadResponse) as info:  # not a network failure: no cache fallback
            fetch_hf(library, fetcher=fetcher, from_cache=True)
        assert library.count() == before == 1
    assert expected in str(info.value) and "\n" not in str(info.value)
    assert str(info.value).startswith("unreadable response from localhost:")
    assert not (tmp_path / "responses").exists()  # an unreadable answer is never cached


def test_failure_on_a_later_page_imports_nothing(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(DAILY, query_string=day_query("2024-06-03", 0)).respond_with_data(
        hf_page(0, 100)
    )
    httpserver.expect_request(DAILY, query_string=day_query("2024-06-03", 1)).respond_with_data(
        "x", status=500
    )
    clock = FakeClock()
    with open_library(tmp_path) as library:
        with pytest.raises(FetchError, match="HTTP 500"):
            fetch_hf(library, date="2024-06-03", fetcher=make_fetcher(httpserver, tmp_path, clock))
        assert library.count() == 0
    assert clock.sleeps == [1.0, 2.0]
    assert not (tmp_path / "responses").exists()  # nothing cached from a failed fetch


def test_cache_fallback_when_offline(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    fetcher = make_fetcher(httpserver, tmp_path, attempts=1)
    with open_library(tmp_path) as library:
        first = fetch_hf(library, fetcher=fetcher)
        cached = list((tmp_path / "responses").glob("*.json"))
        assert len(cached) == 1
        meta = json.loads(cached[0].read_text())
        assert meta["url"].endswith("/api/daily_papers?p=0&limit=100") and meta["fetched_at"]
        httpserver.clear()
        httpserver.expect_request(DAILY).respond_with_data("down", status=503)
        with pytest.raises(FetchError, match="HTTP 503"):
            fetch_hf(library, fetcher=fetcher)
        report = fetch_hf(library, fetcher=fetcher, from_cache=True)
    assert report.from_cache and report.offline
    assert report.ids == first.ids and report.requests == 0
    assert report.cached_at == meta["fetched_at"]
    assert "[offline: " in report.message and f"cached at {meta['fetched_at']}" in report.message


def test_cache_fallback_without_a_cached_copy_fails(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(DAILY).respond_with_data("down", status=503)
    with open_library(tmp_path) as library, pytest.raises(NetworkError, match="no cached copy"):
        fetch_hf(library, fetcher=make_fetcher(httpserver, tmp_path, attempts=1), from_cache=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"date": "2024-13-01"}, "not a date"),
        ({"week": "2024-22"}, "not an ISO week"),
        ({"month": "2024-6"}, "not a month"),
        ({"date": "2024-06-01", "week": "2024-W22"}, "only one of"),
        ({"sort": "best"}, "sort must be one of"),
        ({"search": "  "}, "search query is empty"),
    ],
)
def test_bad_arguments_fail_before_any_request(
    httpserver: HTTPServer, tmp_path: Path, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        collect_hf(make_fetcher(httpserver, tmp_path), **kwargs)
    assert httpserver.log == []


def test_sort_is_passed_through(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        DAILY, query_string={"sort": "trending", "p": "0", "limit": "100"}
    ).respond_with_json([])
    fetched = collect_hf(make_fetcher(httpserver, tmp_path), sort="trending")
    assert fetched.papers == [] and fetched.empty_message.startswith("no papers listed today")
