"""`papertui digest`: grouped by watch, top upvoted papers, formats, cron behaviour."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pytest_httpserver import HTTPServer

from papertui.cli import fetch_cmd
from papertui.fetch import Fetcher
from papertui.store import Library
from test_fetch_support import FakeClock, hf_item
from test_watch import FIRST, SECOND, bib, cli

HOSTILE = ("2403.00009", "Diffusion <b>bold</b> & *stars* [x](javascript:alert(1))", "Ann Li")


@pytest.fixture
def server_env(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    monkeypatch.setenv("PAPERTUI_HF_URL", httpserver.url_for("/").rstrip("/"))
    fake = FakeClock()
    monkeypatch.setattr(
        fetch_cmd, "make_fetcher", lambda s: Fetcher.create(s, clock=fake, sleep=fake.sleep)
    )
    return httpserver


@pytest.fixture
def watched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A library with two watches and, after their first run, three papers new to them."""
    data = tmp_path / "data"
    cli(data, capsys, "import", str(bib(tmp_path / "a.bib", *FIRST)))
    cli(data, capsys, "watch", "add", "diffusion", "diffusion")
    cli(data, capsys, "watch", "add", "ana", "--author", "Ana Pérez")
    cli(data, capsys, "import", str(bib(tmp_path / "b.bib", *SECOND, HOSTILE)))
    return data


def test_text_digest_groups_by_watch_then_says_nothing_new_next_time(
    watched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(watched, capsys, "digest", "--format", "text")
    assert code == 0 and err == ""
    sections = [line for line in out.splitlines() if line.startswith("==")]
    assert sections == [
        "== diffusion: 2 new",
        "== ana: 1 new",
        "== Top Hugging Face papers: nothing new",
    ]
    assert "* Latent diffusion for audio" in out and "  Dee Ng" in out
    assert "  abstract: https://arxiv.org/abs/2402.00003" in out
    assert "  About latent diffusion for audio." in out
    code, out, _ = cli(watched, capsys, "digest", "--format", "text")
    assert code == 0 and out.count("nothing new") == 3


def test_fetch_first_then_top_papers_by_upvotes(
    server_env: HTTPServer, watched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server_env.expect_request("/api/daily_papers").respond_with_json(
        [hf_item(3), hf_item(40), hf_item(7)]
    )
    out_file = watched.parent / "digest.txt"
    code, out, err = cli(
        watched, capsys, "digest", "--fetch", "--format", "text", "-o", str(out_file)
    )
    assert (code, out, err) == (0, "", "")  # quiet on success
    text = out_file.read_text(encoding="utf-8")
    top = text.split("== Top Hugging Face papers: 3 new")[1]
    titles = [line for line in top.splitlines() if line.startswith("* ")]
    assert titles == [
        "* Paper number 40 [40 upvotes]",
        "* Paper number 7 [7 upvotes]",
        "* Paper number 3 [3 upvotes]",
    ]
    assert "  Hugging Face: https://huggingface.co/papers/2406.00040" in top


def test_a_failed_fetch_still_writes_the_digest_and_exits_1(
    server_env: HTTPServer, watched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server_env.expect_request("/api/daily_papers").respond_with_data("nope", status=404)
    out_file = watched.parent / "digest.md"
    code, out, err = cli(watched, capsys, "digest", "--fetch", "-o", str(out_file))
    assert code == 1 and out == ""
    assert "feed" in err and "failed" in err
    assert "## diffusion: 2 new" in out_file.read_text(encoding="utf-8")


def test_markdown_shows_untrusted_text_as_written(
    watched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(watched, capsys, "digest")
    assert code == 0
    html = MarkdownIt("commonmark").render(out)
    assert (
        "<b>" not in html and "<em>bold" not in html and "javascript" not in html.split("href")[0]
    )
    assert 'href="javascript' not in html
    assert "Diffusion &lt;b&gt;bold&lt;/b&gt; &amp; *stars* [x](javascript:alert(1))" in html
    assert '<a href="https://arxiv.org/abs/2403.00009">abstract</a>' in html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_one_self_contained_file_with_text_kept_as_text(
    watched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = watched.parent / "digest.html"
    assert cli(watched, capsys, "digest", "--format", "html", "-o", str(out_file))[0] == 0
    page = _Collector()
    page.feed(out_file.read_text(encoding="utf-8"))
    assert page.tags <= {"html", "head", "meta", "title", "body", "div", "h1", "h2", "p", "a",
                         "span"}  # fmt: skip
    assert {name for name, _ in page.attrs} <= {"lang", "charset", "name", "content", "style",
                                                "href"}  # fmt: skip
    hrefs = [value or "" for name, value in page.attrs if name == "href"]
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert HOSTILE[1] in page.text


def test_since_a_date_and_bad_usage(watched: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(watched, capsys, "digest", "--since", "yesterday")
    assert code == 2 and "--since: expected 'last' or a date YYYY-MM-DD" in err
    code, out, _ = cli(watched, capsys, "digest", "--since", "2999-01-01", "--format", "text")
    assert code == 0 and out.count("nothing new") == 3


def test_an_unwritable_output_keeps_the_last_digest_time(
    watched: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = watched.parent / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = cli(watched, capsys, "digest", "-o", str(blocker / "digest.md"))
    assert code == 1 and str(blocker) in err
    with Library(watched / "library.sqlite3") as library:
        assert library.last_digest() == ""
