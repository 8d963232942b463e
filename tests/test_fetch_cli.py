"""`papertui fetch` end to end (real local server, real library) and the fetch settings."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from papertui.cli import fetch_cmd
from papertui.cli.main import main
from papertui.fetch import Fetcher, load_settings
from papertui.fetch.settings import DEFAULT_FEEDS, DEFAULT_HF_URL
from papertui.store import Library
from test_fetch_support import ARXIV_FIXTURES, FakeClock, atom_feed, hf_item

DAILY = "/api/daily_papers"


@pytest.fixture
def server_env(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("PAPERTUI_HF_URL", base)
    monkeypatch.setenv("PAPERTUI_ARXIV_URL", f"{base}/api/query")
    return httpserver


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every Fetcher the CLI builds gets this fake clock: no real waiting in tests."""
    fake = FakeClock()
    monkeypatch.setattr(
        fetch_cmd, "make_fetcher", lambda s: Fetcher.create(s, clock=fake, sleep=fake.sleep)
    )
    return fake


def count(data_dir: Path) -> int:
    with Library(data_dir / "library.sqlite3") as library:
        return library.count()


def write_config(isolated_dirs: Path, text: str) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "config.toml").write_text(text, encoding="utf-8")


def closed_port_base() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_fetch_hf_date(server_env: HTTPServer, data_dir: Path, capsys) -> None:
    server_env.expect_request(
        DAILY, query_string={"date": "2024-06-03", "p": "0", "limit": "100"}
    ).respond_with_json([hf_item(1), hf_item(2), hf_item(3)])
    assert main(["fetch", "hf", "--date", "2024-06-03"]) == 0  # index update tolerated
    out = capsys.readouterr().out
    assert out == "Hugging Face papers for 2024-06-03: 3 papers, 3 new, 0 updated, 0 unchanged\n"
    assert count(data_dir) == 3


