"""arXiv importers: API Atom feeds and the bulk metadata snapshot (JSON lines)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from papertui.importers import BadRecord, read_papers
from papertui.importers.arxiv_snapshot import rfc2822_date
from papertui.models import Paper

FIXTURES = Path(__file__).parent / "fixtures"
API = FIXTURES / "arxiv-api"
SNAPSHOT = FIXTURES / "arxiv-snapshot" / "first-line.jsonl"


def papers_of(path: Path, **kwargs: object) -> list[Paper]:
    results = list(read_papers(path, **kwargs))  # type: ignore[arg-type]
    assert all(isinstance(r, Paper) for r in results), results
    return results  # type: ignore[return-value]


# ---- Atom ----------------------------------------------------------------------


def test_search_response_yields_100_papers_with_their_metadata() -> None:
    papers = papers_of(API / "search-testing-100.xml")
    assert len(papers) == 100
    assert len({p.id for p in papers}) == 100
    assert all(p.sources == ("arxiv-api",) for p in papers)
    first = papers[0]
    assert first.id == first.arxiv_id == "2202.12139"
    assert first.arxiv_version == 1
    assert first.title == (
        "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"
    )
    assert first.doi == "10.1109/ICSTW55395.2022.00035"
    assert first.journal_ref.startswith("Artificial Intelligence in Software Testing @ 2022 IEEE")
    assert first.comment == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022"
    assert first.categories == ("cs.SE", "cs.LG")
    assert [a.name for a in first.authors] == [
        "Mohit Kumar Ahuja",
        "Arnaud Gotlieb",
        "Helge Spieker",
    ]
    assert (first.published, first.updated) == ("2022-02-24", "2022-02-24")
    assert first.abs_url == "https://arxiv.org/abs/2202.12139v1"
    assert first.pdf_url == "https://arxiv.org/pdf/2202.12139v1"
    assert first.abstract.startswith("Deep Learning (DL) has revolutionized")
    by_id = {p.id: p for p in papers}
    assert by_id["2204.08348"].arxiv_version == 3
    assert by_id["2204.08348"].doi == "10.1145/3533767.3534401"
    assert by_id["1202.4527"].doi == ""
    assert by_id["1202.4527"].journal_ref == (
        "International Journal of Software Engineering & Applications (IJSEA), "
        "Vol.3, No.1, January 2012"
    )
    assert by_id["1306.4664"].categories == ("cs.DS", "math.CO", "q-bio.QM")
    formal = by_id["0804.0970"]
    assert formal.journal_ref == "Formal Methods and Testing, Springer-Verlag (Ed.) (2008) 209-239"
    assert [(a.name, a.affiliations) for a in formal.authors[:2]] == [
        ("Marie-Claude Gaudel", ("LRI",)),
        ("Pascale Le Gall", ("IBISC",)),
    ]


def test_paging_response() -> None:
    assert len(papers_of(API / "search-testing-page6.xml")) == 10


def test_old_style_ids() -> None:
    (astro,) = papers_of(API / "id-astro-ph-0601001.xml")
    assert (astro.id, astro.arxiv_id, astro.arxiv_version) == (
        "astro-ph/0601001",
        "astro-ph/0601001",
        1,
    )
    assert astro.journal_ref == "ActaAstron.56:1-50,2006"
    assert astro.categories == ("astro-ph",)
    assert astro.published == "2006-01-02"
    assert [(a.name, a.affiliations) for a in astro.authors] == [
        ("Andrew Gould", ("Ohio State",)),
        ("Susan Dorsher", ("Ohio State",)),
        ("B. Scott Gaudi", ("CfA",)),
        ("Andrzej Udalski", ("Warsaw University Observatory",)),
    ]
    assert "(1/310)(1^{+1.39}_{-0.59})" in astro.abstract  # TeX kept as given
    assert not astro.abstract.startswith(" ")
    (quant,) = papers_of(API / "id-quant-ph-0201082v1.xml")
    assert (quant.id, quant.arxiv_version) == ("quant-ph/0201082", 1)
    assert quant.categories == ("quant-ph", "cs.PL")
    assert quant.comment == "32 pages"


def test_id_list_and_empty_feed() -> None:
    (paper,) = papers_of(API / "id-two-papers.xml")
    assert paper.id == "1707.08567"
    assert papers_of(API / "id-nonexistent.xml") == []


def test_entry_without_title_is_a_bad_record(tmp_path: Path) -> None:
    text = (API / "id-quant-ph-0201082v1.xml").read_text(encoding="utf-8")
    start, end = text.index("<title>Quantum"), text.index("</title>", text.index("<entry>"))
    path = tmp_path / "feed.atom"
    path.write_text(text[:start] + "<title>  " + text[end:], encoding="utf-8")
    assert list(read_papers(path)) == [BadRecord("entry 1", "no title")]


# ---- snapshot -------------------------------------------------------------------------


def test_snapshot_first_line() -> None:
    (paper,) = papers_of(SNAPSHOT)
    assert paper.id == paper.arxiv_id == "0704.0001"
    assert paper.sources == ("arxiv-snapshot",)
    first = paper.authors[0]
    assert (first.name, first.family, first.given) == ("C. Balázs", "Balázs", "C.")
    assert [a.family for a in paper.authors] == ["Balázs", "Berger", "Nadolsky", "Yuan"]
    assert (paper.published, paper.updated, paper.arxiv_version) == ("2007-04-02", "2007-07-24", 2)
    assert paper.categories == ("hep-ph",)
    assert paper.doi == "10.1103/PhysRevD.76.013009"
    assert paper.journal_ref == "Phys.Rev.D76:013009,2007"
    assert paper.comment == "37 pages, 15 figures; published version"
    assert paper.title.startswith("Calculation of prompt diphoton")
    assert paper.abstract.startswith("A fully differential")


def _record(**changes: object) -> str:
    base = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    base.update(changes)
    return json.dumps(base)


def _write_snapshot(path: Path) -> None:
    lines = [
        _record(),  # line 1: hep-ph
        "",  # line 2: blank, skipped
        _record(id="hep-th/9901001", categories="hep-th math.MP", versions=[]),  # line 3
        "{not json",  # line 4
        _record(id=704.0002, categories="cs.LG"),  # line 5: id as a number
        _record(id="2401.00001", title="   ", categories="cs.LG"),  # line 6: no title
        _record(
            id="2401.12345",
            categories="cs.LG stat.ML",
            authors_parsed=[["Doe", "Jane", "Jr"], ["Plato", "", ""]],
            versions=[{"version": "v1", "created": "Tue, 2 Jan 2024 10:00:00 GMT"}],
        ),  # line 7
        _record(id="math/0611800", categories="math.CA"),  # line 8
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_snapshot_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "snap.jsonl"
    _write_snapshot(path)
    results = list(read_papers(path))
    bad = [r for r in results if isinstance(r, BadRecord)]
    assert [b.location for b in bad] == ["line 4", "line 5", "line 6"]
    assert "invalid JSON" in bad[0].message
    assert "id must be a string" in bad[1].message
    assert "no title" in bad[2].message
    papers = {r.id: r for r in results if isinstance(r, Paper)}
    assert list(papers) == ["0704.0001", "hep-th/9901001", "2401.12345", "math/0611800"]
    old = papers["hep-th/9901001"]
    assert old.categories == ("hep-th", "math.MP")
    assert old.updated == "2008-11-26"  # update_date fallback
    assert old.published == ""  # no versions and an old-style id: no date invented
    new = papers["2401.12345"]
    assert [(a.name, a.family, a.given) for a in new.authors] == [
        ("Jane Doe Jr", "Doe", "Jane"),
        ("Plato", "Plato", ""),
    ]
    assert (new.published, new.updated, new.arxiv_version) == ("2024-01-02", "2024-01-02", 1)


def test_snapshot_category_filter(tmp_path: Path) -> None:
    path = tmp_path / "snap.jsonl"
    _write_snapshot(path)

    def ids(category: str) -> list[str]:
        return [r.id for r in read_papers(path, category=category) if isinstance(r, Paper)]

    assert ids("cs.LG") == ["2401.12345"]
    assert ids("cs") == ["2401.12345"]
    assert ids("hep-th") == ["hep-th/9901001"]
    assert ids("hep") == []  # archives match whole names only
    assert ids("math") == ["hep-th/9901001", "math/0611800"]
    assert ids("math.CA") == ["math/0611800"]
    assert ids("stat.ML") == ["2401.12345"]


def test_snapshot_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "snap.jsonl"
    _write_snapshot(plain)
    packed = tmp_path / "arxiv-metadata.json.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert list(read_papers(packed)) == list(read_papers(plain))


def test_rfc2822_dates() -> None:
    assert rfc2822_date("Mon, 2 Apr 2007 19:18:42 GMT") == "2007-04-02"
    assert rfc2822_date("24 Jul 2007 20:10:27 GMT") == "2007-07-24"
    assert rfc2822_date("yesterday") == ""
    assert rfc2822_date(None) == ""


def test_snapshot_streams_many_records(tmp_path: Path) -> None:
    """Many records, every one read (speed is measured in bench/, not here)."""
    record = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    record["abstract"] = record["abstract"] * 8
    path = tmp_path / "big.jsonl"
    count = 20_000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(count):
            record["id"] = f"{1001 + i % 1100:04d}.{i:05d}"
            fh.write(json.dumps(record) + "\n")
    ids = {r.id for r in read_papers(path) if isinstance(r, Paper)}
    assert len(ids) == count
