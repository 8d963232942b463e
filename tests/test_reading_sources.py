"""Where full texts come from (a local server stands in for arXiv HTML, ar5iv and arXiv PDF),
what happens on bad answers, and the saved copies that make a paper read once open offline."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from papertui.config import load_config
from papertui.fetch import RetryPolicy
from papertui.reading.api import arxiv_id_for, open_paper
from papertui.reading.document import Figure
from papertui.reading.errors import NotOnArxiv, ReadingError
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.sources import Downloader, ReadingSettings, load_reading_settings
from test_fetch_support import FakeClock

PAPERS = Path(__file__).parent / "fixtures" / "papers"
PAPER_ID = "2501.01234"
HTML = (PAPERS / "paper.html").read_bytes()


def settings_for(server: HTTPServer, timeout: float = 5.0) -> ReadingSettings:
    base = server.url_for("/").rstrip("/")
    return ReadingSettings(f"{base}/html", f"{base}/ar5iv", f"{base}/pdf", timeout=timeout)


def downloader_for(server: HTTPServer, timeout: float = 5.0) -> Downloader:
    clock = FakeClock()
    return Downloader.create(
        settings_for(server, timeout),
        clock=clock,
        sleep=clock.sleep,
        retry=RetryPolicy(attempts=1),
    )


@pytest.fixture
def store(tmp_path: Path) -> FullTextStore:
    return FullTextStore(tmp_path / "data" / "fulltext", tmp_path / "cache" / "fulltext")


def serve(server: HTTPServer, source: str, body: bytes | None, status: int = 200) -> None:
    kind = "application/pdf" if source == "pdf" else "text/html; charset=utf-8"
    server.expect_request(f"/{source}/{PAPER_ID}").respond_with_data(
        body if body is not None else b"Not Found", status=status, content_type=kind
    )


def test_arxiv_html_is_used_first(httpserver: HTTPServer, store: FullTextStore) -> None:
    serve(httpserver, "html", HTML)
    opened = open_paper(PAPER_ID, store, downloader_for(httpserver))
    assert opened.document.source == "arXiv HTML" and not opened.saved
    assert opened.passed_over == ()
    (figure,) = [b for b in opened.document.blocks if isinstance(b, Figure)]
    assert figure.images == (httpserver.url_for(f"/html/{PAPER_ID}/x1.png"),)
    assert "from arXiv HTML (http://" in opened.source_line


def test_404_falls_through_to_ar5iv_and_says_so(
    httpserver: HTTPServer, store: FullTextStore
) -> None:
    serve(httpserver, "html", None, 404)
    serve(httpserver, "ar5iv", HTML)
    opened = open_paper(PAPER_ID, store, downloader_for(httpserver))
    assert opened.document.source == "ar5iv"
    assert opened.passed_over == (f"arXiv HTML: no version of {PAPER_ID} (HTTP 404)",)


def test_no_html_anywhere_falls_through_to_the_pdf(
    httpserver: HTTPServer, store: FullTextStore
) -> None:
    serve(httpserver, "html", b"<html><body>No HTML for this paper.</body></html>")
    serve(httpserver, "ar5iv", None, 404)
    serve(httpserver, "pdf", (PAPERS / "paper.pdf").read_bytes())
    opened = open_paper(PAPER_ID, store, downloader_for(httpserver))
    assert opened.document.from_pdf and opened.document.source == "arXiv PDF"
    assert "holds no LaTeXML paper" in opened.passed_over[0]
    assert "text extracted from PDF" in opened.source_line


@pytest.mark.parametrize(
    ("pdf", "reason"),
    [("scanned.pdf", "has no text layer"), ("broken.pdf", "damaged or incomplete")],
)
def test_no_usable_source_names_every_failure_and_saves_nothing(
    httpserver: HTTPServer, store: FullTextStore, pdf: str, reason: str
) -> None:
    serve(httpserver, "html", None, 404)
    serve(httpserver, "ar5iv", None, 404)
    serve(httpserver, "pdf", (PAPERS / pdf).read_bytes())
    with pytest.raises(ReadingError) as caught:
        open_paper(PAPER_ID, store, downloader_for(httpserver))
    message = str(caught.value)
    assert message.startswith(f"no source has the text of {PAPER_ID}: arXiv HTML: no version")
    assert "ar5iv: no version" in message and reason in message
    assert not store.has(PAPER_ID) and not store.raw_root.exists()


def test_a_50_mb_page_is_refused_and_the_next_source_used(
    httpserver: HTTPServer, store: FullTextStore
) -> None:
    serve(httpserver, "html", b"<html>" + b" " * (50 * 1024 * 1024))
    serve(httpserver, "ar5iv", HTML)
    opened = open_paper(PAPER_ID, store, downloader_for(httpserver))
    assert opened.document.source == "ar5iv"
    assert "larger than 40 MB" in opened.passed_over[0]


def test_a_truncated_page_is_read_as_far_as_it_goes_with_a_note(
    httpserver: HTTPServer, store: FullTextStore
) -> None:
    serve(httpserver, "html", HTML[: HTML.index(b"Experiments")])
    opened = open_paper(PAPER_ID, store, downloader_for(httpserver))
    assert opened.document.source == "arXiv HTML"
    assert opened.document.notes == ("the page ended early: the text may be incomplete",)
    assert [h.number for _, h in opened.document.headings()][:3] == ["1", "2", "2.1"]


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_slow_server_times_out_and_the_next_source_is_used(
    threaded_server: HTTPServer, store: FullTextStore
) -> None:
    release = threading.Event()

    def never_answers(request: Request) -> Response:
        release.wait(30)
        return Response(HTML)

    threaded_server.expect_request(f"/html/{PAPER_ID}").respond_with_handler(never_answers)
    serve(threaded_server, "ar5iv", HTML)
    try:
        opened = open_paper(PAPER_ID, store, downloader_for(threaded_server, timeout=0.5))
    finally:
        release.set()
    assert opened.document.source == "ar5iv"
    assert "did not answer within 0.5 s" in opened.passed_over[0]


def test_a_paper_read_once_opens_offline(httpserver: HTTPServer, store: FullTextStore) -> None:
    serve(httpserver, "html", HTML)
    first = open_paper(PAPER_ID, store, downloader_for(httpserver))
    requests = len(httpserver.log)
    httpserver.clear()  # the server now knows nothing
    again = open_paper(PAPER_ID, store, downloader_for(httpserver))
    offline = open_paper(PAPER_ID, store, None)
    assert again.saved and offline.saved and len(httpserver.log) == 0 and requests == 1
    assert again.document == first.document == offline.document
    assert store.ids() == [PAPER_ID]


def test_a_damaged_parsed_copy_is_rebuilt_from_the_saved_page(
    httpserver: HTTPServer, store: FullTextStore
) -> None:
    serve(httpserver, "html", HTML)
    first = open_paper(PAPER_ID, store, downloader_for(httpserver))
    parsed = store.parsed_root / f"{PAPER_ID}.json"
    parsed.write_text('{"format": 1, "title": "cut', encoding="utf-8")
    assert store.load(PAPER_ID) == first.document
    assert parsed.read_text(encoding="utf-8").startswith('{"format":')
    parsed.unlink()
    assert store.load(PAPER_ID) == first.document


def test_a_body_without_its_meta_file_does_not_count_as_downloaded(
    httpserver: HTTPServer, store: FullTextStore
) -> None:
    store.raw_root.mkdir(parents=True)
    (store.raw_root / f"{PAPER_ID}.html").write_bytes(HTML[:500])  # a crash before the meta
    assert not store.has(PAPER_ID) and store.load(PAPER_ID) is None
    serve(httpserver, "html", HTML)
    opened = open_paper(PAPER_ID, store, downloader_for(httpserver))
    assert not opened.saved and store.has(PAPER_ID)
    assert (store.raw_root / f"{PAPER_ID}.html").read_bytes() == HTML
    leftovers = [p.name for p in store.raw_root.parent.rglob("*.tmp")]
    assert leftovers == []


def test_offline_without_a_saved_copy_says_so(store: FullTextStore) -> None:
    with pytest.raises(ReadingError, match="has not been downloaded yet"):
        open_paper(PAPER_ID, store, None)


def test_ids_and_non_arxiv_papers() -> None:
    assert arxiv_id_for("arXiv:2501.01234v2") == PAPER_ID
    assert arxiv_id_for("https://arxiv.org/abs/hep-th/9901001") == "hep-th/9901001"
    with pytest.raises(NotOnArxiv) as caught:
        arxiv_id_for("10.1145/1468075.1468121")
    assert caught.value.doi_url == "https://doi.org/10.1145/1468075.1468121"
    assert "arXiv papers only" in str(caught.value)


def test_settings_from_config_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[reading]\nhtml_url = "http://mirror/html/"\n[fetch]\ntimeout = 7\n')
    settings = load_reading_settings(config, env={"PAPERTUI_AR5IV_URL": "http://local/ar5iv"})
    assert settings.html_url == "http://mirror/html"
    assert settings.ar5iv_url == "http://local/ar5iv"
    assert settings.pdf_url == "https://arxiv.org/pdf"
    assert settings.timeout == 7.0 and settings.problems == ()
    config.write_text("[reading]\npdf_url = 3\n")
    assert load_reading_settings(config, env={}).problems == (
        "[reading] pdf_url must be a non-empty string",
    )


def test_the_pdf_viewer_from_config_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[reading]\npdf_viewer = "zathura --fork"\n')
    assert load_reading_settings(config, env={}).pdf_viewer == "zathura --fork"
    env = {"PAPERTUI_PDF_VIEWER": "evince"}
    assert load_reading_settings(config, env=env).pdf_viewer == "evince"
    config.write_text("[reading]\npdf_viewer = 1\n")
    settings = load_reading_settings(config, env={})
    assert settings.pdf_viewer == "" and settings.problems == (
        "[reading] pdf_viewer must be a string (a command)",
    )
    config.write_text('[reading]\npdf_viewer = "evince"\n')
    assert load_config(config).problems == ()  # a setting papertui knows
