"""One record per paper: imports from different sources merge into one record, which
takes the best id; what the user added moves with it; old ids keep resolving."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from papertui.ids import title_key
from papertui.library_import import import_file
from papertui.models import Author, Paper
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index
from papertui.store import Library

DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo"
LISTING = DEMO / "hf-papers-listing.txt"
META = DEMO / "hf-papers-listing.meta.jsonl"
HEADGAS = "2312.02902"
HEADGAS_TITLE = "HeadGaS: Real-Time Animatable Head Avatars via 3D Gaussian Splatting"


def listing_abstracts() -> dict[str, str]:
    lines = LISTING.read_text(encoding="utf-8").split("\n")[2:]
    lines[0] = lines[0].removeprefix("Subscribe")
    return {lines[i]: lines[i + 1] for i in range(0, len(lines) - 1, 2) if lines[i]}


def write_hf_api(path: Path) -> list[dict]:
    """The Hugging Face API response for the listing's papers that have arXiv ids."""
    rows = [json.loads(line) for line in META.read_text(encoding="utf-8").splitlines()]
    abstracts = listing_abstracts()
    items = []
    for row in rows:
        if not row.get("arxiv_id"):
            continue
        arxiv = row["arxiv_id"]
        items.append(
            {
                "paper": {
                    "id": arxiv,
                    "authors": [{"name": name} for name in row.get("authors") or []],
                    "publishedAt": f"20{arxiv[:2]}-{arxiv[2:4]}-0{1 + len(arxiv) % 7}T10:00:00Z",
                    "title": row["title"],
                    "summary": abstracts[row["title"]],
                    "upvotes": 7,
                },
                "publishedAt": "2025-09-08T02:44:20.973Z",
                "title": row["title"],
                "numComments": 0,
            }
        )
    path.write_text(json.dumps(items), encoding="utf-8")
    return items


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path, list[dict]]:
    listing = tmp_path / "listing.txt"  # no sidecar beside it: titles and abstracts only
    shutil.copy(LISTING, listing)
    api = tmp_path / "api.json"
    return listing, api, write_hf_api(api)


@pytest.mark.parametrize("order", ["listing-first", "api-first"])
def test_listing_and_api_of_the_same_papers_make_one_record_each(
    tmp_path: Path, sources: tuple[Path, Path, list[dict]], order: str
) -> None:
    listing, api, items = sources
    first, second = (listing, api) if order == "listing-first" else (api, listing)
    with Library(tmp_path / "lib.sqlite3") as lib:
        import_file(lib, first)
        report = import_file(lib, second)
        assert lib.count() == 210
        assert report.counts.added == (0 if order == "listing-first" else 210 - len(items))
        abstracts = listing_abstracts()
        for item in items:
            record = lib.get(item["paper"]["id"])
            assert record is not None
            assert record.abstract == abstracts[record.title]
            assert [a.name for a in record.authors] == [a["name"] for a in item["paper"]["authors"]]
            assert record.published == item["paper"]["publishedAt"][:10]
            assert set(record.sources) == {"hf-listing", "hf-api"}


def test_state_on_the_listing_copy_survives_the_merge(
    tmp_path: Path, sources: tuple[Path, Path, list[dict]]
) -> None:
    listing, api, _ = sources
    old_id = title_key(HEADGAS_TITLE)
    with Library(tmp_path / "lib.sqlite3") as lib:
        import_file(lib, listing)
        assert lib.get(old_id) is not None
        lib.set_bookmarked([old_id], True)
        lib.change_tags([old_id], add=["to-read"])
        undo_note = lib.set_note(old_id, "read the method section")
        import_file(lib, api)
        assert lib.get(old_id) is None
        assert lib.resolve(old_id).id == HEADGAS  # the old id keeps finding the paper
        state = lib.states_for([HEADGAS])[HEADGAS]
        assert state.bookmarked and state.tags == ("to-read",) and state.note
        assert lib.states_for([old_id]) == {}
        assert lib.ids_matching(bookmarked=True) == [HEADGAS]
        # an undo taken before the merge names the old id: it applies to the merged record
        lib.restore_states(undo_note)
        state = lib.states_for([HEADGAS])[HEADGAS]
        assert (state.note, state.tags, state.bookmarked) == ("", ("to-read",), True)
        assert lib.states_for([old_id]) == {}


