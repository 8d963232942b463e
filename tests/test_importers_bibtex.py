"""BibTeX importer and the papertui JSON export (write + lossless read back)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from papertui.ids import title_key
from papertui.importers import BadRecord, ImportFailed, detect_format, read_papers
from papertui.importers.bibtex import parse_author, parse_authors
from papertui.importers.papertui_json import write_papertui_json
from papertui.models import Author, Paper

FIXTURES = Path(__file__).parent / "fixtures"
BIBTEX = FIXTURES / "importers" / "library.bib"
DEMO_LISTING = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"


def _by_key(results: list[Paper | BadRecord]) -> dict[str, Paper]:
    return {r.extras["bibtex_key"]: r for r in results if isinstance(r, Paper)}


def test_bibtex_library() -> None:
    results = list(read_papers(BIBTEX))
    assert results[-1] == BadRecord("entry notitle", "no title")
    papers = _by_key(results)
    assert list(papers) == [
        "vaswani2017attention",
        "kingma2014adam",
        "schroedinger1926",
        "gould2006",
        "kalai2025",
    ]
    assert all(p.sources == ("bibtex",) for p in papers.values())

    attention = papers["vaswani2017attention"]
    assert attention.id == attention.arxiv_id == "1706.03762"  # from "arXiv preprint arXiv:..."
    assert attention.title == "Attention Is All You Need"  # case-protecting braces dropped
    assert attention.journal_ref == ""  # an arXiv "journal" is not a journal reference
    assert [(a.name, a.family, a.given) for a in attention.authors] == [
        ("Ashish Vaswani", "Vaswani", "Ashish"),
        ("Noam Shazeer", "Shazeer", "Noam"),
        ("Niki Parmar", "Parmar", "Niki"),
    ]  # "and others" dropped
    assert (attention.published, attention.extras["date_precision"]) == ("2017-06-01", "month")
    assert attention.extras["keywords"] == ["transformers", "attention", "sequence models"]
    assert attention.extras["entry_type"] == "article"

    adam = papers["kingma2014adam"]
    assert (adam.id, adam.arxiv_version) == ("1412.6980", 9)  # eprint + archivePrefix
    assert adam.categories == ("cs.LG",)  # primaryClass
    assert (adam.published, adam.extras["date_precision"]) == ("2014-01-01", "year")
    assert adam.extras["note"] == "Published at ICLR 2015"
    assert [a.name for a in adam.authors] == ["Diederik P. Kingma", "Jimmy Ba"]

    schr = papers["schroedinger1926"]
    assert schr.id == "doi:10.1002/andp.19263840404"
    assert schr.doi == "10.1002/andp.19263840404"
    assert schr.title == '{\\"U}ber die {Q}uantisierung als {E}igenwertproblem'  # TeX kept
    assert schr.display_title == "Über die Quantisierung als Eigenwertproblem"
    assert [(a.name, a.family, a.given) for a in schr.authors] == [
        ('Erwin Schr{\\"o}dinger', 'Schr{\\"o}dinger', "Erwin"),
        ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
        ("John Doe Jr.", "Doe", "John"),
        ("{Barnes and Noble}", "Barnes and Noble", ""),
    ]
    assert schr.published == "2019-12-08" and "date_precision" not in schr.extras
    assert schr.journal_ref == "Advances in Neural Information Processing Systems 30, 1--10"
    assert schr.pdf_url == "https://example.org/paper.pdf"
    assert schr.abstract == "We show that $\\hat{H}\\psi = E\\psi$ holds."
    assert schr.extras["entry_type"] == "inproceedings"

    gould = papers["gould2006"]
    assert gould.id == "astro-ph/0601001"  # from the arXiv URL
    assert gould.journal_ref == "Acta Astronomica (2006)"
    assert gould.abs_url == ""

    kalai = papers["kalai2025"]
    assert kalai.id == "2509.04664"  # from the 10.48550/arXiv DOI
    assert kalai.doi == "10.48550/arXiv.2509.04664"
    assert kalai.extras["annote"] == "Read this"  # the user's note, not BibTeX's `note`
    assert "note" not in kalai.extras


def test_parse_author_forms() -> None:
    assert parse_author("Knuth, Donald E.") == Author("Donald E. Knuth", "Knuth", "Donald E.")
    assert parse_author("Donald E. Knuth") == Author("Donald E. Knuth", "Knuth", "Donald E.")
    assert parse_author("de la Fontaine, Jean") == Author(
        "Jean de la Fontaine", "de la Fontaine", "Jean"
    )
    assert parse_author("Plato") == Author("Plato", "Plato", "")
    # BibTeX's "First von Last": the von part starts at the first lower-case word
    assert parse_author("Haitz Sáez de Ocáriz Borde") == Author(
        "Haitz Sáez de Ocáriz Borde", "de Ocáriz Borde", "Haitz Sáez"
    )
    assert parse_author("Jean de la Fontaine") == Author(
        "Jean de la Fontaine", "de la Fontaine", "Jean"
    )
    assert parse_author("others") is None
    assert [a.name for a in parse_authors("A. One and\n  Two, B. AND C. Three")] == [
        "A. One",
        "B. Two",
        "C. Three",
    ]


def test_bibtex_named_txt_and_broken_blocks(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(
        "Some exported references.\n\n"
        "@misc{ok, title = {Fine}, eprint = {2401.00001}}\n"
        "@misc{dup, title = {A}, title = {B}}\n"
        "@misc{ok, title = {Again}}\n"
        "@article{broken, title = {Never closed\n"
        "@misc{last, title = {Last one}, year = {2021}, month = {11}}\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "bibtex"
    results = list(read_papers(path))
    assert [r.id for r in results if isinstance(r, Paper)] == [
        "2401.00001",
        title_key("Last one"),
    ]
    bad = [r for r in results if isinstance(r, BadRecord)]
    assert [b.location for b in bad] == ["entry dup", "entry ok", "line 6"]
    assert all("\n" not in b.message for b in bad)
    last = next(r for r in results if isinstance(r, Paper) and r.title == "Last one")
    assert (last.published, last.extras["date_precision"]) == ("2021-11-01", "month")


# ---- papertui JSON export ----------------------------------------------------------------


def _sample_papers() -> list[Paper]:
    papers: list[Paper] = []
    for path in (
        FIXTURES / "arxiv-api" / "search-testing-100.xml",
        FIXTURES / "arxiv-snapshot" / "first-line.jsonl",
        FIXTURES / "hf-api" / "daily-papers-one-item.json",
        BIBTEX,
        DEMO_LISTING,
    ):
        papers.extend(p for p in read_papers(path) if isinstance(p, Paper))
    return papers


def test_papertui_json_round_trip(tmp_path: Path) -> None:
    papers = _sample_papers()
    assert len(papers) == 100 + 1 + 1 + 5 + 210
    path = tmp_path / "export.dat"
    with path.open("w", encoding="utf-8") as fh:
        assert write_papertui_json(papers, fh) == len(papers)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("papertui", 1)
    assert detect_format(path) == "papertui-json"
    back = list(read_papers(path))
    assert back == papers  # lossless, sources kept as they were
    assert back[0].sources == ("arxiv-api",)
    assert all(Paper.from_dict(p.to_dict()) == p for p in papers)


def test_papertui_json_empty_export_and_defaults(tmp_path: Path) -> None:
    buffer = io.StringIO()
    assert write_papertui_json([], buffer) == 0
    path = tmp_path / "empty-export.json"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert list(read_papers(path)) == []
    path.write_text(
        json.dumps(
            {
                "format": "papertui",
                "version": 1,
                "papers": [
                    {"title": "Only a title", "arxiv_id": "2401.00005"},
                    {"id": "x", "abstract": "no title here"},
                    "nonsense",
                ],
            }
        ),
        encoding="utf-8",
    )
    results = list(read_papers(path))
    first = results[0]
    assert isinstance(first, Paper)
    assert (first.id, first.sources) == ("2401.00005", ("papertui-json",))
    assert results[1:] == [
        BadRecord("record 2", "no title"),
        BadRecord("record 3", "not a JSON object"),
    ]


def test_papertui_json_rejects_newer_versions(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text('{"format": "papertui", "version": 2, "papers": []}')
    with pytest.raises(ImportFailed, match="unsupported papertui export version 2"):
        list(read_papers(path))


def test_papertui_json_truncated(tmp_path: Path) -> None:
    buffer = io.StringIO()
    write_papertui_json(_sample_papers()[:3], buffer)
    path = tmp_path / "cut.json"
    text = buffer.getvalue()
    path.write_text(text[: len(text) - 20], encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        list(read_papers(path))
    last_line = len(text[: len(text) - 20].splitlines())
    assert last_line > 1
    assert str(info.value) == f"{path}:line {last_line}: truncated JSON: unexpected end of file"
