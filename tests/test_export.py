"""`papertui cite` and `papertui export` end to end, through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from conftest import BuiltLibraries
from papertui.cite.common import title
from papertui.cite.tex import tex_display
from papertui.cli import cite_cmd
from papertui.cli.main import main
from papertui.clipboard import CopyResult
from papertui.importers import read_papers
from papertui.models import ImportedPaper, Paper
from papertui.paths import LibraryPaths
from papertui.store import Library

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
TAGS = ("physics-&-more", "to-read")  # as the library stores "physics & more", "to read"
# Published papers among the fixtures whose journal reference has another year than
# their first arXiv version: 2311.09714 is "Software Testing, Verification and
# Reliability, 35(2):e1914, 2025" (arXiv v1 2023-11-16).
JOURNAL_YEARS = {"2311.09714": 2025}


@pytest.fixture
def library_dir(tmp_path: Path, built_libraries: BuiltLibraries) -> Path:
    """Three sources imported, with bookmarks, tags and a note (built once, copied)."""

    def build(data: Path) -> None:
        files = [DEMO, FIXTURES / "arxiv-api" / "search-testing-100.xml",
                 FIXTURES / "arxiv-snapshot" / "first-line.jsonl"]  # fmt: skip
        assert main(["--data-dir", str(data), "import", "--no-index", *map(str, files)]) == 0
        with Library(LibraryPaths.resolve(data).store) as library:
            library.set_bookmarked(["0704.0001", "hep-ph/0301050", "2312.02902"], True)
            library.change_tags(["0704.0001", "2312.02902"], add=["to read", "physics & more"])
            library.set_note("2312.02902", "Real-time {fast}\n50% read")

    return built_libraries.copy("export-sources", build, tmp_path / "lib")


def run(library_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(library_dir), *args])


def papers_in(path: Path) -> list[Paper]:
    items = (p.paper if isinstance(p, ImportedPaper) else p for p in read_papers(path))
    return [p for p in items if isinstance(p, Paper)]


def test_cite_prints(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(library_dir, "cite", "arXiv:0704.0001v2", "https://arxiv.org/abs/hep-ph/0301050",
               "--format", "apa") == 0  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Balázs, C., Berger, E. L., Nadolsky, P. M., & Yuan, C.-P. (2007).")
    assert out[1].startswith("de Gouvea, A., & Murayama, H. (2003). Statistical Test of Anarchy")


def test_cite_default_is_bibtex_without_user_data(library_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(library_dir, "cite", "2312.02902") == 0
    out = capsys.readouterr().out
    assert out.startswith("@misc{dhamo2023headgasrealtimeanimatablehead,")  # the key
    assert "keywords" not in out and "annote" not in out


def test_cite_unknown_id(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(library_dir, "cite", "9999.99999") == 1
    assert "no paper with id '9999.99999'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("result", "code", "printed"),
    [
        (CopyResult("osc52", "sent to the terminal clipboard (OSC 52)"), 0, False),
        (CopyResult("file", "no clipboard; saved to /x/clipboard.txt", Path("/x")), 0, True),
        (CopyResult("none", "could not copy"), 1, True),
    ],
)
def test_cite_copy_reports_method(
    library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    result: CopyResult, code: int, printed: bool,
) -> None:  # fmt: skip
    copied: list[str] = []

    def fake_copy(text: str) -> CopyResult:
        copied.append(text)
        return result

    monkeypatch.setattr("papertui.clipboard.copy_text", fake_copy)
    assert run(library_dir, "cite", "2312.02902", "-f", "arxiv-id", "--copy") == code
    captured = capsys.readouterr()
    assert copied == ["arXiv:2312.02902"]
    assert result.detail in captured.err
    assert (captured.out == "arXiv:2312.02902\n") is printed


def test_export_bibtex_round_trip(library_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "library.bib"
    assert run(library_dir, "export", "--format", "bibtex", "-o", str(out)) == 0
    parsed = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    with Library(LibraryPaths.resolve(library_dir).store) as library:
        originals = {p.id: p for p in library.iter_changed(0)}
    back = {p.id: p for p in papers_in(out)}
    assert len(parsed.entries) == len(back) == len(originals) == 311
    for paper_id, old in originals.items():
        new = back[paper_id]
        assert title(new) == title(old)
        # control characters (bad source encodings) are made visible, as on screen
        assert [tex_display(a.name) for a in new.authors] == [
            tex_display(a.name) for a in old.authors
        ]
        # a published paper is cited with the year of its journal reference
        assert (new.arxiv_id, new.year) == (old.arxiv_id, JOURNAL_YEARS.get(paper_id, old.year))
    assert originals["2311.09714"].year == 2023
    assert back["2312.02902"].extras["keywords"] == list(TAGS)
    assert back["2312.02902"].extras["annote"] == "Real-time {fast}\n50% read"
    assert back["0704.0001"].extras["keywords"] == list(TAGS)
    assert "annote" not in back["0704.0001"].extras


def test_export_selections(library_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sel.ris"
    assert run(library_dir, "export", "-f", "ris", "--bookmarked", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    # two published papers (journal reference and DOI) and one preprint
    assert text.count("TY  - JOUR") == 2 and text.count("TY  - GEN") == 1
    assert text.count("ER  - ") == 3
    assert "AN  - arXiv:hep-ph/0301050" in text
    assert "DO  - 10.1016/j.physletb.2003.08.045" in text
    out = tmp_path / "sel.json"
    assert run(library_dir, "export", "-f", "csl-json", "--tag", "TO-READ", "-o", str(out)) == 0
    items = json.loads(out.read_text(encoding="utf-8"))
    assert sorted((i["type"], i.get("number")) for i in items) == [
        ("article", "arXiv:2312.02902"),  # a preprint, as Zotero writes it
        ("article-journal", None),  # 0704.0001, Phys. Rev. D
    ]
    assert [i["keyword"] for i in items] == [", ".join(TAGS)] * 2


def test_export_query(library_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.bib"
    assert run(library_dir, "export", "-f", "biblatex", "diphoton", "-o", str(out)) == 0
    entries = bibtexparser.parse_string(out.read_text(encoding="utf-8")).entries
    assert [e.key for e in entries] == ["balazs2007calculationpromptdiphotonproduction"]


def test_export_query_and_tag_conflict(library_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(library_dir, "export", "-f", "ris", "--tag", "x", "query") == 1
    assert "not both" in capsys.readouterr().err


def test_export_json_is_lossless(library_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert run(library_dir, "export", "-f", "json", "-o", str(out)) == 0
    with Library(LibraryPaths.resolve(library_dir).store) as library:
        originals = {p.id: p for p in library.iter_changed(0)}
        states = library.states_for(library.state_ids())
    back = {p.id: p for p in papers_in(out)}
    assert back == originals
    carried = {i.paper.id: i.state for i in read_papers(out) if isinstance(i, ImportedPaper)}
    assert carried == states and states  # bookmarks, tags, notes and read marks too


def test_export_to_stdout(library_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(library_dir, "export", "-f", "bibtex", "--tag", TAGS[0]) == 0
    captured = capsys.readouterr()
    assert len(bibtexparser.parse_string(captured.out).entries) == 2
    assert "exported 2 papers to stdout" in captured.err


def test_export_is_atomic(
    library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "keep.bib"
    out.write_text("old contents\n")

    def broken(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        yield "@misc{partial,"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cite_cmd, "iter_formatted", broken)
    assert run(library_dir, "export", "-f", "bibtex", "--force", "-o", str(out)) == 1
    assert out.read_text() == "old contents\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []


def _reimport_and_export(source_bib: Path, tmp_path: Path, name: str) -> Path:
    library_dir = tmp_path / name
    assert main(["--data-dir", str(library_dir), "import", "--no-index", str(source_bib)]) == 0
    with Library(LibraryPaths.resolve(library_dir).store) as library:
        papers = list(library.iter_changed(0))
        for paper in papers:
            library.change_tags([paper.id], add=paper.extras.get("keywords") or [])
            if paper.extras.get("annote"):
                library.set_note(paper.id, paper.extras["annote"])
        library.set_bookmarked([p.id for p in papers], True)
    out = tmp_path / f"{name}.bib"
    assert run(library_dir, "export", "-f", "bibtex", "--bookmarked", "-o", str(out)) == 0
    return out


def test_bibtex_export_is_stable_through_reimport(library_dir: Path, tmp_path: Path) -> None:
    """Export, import into a fresh library, export again, and again: journal refs, tags and
    notes neither grow nor shrink; after the first trip the file is a fixed point (the
    first trip may only switch author names to the equivalent "Family, Given" form)."""
    first = tmp_path / "first.bib"
    assert run(library_dir, "export", "-f", "bibtex", "--bookmarked", "-o", str(first)) == 0
    second = _reimport_and_export(first, tmp_path, "second")
    third = _reimport_and_export(second, tmp_path, "third")
    assert third.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    before = {e.key: e for e in bibtexparser.parse_string(first.read_text()).entries}
    after = {e.key: e for e in bibtexparser.parse_string(third.read_text()).entries}
    assert before.keys() == after.keys()
    for key, entry in before.items():
        for field in ("title", "journal", "keywords", "annote", "eprint", "doi", "year"):
            old, new = entry.fields_dict.get(field), after[key].fields_dict.get(field)
            assert (old.value if old else None) == (new.value if new else None), (key, field)


def test_left_out_characters_are_named_on_stderr(
    library_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library(LibraryPaths.resolve(library_dir).store) as library:
        library.set_note("2312.02902", "bad byte \ufffd and \U0001f600 here")
    bib = tmp_path / "bad.bib"
    bib.write_text("@misc{k, title = {On \u738b and \ufffd}, author = {Wang, Li}, "
                   "eprint = {2402.00001}}\n", encoding="utf-8")  # fmt: skip
    assert run(library_dir, "import", "--no-index", str(bib)) == 0
    capsys.readouterr()
    out = tmp_path / "all.bib"
    assert run(library_dir, "export", "-f", "bibtex", "-o", str(out)) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "left out" in line] == [
        "papertui: warning: 2312.02902: left out characters pdflatex cannot typeset: "
        "U+FFFD REPLACEMENT CHARACTER, U+1F600 GRINNING FACE",
        "papertui: warning: 2402.00001: left out characters pdflatex cannot typeset: "
        "U+738B CJK UNIFIED IDEOGRAPH-738B, U+FFFD REPLACEMENT CHARACTER",
    ]
    assert "bad byte  and  here" in out.read_text(encoding="utf-8")
    assert run(library_dir, "cite", "2402.00001", "-f", "biblatex") == 0
    captured = capsys.readouterr()
    assert "title = {On and}" in captured.out
    assert captured.err == (
        "papertui: warning: 2402.00001: left out characters pdflatex cannot typeset: "
        "U+738B CJK UNIFIED IDEOGRAPH-738B, U+FFFD REPLACEMENT CHARACTER\n"
    )
    for fmt in ("apa", "ris"):  # text formats keep every character
        assert run(library_dir, "cite", "2402.00001", "-f", fmt) == 0
        captured = capsys.readouterr()
        assert "\u738b" in captured.out and captured.err == ""