def test_network_failure_exits_1_with_one_line_and_changes_nothing(
    server_env: HTTPServer, data_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_env.expect_request(DAILY).respond_with_json([hf_item(1)])
    assert main(["fetch", "hf", "--no-index"]) == 0
    before = count(data_dir)
    capsys.readouterr()
    monkeypatch.setenv("PAPERTUI_HF_URL", closed_port_base())
    assert main(["fetch", "hf"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("papertui: cannot reach 127.0.0.1:")
    assert lines[0].endswith("; nothing was changed")
    assert count(data_dir) == before


def test_failure_before_any_library_exists_creates_none(
    data_dir: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERTUI_HF_URL", closed_port_base())
    assert main(["fetch", "hf"]) == 1
    assert not (data_dir / "library.sqlite3").exists()


def test_empty_day_exits_0_with_a_friendly_message(server_env: HTTPServer, capsys) -> None:
    server_env.expect_request(DAILY).respond_with_json([])
    assert main(["fetch", "hf", "--date", "2024-06-01"]) == 0
    assert capsys.readouterr().out == "no papers listed for 2024-06-01 (weekend or holiday?)\n"


def test_bad_date_is_one_line(server_env: HTTPServer, capsys) -> None:
    assert main(["fetch", "hf", "--date", "2024-02-30"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "papertui: not a date (YYYY-MM-DD): 2024-02-30; nothing was changed"
    ]
    assert server_env.log == []


def test_arxiv_runs_back_to_back_respect_the_rate_limit(
    server_env: HTTPServer, data_dir: Path, clock: FakeClock, capsys
) -> None:
    server_env.expect_request(
        "/api/query", query_string={"id_list": "1707.08567", "start": "0", "max_results": "1"}
    ).respond_with_data((ARXIV_FIXTURES / "id-two-papers.xml").read_bytes())
    server_env.expect_request("/api/query").respond_with_data(atom_feed(range(5), total=5))
    assert main(["fetch", "arxiv", "--id", "1707.08567", "--no-index"]) == 0
    assert main(["fetch", "arxiv", "ti:diffusion", "AND", "au:ho", "--no-index"]) == 0
    assert clock.sleeps == [3.0]  # the second process waited for the first one's request
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("arXiv 1707.08567: 1 papers, 1 new")
    assert out[1].startswith("arXiv search 'ti:diffusion AND au:ho': 5 papers, 5 new")
    assert count(data_dir) == 6
    assert server_env.log[-1][0].args["search_query"] == "ti:diffusion AND au:ho"


def test_arxiv_error_feed_message(server_env: HTTPServer, clock: FakeClock, capsys) -> None:
    server_env.expect_request("/api/query").respond_with_data(
        (ARXIV_FIXTURES / "error-bad-id.xml").read_bytes(), status=400
    )
    assert main(["fetch", "arxiv", "--category", "cs.LG", "--new"]) == 1
    assert capsys.readouterr().err == (
        "papertui: arXiv rejected the request: incorrect id format for abc; nothing was changed\n"
    )


def test_from_cache_serves_the_last_response_when_offline(
    server_env: HTTPServer, data_dir: Path, clock: FakeClock, capsys
) -> None:
    server_env.expect_ordered_request(DAILY).respond_with_json([hf_item(1), hf_item(2)])
    assert main(["fetch", "hf", "--no-index"]) == 0
    server_env.expect_request(DAILY).respond_with_data("down", status=503)
    capsys.readouterr()
    assert main(["fetch", "--from-cache", "hf", "--no-index"]) == 0
    captured = capsys.readouterr()
    assert "latest Hugging Face daily papers: 2 papers, 0 new" in captured.out
    assert "[offline: " in captured.out and "showing the copy cached at" in captured.out
    assert "retrying in 1 s" in captured.err  # retries are announced on stderr
    assert count(data_dir) == 2


def test_feeds_one_failure_does_not_stop_the_others(
    server_env: HTTPServer, isolated_dirs: Path, data_dir: Path, clock: FakeClock, capsys
) -> None:
    write_config(
        isolated_dirs,
        """
[[feeds]]
name = "daily"
source = "hf"
sort = "trending"

[[feeds]]
name = "broken"
source = "arxiv"
query = "ti:("

[[feeds]]
name = "cs.LG new"
source = "arxiv"
category = "cs.LG"
new = true
max = 200

[[feeds]]
name = "typo"
source = "arxiv"
querry = "x"
""",
    )
    server_env.expect_request(
        DAILY, query_string={"sort": "trending", "p": "0", "limit": "100"}
    ).respond_with_json([hf_item(1)])
    server_env.expect_request(
        "/api/query", query_string={"search_query": "ti:(", "start": "0", "max_results": "100"}
    ).respond_with_data((ARXIV_FIXTURES / "error-bad-id.xml").read_bytes(), status=400)
    server_env.expect_request(
        "/api/query",
        query_string={
            "search_query": "cat:cs.LG",
            "start": "0",
            "max_results": "100",
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        },
    ).respond_with_data(atom_feed(range(10, 14), total=4))
    assert main(["fetch", "--no-index"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "[daily] latest Hugging Face daily papers: 1 papers, 1 new, 0 updated, 0 unchanged",
        "[cs.LG new] newest arXiv submissions in cs.LG: 4 papers, 4 new, 0 updated, 0 unchanged",
    ]
    err = captured.err.splitlines()
    assert err[0] == (
        "papertui: feed 'broken': arXiv rejected the request: incorrect id format for abc; "
        "nothing was changed"
    )
    assert err[1].startswith("papertui: feed 'typo': invalid feed in the config:")
    assert "unknown key 'querry'" in err[1]
    assert err[2] == "papertui: 2 of 4 feed(s) failed"
    assert count(data_dir) == 5
    assert clock.sleeps == [3.0]  # two arXiv requests, spaced


def test_no_config_refreshes_the_default_daily_feed(server_env: HTTPServer, capsys) -> None:
    server_env.expect_request(DAILY).respond_with_json([])
    assert main(["fetch"]) == 0
    assert capsys.readouterr().out == "[daily] no papers listed today (weekend or holiday?)\n"


# ---- settings -----------------------------------------------------------------------


def test_settings_defaults_env_and_config(tmp_path: Path) -> None:
    missing = load_settings(tmp_path / "none.toml", env={})
    assert missing.hf_url == DEFAULT_HF_URL and missing.feeds == DEFAULT_FEEDS
    config = tmp_path / "config.toml"
    config.write_text(
        '[fetch]\nhf_url = "http://mirror.example/"\narxiv_url = "http://a.example/q"\n'
        'timeout = 5\n[[feeds]]\nname = "ids"\nsource = "arxiv"\nids = ["2401.00001"]\n'
    )
    settings = load_settings(config, env={"PAPERTUI_ARXIV_URL": "http://env.example/q"})
    assert settings.hf_url == "http://mirror.example"
    assert settings.arxiv_url == "http://env.example/q"  # env beats the file
    assert settings.timeout == 5.0
    assert settings.feeds[0].ids == ("2401.00001",) and settings.problems == ()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[fetch\n", "ignored"),
        ("[fetch]\ntimeout = -1\n", "timeout must be a positive number"),
        ('[fetch]\nhf_url = ""\n', "hf_url must be a non-empty string"),
    ],
)
def test_settings_problems_are_reported(tmp_path: Path, text: str, problem: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    settings = load_settings(config, env={})
    assert any(problem in p for p in settings.problems)


@pytest.mark.parametrize(
    ("feed", "problem"),
    [
        ('source = "rss"', "source must be hf or arxiv"),
        ('source = "arxiv"', "needs query, category or ids"),
        ('source = "arxiv"\nquery = "x"\nmax = "ten"', "max has the wrong type"),
        ('source = "arxiv"\nquery = "x"\nmax = 0', "max must be at least 1"),
        ('source = "hf"\nsort = "best"', "sort must be one of"),
    ],
)
def test_invalid_feeds_carry_their_problem(tmp_path: Path, feed: str, problem: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nname = "f"\n{feed}\n')
    (parsed,) = load_settings(config, env={}).feeds
    assert problem in parsed.problem