def test_a_doi_record_takes_the_arxiv_id_when_it_arrives(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers(
            [
                Paper(
                    id="doi:10.1145/3000.1",
                    title="Graph Attention for Sparse Retrieval at Scale",
                    doi="10.1145/3000.1",
                    journal_ref="Proc. SIGIR 2024",
                    sources=("bibtex",),
                )
            ]
        )
        lib.change_tags(["doi:10.1145/3000.1"], add=["ir"])
        counts = lib.import_papers(
            [
                Paper(
                    id="2403.00001",
                    title="Graph attention for sparse retrieval at scale",
                    arxiv_id="2403.00001",
                    doi="10.1145/3000.1",
                    authors=(Author("Ana Pérez"),),
                    sources=("arxiv-api",),
                )
            ]
        )
        assert (counts.added, counts.updated, counts.merged, counts.removed) == (0, 1, 1, 0)
        assert lib.count() == 1
        merged = lib.get("2403.00001")
        assert merged is not None and merged.journal_ref == "Proc. SIGIR 2024"
        assert lib.resolve("10.1145/3000.1").id == "2403.00001"
        assert lib.states_for(["2403.00001"])["2403.00001"].tags == ("ir",)


def test_a_paper_joining_two_records_counts_the_one_removed(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        listing = Paper(id="title:a", title="Paper number 1", sources=("hf-listing",))
        early = Paper(id="2406.00001", arxiv_id="2406.00001", title="An early title")
        lib.import_papers([listing, early])
        assert lib.count() == 2  # nothing yet says they are one paper
        joined = Paper(id="2406.00001", arxiv_id="2406.00001", title="Paper number 1")
        counts = lib.import_papers([joined])
        assert (counts.updated, counts.merged, counts.removed) == (1, 1, 1)
        assert lib.count() == 1


def test_a_journal_ref_doi_points_at_the_doi_record(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([Paper(id="doi:10.1000/j.5", title="A", doi="10.1000/j.5")])
        lib.import_papers(
            [
                Paper(
                    id="2403.00002",
                    title="Some other wording of the title",
                    arxiv_id="2403.00002",
                    journal_ref="J. Testing 5 (2024), doi:10.1000/J.5",
                )
            ]
        )
        assert lib.count() == 1
        assert lib.get("2403.00002").doi == "10.1000/j.5"


def test_title_only_doi_and_arxiv_copies_become_one(tmp_path: Path) -> None:
    title = "Nonparametric Deconvolution Models for Single Cells"
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([Paper(id="title:a", title=title, sources=("hf-listing",))])
        lib.import_papers([Paper(id="doi:10.1000/x.1", title=title, doi="10.1000/x.1")])
        assert lib.count() == 1  # the DOI record merged with the title-only one
        assert lib.resolve("title:a").id == "doi:10.1000/x.1"
        lib.import_papers(
            [Paper(id="2003.07718", title=title, arxiv_id="2003.07718", doi="10.1000/X.1")]
        )
        assert lib.count() == 1
        assert lib.resolve("title:a").id == "2003.07718"
        assert lib.resolve("doi:10.1000/x.1").id == "2003.07718"


def test_two_papers_with_the_same_short_title_stay_two(tmp_path: Path) -> None:
    key = title_key("Introduction")  # what every importer gives a paper known by title only
    smith = Paper(id=key, title="Introduction", authors=(Author("Anna Smith"),))
    jones = Paper(id=key, title="Introduction", authors=(Author("Bob Jones"),))
    bare = Paper(id=key, title="Introduction", abstract="no authors known")
    with Library(tmp_path / "lib.sqlite3") as lib:
        for paper in (smith, jones, bare):
            assert lib.import_papers([paper]).added == 1
        assert lib.count() == 3
        assert set(lib.get_many([key, f"{key}-2", f"{key}-3"])) == {key, f"{key}-2", f"{key}-3"}
        assert lib.get(f"{key}-2").authors == jones.authors
        # importing one again updates it in place, although it arrives with the first's id
        again = lib.import_papers([jones.with_changes(abstract="Jones's preface")])
        assert (again.added, again.updated) == (0, 1)
        assert lib.count() == 3
        assert lib.get(f"{key}-2").abstract == "Jones's preface"
        assert lib.get(key).abstract == ""


def test_same_title_different_arxiv_ids_stay_two(tmp_path: Path) -> None:
    title = "Rethinking Positional Encoding in Language Models"
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([Paper(id="2107.02561", title=title, arxiv_id="2107.02561")])
        lib.import_papers([Paper(id="2305.00001", title=title, arxiv_id="2305.00001")])
        lib.import_papers([Paper(id="title:t", title=title)])  # which one? neither
        assert lib.count() == 2
        assert lib.get("2107.02561") is not None and lib.get("2305.00001") is not None


def test_state_kept_for_a_doi_attaches_when_the_paper_arrives_by_arxiv_id(
    tmp_path: Path,
) -> None:
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.change_tags(["doi:10.1000/p.9"], add=["pending"])  # e.g. from a state file
        lib.import_papers(
            [
                Paper(
                    id="2403.00003",
                    title="Pending State Finds Its Paper",
                    arxiv_id="2403.00003",
                    doi="10.1000/p.9",
                )
            ]
        )
        assert lib.states_for(["2403.00003"])["2403.00003"].tags == ("pending",)
        assert lib.state_ids() == ["2403.00003"]


def test_two_copies_with_state_keep_both_notes_and_every_tag(tmp_path: Path) -> None:
    title = "Measuring the Intrinsic Dimension of Objective Landscapes"
    with Library(tmp_path / "lib.sqlite3") as lib:
        lib.import_papers([Paper(id="title:m", title=title)])
        lib.set_note("title:m", "first thoughts")
        lib.change_tags(["title:m"], add=["dims"])
        lib.set_read(["2403.00004"], True)  # state for the arXiv id before the paper
        lib.set_note("2403.00004", "second thoughts")
        lib.change_tags(["2403.00004"], add=["Dims", "landscape"])
        lib.import_papers([Paper(id="2403.00004", title=title, arxiv_id="2403.00004")])
        state = lib.states_for(["2403.00004"])["2403.00004"]
        assert state.note == "first thoughts\n\nsecond thoughts"
        assert state.tags == ("Dims", "landscape")  # the spelling of the record kept
        assert state.is_read
        assert lib.state_ids() == ["2403.00004"]


def test_the_index_drops_merged_records(
    tmp_path: Path, sources: tuple[Path, Path, list[dict]]
) -> None:
    listing, api, _ = sources
    with Library(tmp_path / "lib.sqlite3") as lib:
        import_file(lib, listing)
        index = SearchIndex(tmp_path / "index")
        ensure_index(lib, index)
        assert index.doc_count() == 210
        import_file(lib, api)
        ensure_index(lib, index)  # a sync, not a rebuild: the counts agree afterwards
        assert index.doc_count() == 210
        hits = index.search("headgas avatars").hits
        assert [h.id for h in hits] == [HEADGAS]
        index.close()


def test_a_doi_shared_by_different_arxiv_papers_merges_none_of_them(tmp_path: Path) -> None:
    volume = "10.1051/epjconf/201713700001"  # a proceedings volume: one DOI, many papers
    talks = [
        Paper(id=f"1701.0000{i}", title=f"Talk number {i}", arxiv_id=f"1701.0000{i}", doi=volume)
        for i in range(1, 4)
    ]
    with Library(tmp_path / "lib.sqlite3") as lib:
        assert lib.import_papers(talks).added == 3
        # an entry with the title of one of them is that paper
        second = Paper(id=f"doi:{volume}", title="Talk Number 2", doi=volume, sources=("bibtex",))
        counts = lib.import_papers([second])
        assert (counts.added, counts.merged) == (0, 1)
        assert lib.count() == 3
        assert "bibtex" in lib.get("1701.00002").sources
        # the volume's own entry joins none of them, though its DOI is now an alias
        entry = Paper(id=f"doi:{volume}", title="Proceedings of the workshop", doi=volume)
        assert lib.import_papers([entry]).added == 1
        assert lib.count() == 4
        assert {lib.get(t.id).title.lower() for t in talks} == {t.title.lower() for t in talks}
