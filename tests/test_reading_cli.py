"""`papertui read / download / refs` end to end: a local server for arXiv HTML, ar5iv, the PDF
and the arXiv API, a real library, real files; only the clock is fake (no real waiting)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer

from papertui.cli import fetch_cmd, read_cmd
from papertui.cli.main import main
from papertui.fetch import Fetcher
from papertui.reading.sources import Downloader
from papertui.store import Library
from test_fetch_support import FakeClock

PAPERS = Path(__file__).parent / "fixtures" / "papers"
HTML = (PAPERS / "paper.html").read_bytes()
LIBRARY_BIB = """
@article{vaswani, title={Attention Is All You Need}, author={Vaswani, Ashish},
  year={2017}, eprint={1706.03762}, archivePrefix={arXiv}}
@inproceedings{batcher, title={Sorting networks and their applications},
  author={Batcher, K. E.}, year={1968}, doi={10.1145/1468075.1468121}}
@article{mine, title={A Paper I Bookmarked}, author={Doe, Jane}, year={2025},
  eprint={2501.00002}, archivePrefix={arXiv}}
"""


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every Downloader and Fetcher the CLI builds gets this clock: sleeps are recorded."""
    fake = FakeClock()
    monkeypatch.setattr(
        read_cmd, "make_downloader", lambda s: Downloader.create(s, clock=fake, sleep=fake.sleep)
    )
    monkeypatch.setattr(
        fetch_cmd, "make_fetcher", lambda s: Fetcher.create(s, clock=fake, sleep=fake.sleep)
    )
    return fake


