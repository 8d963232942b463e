"""BibTeX importer and the papertui JSON export (write + lossless read back)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from papertui.cite import format_citation
from papertui.ids import title_key
from papertui.importers import BadRecord, ImportFailed, bibtex, detect_format, read_papers
from papertui.importers.base import ReadContext
from papertui.importers.bibtex import parse_author, parse_authors
from papertui.importers.papertui_json import write_papertui_json
from papertui.library_import import import_file
from papertui.models import Author, Paper, PaperState
from papertui.store import Library

FIXTURES = Path(__file__).parent / "fixtures"
BIBTEX = FIXTURES / "importers" / "library.bib"
DEMO_LISTING = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"


def _by_key(results: list[Paper | BadRecord]) -> dict[str, Paper]:
    return {r.extras["bibtex_key"]: r for r in results if isinstance(r, Paper)}


def test_bibtex_library() -> None:
    results = list(read_papers(BIBTEX))
    assert results[-1] == BadRecord("line 51", "entry notitle: no title")
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
    assert [str(b) for b in bad] == [
        "line 4: entry dup: field title given twice",
        "line 5: entry ok: duplicate key (first at line 3)",
        "line 6: entry broken: field title: not closed before the block at line 7",
    ]
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


# ---- journal, keywords and notes ---------------------------------------------------------


def _one(text: str) -> Paper:
    (paper,) = bibtex.read(io.BytesIO(text.encode()), ReadContext(origin="<t>"))
    assert isinstance(paper, Paper)
    return paper


@pytest.mark.parametrize(
    ("fields", "journal_ref"),
    [
        # a reference naming its own year is complete: the entry's year is not added
        ("journal = {Proc. Reliability 2021}, year = 2019", "Proc. Reliability 2021"),
        ("journal = {Phys.Lett.B573:94-100,2003}, year = 2003", "Phys.Lett.B573:94-100,2003"),
        # an arXiv record's year is the posting year, not the journal's
        ("journal = {Nature Physics}, year = 2019, eprint = {1901.00001}", "Nature Physics"),
        # a bare journal name gets volume, pages and year
        ("journal = {Acta Astronomica}, volume = 56, pages = {1--10}, year = 2006",
         "Acta Astronomica 56, 1--10 (2006)"),
        # TeX decoded: escapes, accents, case braces
        ("journal = {{IEEE} Trans. Pattern Anal. \\& Mach. Intell.}",
         "IEEE Trans. Pattern Anal. & Mach. Intell."),
        ('journal = "Zeitschrift f{\\"u}r Physik", year = 1926', "Zeitschrift für Physik (1926)"),
    ],
)  # fmt: skip
def test_journal_ref(fields: str, journal_ref: str) -> None:
    assert _one(f"@article{{k, title = {{T}}, {fields}}}").journal_ref == journal_ref


def test_keywords_annote_and_note() -> None:
    paper = _one(
        "@article{k, title = {T},\n"
        '  keywords = {100\\% reproducible, c\\#; {GAN}s,\n  a\\_b, Schr{\\"o}dinger, , c\\#},\n'
        "  annote = {Read section~3 \\& the caf\\'e's appendix\n"
        "  second   line: x\\textbackslash{}y \\{z\\}},\n"
        "  note = {Published at {ICLR} 2015},\n}"
    )
    assert paper.extras["keywords"] == ["100% reproducible", "c#", "GANs", "a_b", "Schrödinger"]
    assert paper.extras["annote"] == "Read section 3 & the café's appendix\nsecond line: x\\y {z}"
    assert paper.extras["note"] == "Published at {ICLR} 2015"  # BibTeX's note, not the user's
    biblatex = _one("@online{k, title = {T}, annotation = {50\\% done}}")
    assert biblatex.extras["annote"] == "50% done"
    bare = _one("@misc{k, title = {T}, keywords = {}, annote = {{}}}")
    assert "keywords" not in bare.extras and "annote" not in bare.extras


ESCAPED_TAGS = ("100%", "c#", "a_b", "R&D", "x^2", "~home", "{braced}", "back\\slash", "$5")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_our_export_comes_back_as_the_same_tags_and_note(fmt: str) -> None:
    paper = Paper(id="2401.00001", title="A Title", arxiv_id="2401.00001", published="2024-01-15")
    state = PaperState(paper.id, tags=("to read", "100%", "c#", "a_b", "R&D"), note="Good\n50%")
    back = _one(format_citation(paper, fmt, state))
    assert back.extras["keywords"] == ["to read", "100%", "c#", "a_b", "R&D"]
    assert back.extras["annote"] == "Good\n50%"
    # every special character, as escaped for TeX, comes back as itself
    escaped = (
        "100\\%, c\\#, a\\_b, R\\&D, x\\^{}2, \\~{}home, \\{braced\\}, back\\textbackslash{}slash, "
        "\\$5"
    )
    back = _one(f"@misc{{k, title = {{T}}, keywords = {{{escaped}}}, annote = {{{escaped}}}}}")
    assert back.extras["keywords"] == list(ESCAPED_TAGS)
    assert back.extras["annote"] == ", ".join(ESCAPED_TAGS)


def test_a_bad_entry_after_many_batches_imports_nothing(tmp_path: Path) -> None:
    """Entries are streamed into the store in batches; a late bad one still undoes them all."""
    entries = "".join(f"@misc{{e{i}, title = {{Paper number {i}}}}}\n" for i in range(4500))
    path = tmp_path / "big.bib"
    path.write_text(entries + "@misc{late, title = {Not ended}\n", encoding="utf-8")
    seen: list[int] = []
    with Library(tmp_path / "library.sqlite3") as library:
        with pytest.raises(ImportFailed) as info:
            import_file(library, path, on_progress=seen.append)
        assert library.count() == 0
    assert seen == [2000, 4000]  # two batches had been written before the bad entry
    assert str(info.value) == (
        f"{path}:line 4501: entry late: expected `,` or `}}`, found the end of the file"
    )
