"""Importers: format sniffing, bad input, in-memory responses, merge of imported dates."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from papertui.importers import (
    FORMATS,
    BadRecord,
    ImportFailed,
    detect_format,
    read_bytes_as,
    read_papers,
)
from papertui.importers import base as importer_base
from papertui.models import Author, Paper, merge_papers

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo"
ATOM_100 = FIXTURES / "arxiv-api" / "search-testing-100.xml"
HF_DAILY = FIXTURES / "hf-api" / "daily-papers-one-item.json"
SNAPSHOT = FIXTURES / "arxiv-snapshot" / "first-line.jsonl"
BIBTEX = FIXTURES / "importers" / "library.bib"


def test_format_names_and_sources() -> None:
    assert list(FORMATS) == [
        "hf-listing",
        "hf-api",
        "arxiv-atom",
        "arxiv-snapshot",
        "bibtex",
        "papertui-json",
    ]
    assert FORMATS["arxiv-atom"].source == "arxiv-api"
    assert {f.source for f in FORMATS.values()} == {
        "hf-listing",
        "hf-api",
        "arxiv-api",
        "arxiv-snapshot",
        "bibtex",
        "papertui-json",
    }


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (DEMO / "hf-papers-listing.txt", "hf-listing"),
        (HF_DAILY, "hf-api"),
        (ATOM_100, "arxiv-atom"),
        (FIXTURES / "arxiv-api" / "id-nonexistent.xml", "arxiv-atom"),
        (FIXTURES / "arxiv-api" / "error-bad-id.xml", "arxiv-atom"),
        (SNAPSHOT, "arxiv-snapshot"),
        (BIBTEX, "bibtex"),
    ],
)
def test_detect_format_of_fixtures(path: Path, fmt: str) -> None:
    assert detect_format(path) == fmt


@pytest.mark.parametrize(
    ("source", "name", "fmt"),
    [
        (BIBTEX, "refs.txt", "bibtex"),
        (ATOM_100, "response.dat", "arxiv-atom"),
        (HF_DAILY, "daily.bin", "hf-api"),
        (SNAPSHOT, "snapshot.xml", "arxiv-snapshot"),
        (DEMO / "hf-papers-listing.txt", "listing.json", "hf-listing"),
    ],
)
def test_detection_ignores_the_extension(tmp_path: Path, source: Path, name: str, fmt: str) -> None:
    target = tmp_path / name
    shutil.copyfile(source, target)
    assert detect_format(target) == fmt
    assert any(isinstance(p, Paper) for p in read_papers(target))


def test_gzip_is_detected_by_magic_bytes(tmp_path: Path) -> None:
    for source, fmt in ((SNAPSHOT, "arxiv-snapshot"), (ATOM_100, "arxiv-atom")):
        target = tmp_path / f"{fmt}.gz"
        target.write_bytes(gzip.compress(source.read_bytes()))
        assert detect_format(target) == fmt
    papers = list(read_papers(tmp_path / "arxiv-atom.gz"))
    assert len(papers) == 100
    # gzip content with no .gz name is still decompressed
    odd = tmp_path / "snapshot.data"
    odd.write_bytes(gzip.compress(SNAPSHOT.read_bytes()))
    (paper,) = read_papers(odd)
    assert isinstance(paper, Paper) and paper.id == "0704.0001"


# ---- whole-file failures -------------------------------------------------------------


def _one_line(exc: ImportFailed) -> str:
    text = str(exc)
    assert "\n" not in text
    return text


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes\nabout nothing in particular.\n")
    with pytest.raises(ImportFailed) as info:
        detect_format(path)
    assert _one_line(info.value).startswith(f"{path}: unknown format")
    with pytest.raises(ImportFailed, match="unknown format"):
        read_papers(path)


def test_unknown_format_name(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="unknown format 'ris'"):
        read_papers(BIBTEX, "ris")
    with pytest.raises(ImportFailed, match="unknown format 'ris'"):
        read_bytes_as(b"x", "ris")


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.bib"
    with pytest.raises(ImportFailed) as info:
        read_papers(path)
    assert _one_line(info.value) == f"{path}: no such file"
    with pytest.raises(ImportFailed, match="no such file"):
        read_papers(path, "bibtex")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as info:
        read_papers(tmp_path)
    assert _one_line(info.value) == f"{tmp_path}: is a directory, not a file"
    with pytest.raises(ImportFailed, match="directory"):
        read_papers(tmp_path, "arxiv-snapshot")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n", gzip.compress(b"", mtime=0)])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as info:
        read_papers(path)
    assert _one_line(info.value) == f"{path}: empty file"
    with pytest.raises(ImportFailed, match="empty file"):
        read_papers(path, "arxiv-snapshot")


def test_truncated_json(tmp_path: Path) -> None:
    data = HF_DAILY.read_bytes()
    path = tmp_path / "daily.json"
    path.write_bytes(data[: len(data) // 2])
    assert detect_format(path) == "hf-api"
    with pytest.raises(ImportFailed) as info:
        list(read_papers(path))
    exc = info.value
    assert exc.location.startswith("line ")
    assert "truncated JSON" in exc.message
    assert _one_line(exc).startswith(f"{path}:line ")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "daily.json"
    path.write_text('[\n  {"paper": {"id": "2509.04664", "title": "x"}},\n  {"paper": oops}\n]\n')
    with pytest.raises(ImportFailed) as info:
        list(read_papers(path))
    assert info.value.location == "line 3"
    assert "invalid JSON" in info.value.message and "column" in info.value.message


def test_truncated_xml_names_the_line_after_streaming_earlier_entries(tmp_path: Path) -> None:
    text = ATOM_100.read_text(encoding="utf-8")
    cut = text.index("<entry>", text.index("2005.14124"))  # inside the feed, after 3 entries
    path = tmp_path / "truncated.xml"
    path.write_text(text[: cut + 40], encoding="utf-8")
    papers: list[Paper | BadRecord] = []
    with pytest.raises(ImportFailed) as info:
        papers.extend(read_papers(path))
    assert [p.id for p in papers if isinstance(p, Paper)] == [
        "2202.12139",
        "2405.13786",
        "2005.14124",
    ]
    exc = info.value
    expected_line = text[: cut + 40].count("\n") + 1
    assert exc.location == f"line {expected_line}"
    assert "truncated XML" in exc.message
    assert _one_line(exc).startswith(f"{path}:line {expected_line}: invalid XML")


def test_non_utf8_bibtex_names_line_and_byte_offset(tmp_path: Path) -> None:
    data = b"@article{cafe,\n  title = {Caf\xe9 society},\n}\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(data)
    assert detect_format(path) == "bibtex"
    with pytest.raises(ImportFailed) as info:
        list(read_papers(path))
    exc = info.value
    assert exc.location == "line 2"
    offset = data.index(b"\xe9")
    assert exc.message == f"not valid UTF-8: byte 0xe9 at byte offset {offset}"


def test_non_utf8_snapshot_line(tmp_path: Path) -> None:
    good = SNAPSHOT.read_bytes()
    bad = good.replace(b"0704.0001", b"0704.0002").replace(b"Pavel", b"P\xffvel")
    path = tmp_path / "snap.jsonl"
    path.write_bytes(good + bad)
    results: list[Paper | BadRecord] = []
    with pytest.raises(ImportFailed) as info:
        results.extend(read_papers(path))
    assert [p.id for p in results if isinstance(p, Paper)] == ["0704.0001"]
    assert info.value.location == "line 2"
    offset = len(good) + bad.index(b"\xff")
    assert info.value.message == f"not valid UTF-8: byte 0xff at byte offset {offset}"


def test_truncated_gzip(tmp_path: Path) -> None:
    lines = SNAPSHOT.read_bytes() * 2000
    packed = gzip.compress(lines)
    path = tmp_path / "snap.jsonl.gz"
    path.write_bytes(packed[: len(packed) - 100])
    with pytest.raises(ImportFailed, match="corrupt or truncated gzip"):
        list(read_papers(path))


def test_arxiv_error_feed_fails_with_its_message() -> None:
    path = FIXTURES / "arxiv-api" / "error-bad-id.xml"
    with pytest.raises(ImportFailed) as info:
        list(read_papers(path))
    assert info.value.message == "incorrect id format for abc"
    assert str(info.value) == f"{path}: incorrect id format for abc"


def test_whole_file_formats_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_base, "MAX_WHOLE_FILE_BYTES", 1000)
    with pytest.raises(ImportFailed, match="larger than 1000 bytes"):
        list(read_papers(HF_DAILY))
    # the snapshot and BibTeX stream and are not capped
    assert len(list(read_papers(SNAPSHOT))) == 1
    assert BIBTEX.stat().st_size > 1000 and len(list(read_papers(BIBTEX))) == 6


def test_import_failed_formatting() -> None:
    assert str(ImportFailed(Path("a.bib"), "no title", "entry x")) == "a.bib:entry x: no title"
    assert str(ImportFailed(Path("a.bib"), "bad\nthing")) == "a.bib: bad thing"


# ---- in-memory responses ----------------------------------------------------------------


def test_read_bytes_as_atom_and_error_feed() -> None:
    papers = list(read_bytes_as(ATOM_100.read_bytes(), "arxiv-atom"))
    assert len(papers) == 100
    error = (FIXTURES / "arxiv-api" / "error-bad-id.xml").read_bytes()
    with pytest.raises(ImportFailed) as info:
        list(read_bytes_as(error, "arxiv-atom", origin="https://export.arxiv.org/api/query"))
    assert str(info.value) == "https://export.arxiv.org/api/query: incorrect id format for abc"


def test_read_bytes_as_gzip_and_empty() -> None:
    (paper,) = read_bytes_as(gzip.compress(HF_DAILY.read_bytes()), "hf-api")
    assert isinstance(paper, Paper) and paper.id == "2509.04664"
    with pytest.raises(ImportFailed) as info:
        read_bytes_as(b"", "hf-api")
    assert str(info.value) == "<response>: empty response"


def test_category_filter_applies_to_atom() -> None:
    papers = list(read_papers(ATOM_100, category="cs.LG"))
    assert papers and all(isinstance(p, Paper) and "cs.LG" in p.categories for p in papers)
    archive = list(read_papers(ATOM_100, category="math"))
    assert archive and all(
        isinstance(p, Paper) and any(c.startswith("math.") for c in p.categories) for p in archive
    )
    assert "1306.4664" in {p.id for p in archive if isinstance(p, Paper)}


# ---- merge of imported records ---------------------------------------------------------------


def test_month_precision_date_yields_to_a_precise_date() -> None:
    listing = next(p for p in read_papers(DEMO / "hf-papers-listing.txt") if isinstance(p, Paper))
    assert (listing.published, listing.extras["date_precision"]) == ("2023-12-01", "month")
    precise = Paper(
        id=listing.id, title=listing.title, published="2023-12-05", sources=("arxiv-api",)
    )
    for merged in (merge_papers(listing, precise), merge_papers(precise, listing)):
        assert merged.published == "2023-12-05"
        assert "date_precision" not in merged.extras
        assert merged.extras["listing_index"] == 0
    year_only = precise.with_changes(
        published="2023-01-01", extras={"date_precision": "year"}, sources=("bibtex",)
    )
    merged = merge_papers(year_only, listing)
    assert (merged.published, merged.extras["date_precision"]) == ("2023-12-01", "month")


def test_mojibake_is_repaired_and_other_text_left_alone() -> None:
    from papertui.importers.mojibake import repair

    garbled = Paper(
        id="2401.00001",
        title="Ãœber â€œcleanâ€\x9d data",
        authors=(Author("Claus LÃ¤mmerzahl"),),
        abstract="naïve café Gödel Łajszczak ½ — “fine”",
    )
    fixed = repair(garbled)
    assert fixed.title == "Über “clean” data"
    assert fixed.authors[0].name == "Claus Lämmerzahl"
    assert fixed.abstract == garbled.abstract  # accents and typography are not mojibake
    clean = garbled.with_changes(title="Über data", authors=(Author("Claus Lämmerzahl"),))
    assert repair(clean) is clean  # nothing suspect: not even looked at
