"""`papertui download` / `read`, then `papertui search`: the saved full text is searched
(a local server for arXiv HTML, a real library, index and saved files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from test_reading_cli import clock, fill_library, run, serve_html, server  # noqa: F401

SAVED = "2501.00002"  # "A Paper I Bookmarked": its full text is the fixture paper


def test_a_downloaded_paper_is_found_by_its_full_text(
    server: HTTPServer,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill_library(tmp_path, capsys)
    assert run(capsys, "search", "bucket")[2].startswith("0 matching papers")  # index built
    serve_html(server, SAVED)
    code, out, _ = run(capsys, "download", SAVED)
    assert code == 0 and out.startswith("downloaded 1")
    code, out, _ = run(capsys, "search", "bucket")  # only in the paper's text
    assert code == 0
    assert out.splitlines() == [
        f"{SAVED}  2025        A Paper I Bookmarked  — Jane Doe  [in full text]"
    ]
    _, out, _ = run(capsys, "search", "--json", "body:induction")
    assert [(r["id"], r["in_full_text"]) for r in json.loads(out)] == [(SAVED, True)]
    _, out, _ = run(capsys, "search", "bookmarked")  # the title: no label
    assert out.startswith(SAVED) and "[in full text]" not in out
    _, out, _ = run(capsys, "search", "has:fulltext")
    assert [line.split()[0] for line in out.splitlines()] == [SAVED]


def test_read_saves_the_text_and_search_finds_it(
    server: HTTPServer,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill_library(tmp_path, capsys)
    run(capsys, "search", "attention")
    serve_html(server, SAVED)
    assert run(capsys, "read", SAVED)[0] == 0
    _, out, _ = run(capsys, "search", "body:bucket")
    assert out.split()[0] == SAVED


def test_unknown_field_message_lists_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_library(tmp_path, capsys)
    _, _, err = run(capsys, "search", "fulltxt:routing")
    assert "body:" in err and "unknown field" in err
