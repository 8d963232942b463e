"""Reading lists: `papertui list create|add|remove|move|show|delete`, list:NAME, export order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_watch import FIRST, SECOND, bib, cli, search_ids

A, B = FIRST[0][0], FIRST[1][0]
C, D, E = (p[0] for p in SECOND)


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "data"
    assert cli(data, capsys, "import", str(bib(tmp_path / "a.bib", *FIRST, *SECOND)))[0] == 0
    assert cli(data, capsys, "list", "create", "Thesis  ch.2")[0] == 0
    return data


def shown(data: Path, capsys: pytest.CaptureFixture[str], name: str) -> list[str]:
    code, out, err = cli(data, capsys, "list", "show", name)
    assert code == 0, err
    return [line.split("\t")[1] for line in out.splitlines()]


def test_add_move_remove_keep_the_order(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(data, capsys, "list", "add", "thesis ch.2", C, A, f"arXiv:{E}v2")
    assert code == 0 and out == "added 3 papers to 'Thesis ch.2'\n"
    cli(data, capsys, "list", "add", "THESIS CH.2", B, "--at", "2")
    assert shown(data, capsys, "thesis ch.2") == [C, B, A, E]
    code, out, _ = cli(data, capsys, "list", "move", "thesis ch.2", E, "1")
    assert code == 0 and out == f"{E} is now number 1 of 'Thesis ch.2'\n"
    cli(data, capsys, "list", "move", "thesis ch.2", C, "99")
    assert shown(data, capsys, "thesis ch.2") == [E, B, A, C]
    _, out, _ = cli(data, capsys, "list", "add", "thesis ch.2", A, D)
    assert out == f"added 1 paper to 'Thesis ch.2'\nalready in 'Thesis ch.2': {A}\n"
    _, out, _ = cli(data, capsys, "list", "remove", "thesis ch.2", B, B)
    assert shown(data, capsys, "thesis ch.2") == [E, A, C, D]
    _, out, _ = cli(data, capsys, "list", "show")
    assert out == "Thesis ch.2\t4 papers\n"


def test_list_name_in_queries(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(data, capsys, "list", "add", "thesis ch.2", A, C)
    assert search_ids(data, capsys, 'list:"thesis ch.2"') == [A, C]
    assert search_ids(data, capsys, 'list:"Thesis ch.2" diffusion') == [A, C]
    cli(data, capsys, "list", "remove", "thesis ch.2", A)
    assert search_ids(data, capsys, 'list:"thesis ch.2"') == [C]
    cli(data, capsys, "list", "delete", "thesis ch.2")
    assert search_ids(data, capsys, 'list:"thesis ch.2"') == []


def test_export_keeps_the_list_order(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(data, capsys, "list", "add", "thesis ch.2", D, A, C)
    code, out, _ = cli(data, capsys, "export", "-f", "bibtex", "--list", "thesis ch.2")
    assert code == 0
    assert re.findall(r"eprint = \{([^}]+)\}", out) == [D, A, C]


def test_errors_name_the_list_and_change_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(data, capsys, "list", "create", "thesis CH.2")
    assert code == 1 and "a list named 'thesis CH.2' exists already" in err
    code, _, err = cli(data, capsys, "list", "add", "nope", A)
    assert code == 1 and "no list named 'nope'" in err
    code, _, err = cli(data, capsys, "list", "move", "thesis ch.2", A, "1")
    assert code == 1 and f"{A} is not in the list" in err
    code, _, err = cli(data, capsys, "list", "add", "thesis ch.2", A, "9999.99999")
    assert code == 1 and "no paper with id '9999.99999'" in err
    assert shown(data, capsys, "thesis ch.2") == []
    code, out, _ = cli(data, capsys, "list", "--limit", "1")  # papers, as before
    assert code == 0 and len(out.splitlines()) == 1


def test_a_paper_merged_later_keeps_its_lists_flags_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Added under the id of a record without an arXiv id, which a later import of the
    same paper (arXiv id) merges away: the list, the watch flag and the .bib key follow."""
    data = tmp_path / "data"
    cli(data, capsys, "import", str(bib(tmp_path / "a.bib", *FIRST)))
    cli(data, capsys, "watch", "add", "folding", "folding")
    plain = tmp_path / "plain.bib"
    plain.write_text(
        "@article{x, title = {Protein folding at scale}, author = {Eve Ro}, year = {2024}}\n",
        encoding="utf-8",
    )
    cli(data, capsys, "import", str(plain))
    _, out, _ = cli(data, capsys, "search", "folding")
    (title_id,) = [line.split()[0] for line in out.splitlines() if "folding" in line.lower()]
    cli(data, capsys, "list", "create", "ch2")
    cli(data, capsys, "list", "add", "ch2", title_id)
    refs = tmp_path / "refs.bib"
    cli(data, capsys, "bib", "sync", str(refs), "--list", "ch2")
    key_before = re.findall(r"@\w+\{([^,]+),", refs.read_text(encoding="utf-8"))
    arxiv = ("2405.00007", "Protein folding at scale", "Eve Ro")
    code, _, _ = cli(data, capsys, "import", str(bib(tmp_path / "b.bib", arxiv)))
    assert code == 0
    assert shown(data, capsys, "ch2") == ["2405.00007"]
    assert search_ids(data, capsys, "list:ch2 watch:folding") == ["2405.00007"]
    cli(data, capsys, "bib", "sync", str(refs), "--list", "ch2")
    text = refs.read_text(encoding="utf-8")
    assert re.findall(r"@\w+\{([^,]+),", text) == key_before and "2405.00007" in text
