"""What the commands print tells the truth: counts with the right noun and how many
were shown, dates at the precision known, what a tag or bookmark change really did,
the user's state in `show`, one query language for search and export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.cli.main import main

DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
ARXIV = Path(__file__).parent / "fixtures" / "arxiv-api" / "search-testing-100.xml"
HEADGAS = "2312.02902"  # the demo knows it to the month (from its arXiv id)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def library(data_dir: Path, built_libraries: BuiltLibraries) -> Path:
    """The demo and an arXiv answer imported and indexed (built once, copied for each test)."""

    def build(data: Path) -> None:
        assert main(["--data-dir", str(data), "import", str(DEMO), str(ARXIV)]) == 0

    return built_libraries.copy("demo-and-arxiv", build, data_dir)


def test_search_says_how_many_were_shown_of_how_many(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, err = cli(capsys, "search", "testing")
    total = int(err.split(" of ")[1].split()[0])
    assert len(out.splitlines()) == 20 and err.startswith("20 of ") and total > 20
    _, out, err = cli(capsys, "search", "testing", "--limit", "0")
    assert len(out.splitlines()) == total and err.strip() == f"{total} matching papers"
    _, _, err = cli(capsys, "search", "headgas")
    assert err.strip() == "1 matching paper"
    with pytest.raises(SystemExit):
        main(["search", "testing", "--limit", "-3"])
    assert "must be 0 (no limit) or more" in capsys.readouterr().err


def test_query_words_may_start_with_a_dash(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-survey` and `-(a OR b)` are query words wherever they stand; the options stay
    options before, between or after them, with or without a `--`."""
    _, out, _ = cli(capsys, "search", "--json", "--limit", "0", "testing")
    everything = {p["id"] for p in json.loads(out)}
    _, out, _ = cli(capsys, "search", "--json", "--limit", "0", "testing", "software")
    with_software = {p["id"] for p in json.loads(out)}
    assert with_software and with_software < everything
    for words in (
        ["testing", "-software", "--json", "--limit", "0"],
        ["--limit=0", "testing", "--json", "-software"],
        ["-software", "testing", "--limit", "0", "--json"],
        ["--json", "--", "testing", "-software", "--limit", "0"],
        ["testing", "-(software)", "--json", "--limit=0"],
    ):
        code, out, err = cli(capsys, "search", *words)
        assert code == 0, (words, err)
        assert {p["id"] for p in json.loads(out)} == everything - with_software, words
    code, _, err = cli(capsys, "search", "-survey")
    assert code == 0 and "matching papers" in err


def test_search_shows_papers_with_most_words_unless_strict(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "search", "--json", "headgas", "qqqzzz")
    assert code == 0 and [p["id"] for p in json.loads(out)] == [HEADGAS]
    assert "No paper has all 2 words; showing papers with any one of them" in err
    code, out, err = cli(capsys, "search", "--json", "--strict", "headgas", "qqqzzz")
    assert code == 0 and json.loads(out) == [] and "0 matching papers" in err
    assert "No paper has all" not in err


def test_dates_print_at_the_precision_known(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "search", "headgas")
    assert f"{HEADGAS}  2023-12     HeadGaS" in out
    _, out, _ = cli(capsys, "show", HEADGAS)
    assert " published  2023-12\n" in out
    _, out, _ = cli(capsys, "show", HEADGAS, "--json")
    record = json.loads(out)
    assert record["published"] == "2023-12-01" and record["published_precision"] == "month"
    _, out, _ = cli(capsys, "search", "headgas", "--json")
    assert json.loads(out)[0]["published_precision"] == "month"


def test_show_includes_the_users_state(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "bookmark", HEADGAS)
    cli(capsys, "tag", HEADGAS, "+avatars")
    subprocess_note = subprocess.run(
        [sys.executable, "-m", "papertui", "--data-dir", str(library), "note", HEADGAS],
        input="check the ablation", text=True, capture_output=True, check=True,
    )  # fmt: skip
    assert "note saved" in subprocess_note.stdout
    _, out, _ = cli(capsys, "show", HEADGAS)
    assert "bookmarked  20" in out and "tags  #avatars" in out
    assert out.rstrip().endswith("note:\ncheck the ablation")
    _, out, _ = cli(capsys, "show", HEADGAS, "--json")
    state = json.loads(out)["state"]
    assert state["tags"] == ["avatars"] and state["note"] == "check the ablation"
    assert state["bookmarked_at"] and not state["read_at"]


def test_tag_and_bookmark_say_what_really_changed(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "tag", HEADGAS, "-old", "+new")
    assert out.strip() == f"{HEADGAS}: +new (old was not there)"
    _, out, _ = cli(capsys, "tag", HEADGAS, "-new")
    assert out.strip() == f"{HEADGAS}: -new"
    _, out, _ = cli(capsys, "bookmark", "--remove", HEADGAS)
    assert out.strip() == f"not bookmarked, nothing to remove: {HEADGAS}"
    _, out, _ = cli(capsys, "bookmark", HEADGAS, "2410.21644")
    assert out.strip() == "bookmarked 2 papers"
    _, out, _ = cli(capsys, "bookmark", HEADGAS)
    assert out.strip() == f"already bookmarked: {HEADGAS}"


def test_empty_answers_say_so(
    data_dir: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "list", "--tag", "nope")
    assert code == 0 and out == "" and "no tagged nope papers among 310" in err
    _, out, err = cli(capsys, "tags")
    assert out == "" and "no tags yet" in err
    _, _, err = cli(capsys, "--data-dir", str(data_dir.parent / "empty"), "list")
    assert "the library is empty" in err


def test_related_lines_without_authors_end_with_the_title(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = cli(capsys, "related", HEADGAS, "--limit", "0")
    lines = out.splitlines()
    assert lines and not any(line.rstrip().endswith("—") for line in lines)


def test_stats_counts_undated_papers(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "stats", "--json")
    stats = json.loads(out)
    assert stats["undated"] == 7  # the demo papers without an arXiv id
    _, out, _ = cli(capsys, "stats")
    assert "  undated                     7" in out


def test_export_reads_a_query_as_search_does(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "search", "(((")
    assert code == 0 and "searched as plain words" in err
    code, _, err = cli(capsys, "export", "-f", "bibtex", "(((", "-o", str(tmp_path / "q.bib"))
    assert code == 0 and "searched as plain words" in err
    code, _, _ = cli(capsys, "export", "-f", "bibtex", "headgas", "-o", str(tmp_path / "h.bib"))
    assert code == 0 and "dhamo" in (tmp_path / "h.bib").read_text(encoding="utf-8").lower()


def test_the_reader_refuses_without_a_terminal(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "papertui"], capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""  # no escape codes written into a file or pipe
    assert "the reader needs a terminal" in result.stderr
