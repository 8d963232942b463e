"""Watches: config tables, `papertui watch ...`, flags after an import, is:watched / watch:."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from papertui.cli.main import main
from papertui.config import load_config
from papertui.store import Library


def bib(path: Path, *papers: tuple[str, str, str]) -> Path:
    """A BibTeX file of (arXiv id, title, authors) entries."""
    entries = [
        f"@article{{k{n},\n  title = {{{title}}},\n  author = {{{authors}}},\n"
        f"  year = {{2024}},\n  eprint = {{{arxiv}}},\n  archivePrefix = {{arXiv}},\n"
        f"  abstract = {{About {title.lower()}.}}\n}}\n"
        for n, (arxiv, title, authors) in enumerate(papers)
    ]
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


FIRST = [
    ("2401.00001", "Diffusion models for images", "Ana Pérez and Bo Li"),
    ("2401.00002", "Graph networks", "Carl Diaz"),
]
SECOND = [
    ("2402.00003", "Latent diffusion for audio", "Dee Ng"),
    ("2402.00004", "Sparse graphs", "Ana Pérez"),
    ("2402.00005", "Protein folding", "Eve Ro"),
]


def cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "data"
    assert cli(data, capsys, "import", str(bib(tmp_path / "a.bib", *FIRST)))[0] == 0
    return data


def test_add_writes_the_config_and_keeps_the_rest(
    data: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_dirs / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('# my settings\ntheme = "x"\n\n[[feeds]]\nname = "hf"\n', encoding="utf-8")
    code, out, _ = cli(data, capsys, "watch", "add", "diffusion", "diffusion")
    assert code == 0 and "1 paper matches now" in out
    code, _, _ = cli(data, capsys, "watch", "add", 'Ana "P"', "--author", "Ana Pérez")
    assert code == 0
    raw = tomllib.loads(config.read_text(encoding="utf-8"))
    assert raw["watch"] == {"diffusion": {"query": "diffusion"}, 'Ana "P"': {"author": "Ana Pérez"}}
    assert raw["feeds"] == [{"name": "hf"}] and raw["theme"] == "x"
    assert config.read_text(encoding="utf-8").startswith("# my settings\n")
    code, _, err = cli(data, capsys, "watch", "add", "DIFFUSION", "other")
    assert code == 1 and "exists already" in err
    code, out, _ = cli(data, capsys, "watch", "remove", "diffusion")
    assert code == 0 and "stopped watching 'diffusion'" in out
    text = config.read_text(encoding="utf-8")
    assert "diffusion" not in text and '[[feeds]]\nname = "hf"' in text
    assert [w.name for w in load_config(config).watches] == ['Ana "P"']


def test_import_flags_only_papers_new_to_a_watch(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(data, capsys, "watch", "add", "diffusion", "diffusion")
    cli(data, capsys, "watch", "add", "ana", "--author", "Ana Pérez")
    code, out, _ = cli(data, capsys, "import", str(bib(tmp_path / "b.bib", *SECOND)))
    assert code == 0
    assert "1 new for diffusion" in out and "1 new for ana" in out
    with Library(data / "library.sqlite3") as library:
        hits = {(h.watch, h.paper_id) for h in library.watch_hits_since("")}
    assert hits == {("diffusion", "2402.00003"), ("ana", "2402.00004")}
    code, out, _ = cli(data, capsys, "watch", "list")
    assert out.splitlines() == ["diffusion\t1 new\tdiffusion", "ana\t1 new\tauthor Ana Pérez"]
    code, out, _ = cli(data, capsys, "watch", "run")  # nothing newer since
    assert code == 0 and "diffusion: 0 new, 2 matching" in out


def test_a_bad_watch_query_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(data, capsys, "watch", "add", "bad", "year:abc")
    assert code == 2 and "the watch was not added" in err
    assert load_config().watches == ()


def test_a_broken_watch_table_is_reported(isolated_dirs: Path) -> None:
    config = isolated_dirs / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[watch.x]\nquery = "a"\nauthor = "b"\n', encoding="utf-8")
    loaded = load_config(config)
    assert loaded.watches == ()
    assert loaded.problems == ('[watch."x"]: give exactly one of query = or author =',)


def search_ids(data: Path, capsys: pytest.CaptureFixture[str], query: str) -> list[str]:
    code, out, err = cli(data, capsys, "search", "--sort", "date", query)
    assert code == 0, err
    return sorted(line.split()[0] for line in out.splitlines() if line[:1].isdigit())


def test_is_watched_and_watch_name_find_the_flagged_papers(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(data, capsys, "watch", "add", "Latent Diffusion", "diffusion")
    cli(data, capsys, "watch", "add", "graphs", "graph*")
    cli(data, capsys, "import", str(bib(tmp_path / "b.bib", *SECOND)))
    assert search_ids(data, capsys, "is:watched") == ["2402.00003", "2402.00004"]
    assert search_ids(data, capsys, 'watch:"latent diffusion"') == ["2402.00003"]
    assert search_ids(data, capsys, "watch:graphs") == ["2402.00004"]
    cli(data, capsys, "watch", "remove", "graphs")
    assert search_ids(data, capsys, "is:watched") == ["2402.00003"]
    assert search_ids(data, capsys, "watch:graphs") == []


def test_remove_refuses_a_watch_it_cannot_cut_out(isolated_dirs: Path) -> None:
    from papertui.watch_config import WatchConfigError, remove_watch

    config = isolated_dirs / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    text = '[watch]\ninline = { query = "x" }\n'
    config.write_text(text, encoding="utf-8")
    with pytest.raises(WatchConfigError, match="not written as a"):
        remove_watch("inline", config)
    assert config.read_text(encoding="utf-8") == text


def test_unseen_hits_are_the_flagged_papers_not_read_yet(tmp_path: Path) -> None:
    from papertui.models import Paper

    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([Paper(id=f"2401.0000{n}", title=f"Paper {n}") for n in range(1, 5)])
        assert lib.record_watch_matches("w", ["2401.00001"]) == []  # the baseline
        assert lib.record_watch_matches("w", ["2401.00001", "2401.00002", "2401.00003"]) == [
            "2401.00002",
            "2401.00003",
        ]
        assert lib.record_watch_matches("v", ["2401.00004"]) == []
        assert lib.unseen_watch_hits() == {"w": ["2401.00002", "2401.00003"]}
        lib.set_read(["2401.00002"], True)
        assert lib.unseen_watch_hits() == {"w": ["2401.00003"]}
