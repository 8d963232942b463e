"""arXiv fetches against a local server: paging, rate limit (fake clock), ids, error feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from papertui.fetch import FetchError, QueryError, collect_arxiv, fetch_arxiv
from papertui.fetch.arxiv import build_query, normalise_ids, query_url
from test_fetch_support import (
    ARXIV_FIXTURES,
    FakeClock,
    atom_feed,
    make_fetcher,
    open_library,
)

QUERY = "/api/query"
ATOM = "application/atom+xml"


def page_query(search: str, start: int, size: int, *, new: bool = False) -> dict[str, str]:
    query = {"search_query": search, "start": str(start), "max_results": str(size)}
    if new:
        query |= {"sortBy": "submittedDate", "sortOrder": "descending"}
    return query


def test_query_pages_are_spaced_three_seconds_apart(httpserver: HTTPServer, tmp_path: Path) -> None:
    for start, count in ((0, 100), (100, 100), (200, 50)):
        httpserver.expect_request(
            QUERY, query_string=page_query("ti:diffusion", start, min(100, 250 - start))
        ).respond_with_data(atom_feed(range(start, start + count), total=1000), content_type=ATOM)
    clock = FakeClock()
    with open_library(tmp_path) as library:
        report = fetch_arxiv(
            library,
            "ti:diffusion",
            max_results=250,
            fetcher=make_fetcher(httpserver, tmp_path, clock),
        )
        paper = library.get("2406.00042")
    assert report.added == 250 and report.requests == 3
    assert clock.sleeps == [3.0, 3.0]  # no real sleeping: the fake clock recorded it
    assert paper is not None and paper.categories == ("cs.LG",) and paper.sources == ("arxiv-api",)
    assert report.message.startswith("arXiv search 'ti:diffusion': 250 papers, 250 new")


def test_paging_stops_at_total_results(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(QUERY).respond_with_data(atom_feed(range(100), total=100))
    fetched = collect_arxiv(make_fetcher(httpserver, tmp_path), "au:lovelace", max_results=500)
    assert len(fetched.papers) == 100 and fetched.session.requests == 1


def test_recorded_page_with_real_fixture(httpserver: HTTPServer, tmp_path: Path) -> None:
    body = (ARXIV_FIXTURES / "search-testing-page6.xml").read_bytes()
    httpserver.expect_request(QUERY, query_string=page_query("testing", 0, 10)).respond_with_data(
        body, content_type=ATOM
    )
    fetched = collect_arxiv(make_fetcher(httpserver, tmp_path), "testing", max_results=10)
    assert len(fetched.papers) == 10 and fetched.notes == []


def test_new_in_category_sorts_by_submission_date(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(
        QUERY, query_string=page_query("cat:cs.LG", 0, 20, new=True)
    ).respond_with_data(atom_feed(range(20), total=5000), content_type=ATOM)
    with open_library(tmp_path) as library:
        report = fetch_arxiv(
            library,
            category="cs.LG",
            new=True,
            max_results=20,
            fetcher=make_fetcher(httpserver, tmp_path),
        )
    assert len(report.new_ids) == 20
    assert report.label == "newest arXiv submissions in cs.LG"


def test_ids_use_id_list_and_name_the_missing(httpserver: HTTPServer, tmp_path: Path) -> None:
    body = (ARXIV_FIXTURES / "id-two-papers.xml").read_bytes()
    httpserver.expect_request(
        QUERY, query_string={"id_list": "0808.05394,1707.08567", "start": "0", "max_results": "2"}
    ).respond_with_data(body, content_type=ATOM)
    with open_library(tmp_path) as library:
        report = fetch_arxiv(
            library,
            ids=["arXiv:0808.05394", "https://arxiv.org/abs/1707.08567"],
            fetcher=make_fetcher(httpserver, tmp_path),
        )
    assert report.ids == ("1707.08567",)
    assert report.notes == ["not found on arXiv: 0808.05394"]


def test_nonexistent_id_is_an_empty_result(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(QUERY).respond_with_data(
        (ARXIV_FIXTURES / "id-nonexistent.xml").read_bytes(), content_type=ATOM
    )
    with open_library(tmp_path) as library:
        report = fetch_arxiv(
            library, ids=["2401.99999"], fetcher=make_fetcher(httpserver, tmp_path)
        )
    assert report.ids == () and report.message == "not found on arXiv: 2401.99999"


@pytest.mark.parametrize("status", [400, 200])
def test_error_feed_is_a_clear_query_error(
    httpserver: HTTPServer, tmp_path: Path, status: int
) -> None:
    httpserver.expect_request(QUERY).respond_with_data(
        (ARXIV_FIXTURES / "error-bad-id.xml").read_bytes(), status=status, content_type=ATOM
    )
    clock = FakeClock()
    with open_library(tmp_path) as library:
        with pytest.raises(QueryError) as info:
            fetch_arxiv(library, "ti:(", fetcher=make_fetcher(httpserver, tmp_path, clock))
        assert library.count() == 0
    assert str(info.value) == "arXiv rejected the request: incorrect id format for abc"
    assert clock.sleeps == [] and len(httpserver.log) == 1  # a 400 is not retried


def test_503_retry_still_respects_the_rate_limit(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request(QUERY).respond_with_data("busy", status=503)
    httpserver.expect_ordered_request(QUERY).respond_with_data(atom_feed(range(3), total=3))
    clock = FakeClock()
    fetched = collect_arxiv(make_fetcher(httpserver, tmp_path, clock), "all:x")
    assert len(fetched.papers) == 3
    # backoff 1 s, then the limiter tops it up to 3 s since the failed request
    assert clock.sleeps == [1.0, 2.0]


def test_429_with_retry_after_is_honoured(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_ordered_request(QUERY).respond_with_data(
        "", status=429, headers={"Retry-After": "20"}
    )
    httpserver.expect_ordered_request(QUERY).respond_with_data(atom_feed(range(1), total=1))
    clock = FakeClock()
    collect_arxiv(make_fetcher(httpserver, tmp_path, clock), "all:x")
    assert clock.sleeps == [20.0]


def test_rate_limit_persists_between_runs(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request(QUERY).respond_with_data(atom_feed(range(1), total=1))
    clock = FakeClock()
    collect_arxiv(make_fetcher(httpserver, tmp_path, clock), "all:x")
    clock.advance(0.5)
    collect_arxiv(make_fetcher(httpserver, tmp_path, clock), "all:y")  # a fresh Fetcher
    assert clock.sleeps == [2.5]
    assert (tmp_path / "ratelimit" / "arxiv.json").exists()


def test_truncated_xml_changes_nothing(httpserver: HTTPServer, tmp_path: Path) -> None:
    body = (ARXIV_FIXTURES / "search-testing-page6.xml").read_bytes()[:5000]
    httpserver.expect_request(QUERY).respond_with_data(body, content_type=ATOM)
    with open_library(tmp_path) as library:
        with pytest.raises(FetchError, match=r"unreadable response from .*truncated XML"):
            fetch_arxiv(library, "testing", fetcher=make_fetcher(httpserver, tmp_path))
        assert library.count() == 0


def test_argument_checks() -> None:
    assert build_query("ti:a OR ti:b", "cs.LG") == "(ti:a OR ti:b) AND cat:cs.LG"
    assert build_query("", "cs.LG") == "cat:cs.LG"
    assert normalise_ids(["2401.12345v2", "arXiv:2401.12345v2", "hep-th/9901001"]) == [
        "2401.12345v2",
        "hep-th/9901001",
    ]
    with pytest.raises(QueryError, match="not an arXiv id: abc"):
        normalise_ids(["abc"])
    url = query_url("https://export.arxiv.org/api/query", search_query="ti:a AND au:b")
    assert url.endswith("?search_query=ti%3Aa+AND+au%3Ab&start=0&max_results=100")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give an arXiv query"),
        ({"query": "ti:x", "ids": ["2401.00001"]}, "not both"),
        ({"query": "ti:x", "max_results": 0}, "at least 1"),
    ],
)
def test_bad_arguments_fail_before_any_request(
    httpserver: HTTPServer, tmp_path: Path, kwargs: dict, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        collect_arxiv(make_fetcher(httpserver, tmp_path), **kwargs)
    assert httpserver.log == []
