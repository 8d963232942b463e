"""`papertui update`: arXiv asked by id (local server), changed papers flagged, is:updated."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from papertui.cli import fetch_cmd
from papertui.fetch import Fetcher
from test_fetch_support import FakeClock
from test_watch import cli, search_ids

QUERY = "/api/query"


def atom(*entries: tuple[str, int, str, str]) -> str:
    """An arXiv API answer: (arXiv id, version, journal_ref, doi) per entry."""
    body = "".join(
        f"""<entry><id>http://arxiv.org/abs/{arxiv}v{version}</id>
<title>Paper {arxiv}</title>
<published>2024-06-03T10:00:00Z</published><updated>2025-02-1{version}T10:00:00Z</updated>
<summary>Abstract.</summary><author><name>Ada Lovelace</name></author>
{f"<arxiv:journal_ref>{journal}</arxiv:journal_ref>" if journal else ""}
{f"<arxiv:doi>{doi}</arxiv:doi>" if doi else ""}
<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/></entry>"""
        for arxiv, version, journal, doi in entries
    )
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
 xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
<id>https://arxiv.org/api/x</id><title>arXiv Query</title>
<opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>
<opensearch:totalResults>{len(entries)}</opensearch:totalResults>
<opensearch:startIndex>0</opensearch:startIndex>{body}</feed>"""


@pytest.fixture
def arxiv(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    monkeypatch.setenv("PAPERTUI_ARXIV_URL", httpserver.url_for(QUERY))
    fake = FakeClock()
    monkeypatch.setattr(
        fetch_cmd, "make_fetcher", lambda s: Fetcher.create(s, clock=fake, sleep=fake.sleep)
    )
    return httpserver


def test_new_versions_and_publication_are_flagged(
    arxiv: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    arxiv.expect_ordered_request(QUERY).respond_with_data(
        atom(("2406.00001", 1, "", ""), ("2406.00002", 1, "", ""))
    )
    assert cli(data, capsys, "fetch", "arxiv", "--id", "2406.00001", "2406.00002")[0] == 0
    cli(data, capsys, "tag", "2406.00001", "2406.00002", "+thesis")
    arxiv.expect_ordered_request(QUERY).respond_with_data(
        atom(("2406.00001", 3, "J. Foo 12 (2025) 1-9", "10.1000/foo.1"), ("2406.00002", 1, "", ""))
    )
    code, out, err = cli(data, capsys, "update", "--tag", "thesis")
    assert code == 0, err
    assert out.splitlines() == [
        "2406.00001\tv3 (2025-02-13); published in J. Foo 12 (2025) 1-9; DOI 10.1000/foo.1",
        "asked arXiv about 2 papers: 1 changed",
    ]
    assert search_ids(data, capsys, "is:updated") == ["2406.00001"]
    _, bibtex, _ = cli(data, capsys, "cite", "2406.00001")
    assert "10.1000/foo.1" in bibtex and "J. Foo" in bibtex
    code, out, _ = cli(data, capsys, "update", "--clear")
    assert out == "cleared 1 is:updated flag\n"
    assert search_ids(data, capsys, "is:updated") == []


def test_a_network_failure_changes_nothing(
    arxiv: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    arxiv.expect_ordered_request(QUERY).respond_with_data(atom(("2406.00001", 1, "", "")))
    cli(data, capsys, "fetch", "arxiv", "--id", "2406.00001")
    arxiv.expect_request(QUERY).respond_with_data("down", status=500)
    code, _, err = cli(data, capsys, "update", "2406.00001")
    assert code == 1 and err.rstrip().endswith("nothing was changed")
    assert search_ids(data, capsys, "is:updated") == []


def test_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(tmp_path / "data", capsys, "update")
    assert code == 2 and "say which papers" in err


def test_the_update_of_a_paper_follows_it_into_a_merge(tmp_path: Path) -> None:
    from papertui.models import Paper
    from papertui.store import Library

    with Library(tmp_path / "lib.sqlite3") as lib:
        title = "Graph attention for sparse retrieval at scale"
        lib.import_papers([Paper(id="doi:10.1145/3000.1", title=title, doi="10.1145/3000.1")])
        lib.flag_updated({"doi:10.1145/3000.1": "published in Proc. SIGIR 2024"})
        assert lib.update_of("doi:10.1145/3000.1")[1] == "published in Proc. SIGIR 2024"
        assert lib.update_of("2403.00001") is None
        lib.import_papers(
            [Paper(id="2403.00001", title=title, arxiv_id="2403.00001", doi="10.1145/3000.1")]
        )  # the DOI record becomes an alias of the arXiv one
        assert lib.update_of("2403.00001")[1] == "published in Proc. SIGIR 2024"