@pytest.fixture
def server(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> HTTPServer:
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("PAPERTUI_ARXIV_HTML_URL", f"{base}/html")
    monkeypatch.setenv("PAPERTUI_AR5IV_URL", f"{base}/ar5iv")
    monkeypatch.setenv("PAPERTUI_ARXIV_PDF_URL", f"{base}/pdf")
    monkeypatch.setenv("PAPERTUI_ARXIV_URL", f"{base}/api/query")
    return httpserver


def serve_html(server: HTTPServer, paper_id: str) -> None:
    server.expect_request(f"/html/{paper_id}").respond_with_data(HTML, content_type="text/html")


def serve_nothing(server: HTTPServer, paper_id: str) -> None:
    for source in ("html", "ar5iv", "pdf"):
        server.expect_request(f"/{source}/{paper_id}").respond_with_data(b"", status=404)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fill_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "library.bib"
    bib.write_text(LIBRARY_BIB, encoding="utf-8")
    assert run(capsys, "import", "--no-index", str(bib))[0] == 0


def test_read_prints_the_paper_as_text_and_markdown(server: HTTPServer, capsys) -> None:
    serve_html(server, "2501.01234")
    code, out, err = run(capsys, "read", "arXiv:2501.01234v2")
    assert code == 0
    assert out.startswith("Sorting Networks for Sparse Attention: A Test Paper\n")
    assert "2.1 Sorting keys" in out and "𝒪(n log n)" in out
    assert "Dense | 91.2     | 120" in out
    assert "[1] A. Vaswani" in out and "(arXiv:1706.03762)" in out
    assert "2501.01234: from arXiv HTML (http://" in err
    code, out, _ = run(capsys, "read", "2501.01234", "--format", "markdown")
    assert code == 0 and "### 2.1 Sorting keys" in out and "| Dense | 91.2" in out
    assert len(server.log) == 1  # the second read used the saved copy
    code, out, _ = run(capsys, "read", "2501.01234", "--refresh")
    assert code == 0 and "2.1 Sorting keys" in out and len(server.log) == 2


def test_read_offline_and_errors(server: HTTPServer, tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "read", "--offline", "2501.01234")
    assert code == 1 and out == "" and "has not been downloaded yet" in err
    code, _, err = run(capsys, "read", "2501.01234", "2501.00002")
    assert code == 1 and "give one ID" in err
    fill_library(tmp_path, capsys)
    code, out, err = run(capsys, "read", "doi:10.1145/1468075.1468121")
    assert code == 1 and out == ""
    assert "not on arXiv" in err and "https://doi.org/10.1145/1468075.1468121" in err
    assert len(server.log) == 0


def test_read_mark_still_marks_papers_read(tmp_path: Path, capsys) -> None:
    fill_library(tmp_path, capsys)
    code, out, _ = run(capsys, "read", "--mark", "2501.00002")
    assert code == 0 and out == "marked 1 paper(s) read\n"


def test_download_spaces_requests_lists_failures_and_resumes(
    server: HTTPServer, clock: FakeClock, data_dir: Path, capsys
) -> None:
    for paper_id in ("2501.00001", "2501.00003"):
        serve_html(server, paper_id)
    serve_nothing(server, "2501.00009")
    server.expect_request("/html/2501.00004").respond_with_data(b"", status=404)
    server.expect_request("/ar5iv/2501.00004").respond_with_data(HTML, content_type="text/html")
    ids = ["2501.00001", "2501.00009", "2501.00003", "2501.00004"]
    code, out, err = run(capsys, "download", *ids)
    assert code == 1
    assert out == "downloaded 3, already saved 0, failed 1\n"
    assert "[1/4] 2501.00001: downloaded from arXiv HTML" in err
    assert "[2/4] 2501.00009: failed" in err
    assert "[4/4] 2501.00004: downloaded from ar5iv" in err
    assert "failed: 2501.00009: no source has the text of 2501.00009" in err
    # Seven requests, one at a time, each at least 3 s after the one before.
    assert len(server.log) == 7 and clock.sleeps == [3.0] * 6
    assert sorted(p.name for p in (data_dir / "fulltext").iterdir()) == [
        f"{i}.{ext}" for i in ("2501.00001", "2501.00003", "2501.00004") for ext in ("html", "json")
    ]
    # Again: the saved papers are skipped, only the failed one is tried.
    code, out, err = run(capsys, "download", *ids)
    assert code == 1 and out == "downloaded 0, already saved 3, failed 1\n"
    assert len(server.log) == 10


def test_download_bookmarked(server: HTTPServer, tmp_path: Path, capsys) -> None:
    fill_library(tmp_path, capsys)
    assert run(capsys, "bookmark", "2501.00002", "doi:10.1145/1468075.1468121")[0] == 0
    serve_html(server, "2501.00002")
    code, out, err = run(capsys, "download", "--bookmarked")
    assert code == 1 and out == "downloaded 1, already saved 0, failed 1\n"
    assert "not on arXiv" in err and "https://doi.org/10.1145/1468075.1468121" in err
    code, out, _ = run(capsys, "read", "--offline", "2501.00002")
    assert code == 0 and "Sorting keys" in out
    assert run(capsys, "tag", "2501.00002", "1706.03762", "+to-read")[0] == 0
    serve_nothing(server, "1706.03762")
    code, out, err = run(capsys, "download", "--tag", "to-read")
    assert code == 1 and out == "downloaded 0, already saved 1, failed 1\n"
    assert "failed: 1706.03762: no source has the text" in err


def arxiv_feed(ids: list[str]) -> bytes:
    entries = "".join(
        f"""<entry><id>http://arxiv.org/abs/{i}v1</id><title>{escape(f"Reference {i}")}</title>
<published>2020-01-01T00:00:00Z</published><updated>2020-01-01T00:00:00Z</updated>
<summary>Abstract.</summary><author><name>Ada Lovelace</name></author>
<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/></entry>"""
        for i in ids
    )
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
 xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
<id>https://arxiv.org/api/x</id><title>arXiv Query</title>
<opensearch:itemsPerPage>{len(ids)}</opensearch:itemsPerPage>
<opensearch:totalResults>{len(ids)}</opensearch:totalResults>
<opensearch:startIndex>0</opensearch:startIndex>{entries}</feed>""".encode()


def test_refs_json_import_and_library_marks(
    server: HTTPServer, tmp_path: Path, data_dir: Path, capsys
) -> None:
    fill_library(tmp_path, capsys)
    serve_html(server, "2501.01234")
    code, out, err = run(capsys, "refs", "2501.01234", "--json")
    assert code == 0
    refs = json.loads(out)
    assert [(r["label"], r["arxiv_id"], r["doi"], r["library_id"]) for r in refs] == [
        ("[1]", "1706.03762", "", "1706.03762"),
        ("[2]", "1904.10509", "", ""),
        ("[3]", "2001.04451", "", ""),
        ("[4]", "2009.06732", "", ""),
        ("[5]", "", "10.1145/1468075.1468121", "doi:10.1145/1468075.1468121"),
        ("[6]", "", "", ""),
    ]
    missing = ["1904.10509", "2001.04451", "2009.06732"]
    server.expect_request("/api/query").respond_with_data(
        arxiv_feed(missing), content_type="application/atom+xml"
    )
    code, out, _ = run(capsys, "refs", "2501.01234", "--import")
    assert code == 0
    with Library(data_dir / "library.sqlite3") as library:
        assert all(library.get(i) for i in missing) and library.count() == 6
    api = [r for r, _ in server.log if r.path == "/api/query"]
    assert len(api) == 1 and api[0].args["id_list"] == ",".join(missing)
    code, out, err = run(capsys, "refs", "2501.01234")
    assert code == 0 and out.count("✓ ") == 5
    assert "6 references, 5 in the library" in err
