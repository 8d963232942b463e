"""Hugging Face importers: the papers listing page as text, and API JSON responses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from papertui.ids import title_key
from papertui.importers import BadRecord, read_bytes_as, read_papers
from papertui.importers.hf_listing import meta_path_for
from papertui.models import Paper

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo"
LISTING = DEMO / "hf-papers-listing.txt"
HF_DAILY = FIXTURES / "hf-api" / "daily-papers-one-item.json"

CHROME = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
    "Subscribe"
)


# ---- listing -------------------------------------------------------------------------


def test_demo_listing_with_meta() -> None:
    results = list(read_papers(LISTING))
    assert len(results) == 210
    assert all(isinstance(r, Paper) for r in results)
    papers: list[Paper] = results  # type: ignore[assignment]
    assert len({p.id for p in papers}) == 210
    assert all(p.sources == ("hf-listing",) for p in papers)
    first = papers[0]
    assert first.title == "HeadGaS: Real-Time Animatable Head Avatars via 3D Gaussian Splatting"
    assert first.id == first.arxiv_id == "2312.02902"
    assert "Eduardo Pérez-Pellitero" in [a.name for a in first.authors]
    assert len(first.authors) == 7
    assert first.abstract.startswith("3D head animation has seen major quality")
    assert (first.published, first.extras["date_precision"]) == ("2023-12-01", "month")
    assert papers[1].title == "On filter design in deep convolutional neural network"
    assert papers[1].arxiv_id == "2410.21644"
    adam = papers[20]
    assert (adam.title, adam.arxiv_id, adam.published) == (
        "Adam: A Method for Stochastic Optimization",
        "1412.6980",
        "2014-12-01",
    )
    no_id = papers[41]  # the meta row has no arXiv id
    assert no_id.title == "Unraveling the Mystery of Scaling Laws: Part I"
    assert no_id.arxiv_id == "" and no_id.id == title_key(no_id.title)
    assert no_id.published == "" and "date_precision" not in no_id.extras
    assert sum(1 for p in papers if p.arxiv_id) == 203


def test_listing_without_meta_uses_title_keys(tmp_path: Path) -> None:
    copy = tmp_path / "listing.txt"
    shutil.copyfile(LISTING, copy)
    papers = [p for p in read_papers(copy) if isinstance(p, Paper)]
    assert len(papers) == 210
    assert papers[0].id == title_key(papers[0].title)
    assert all(p.authors == () and p.published == "" for p in papers)


def test_meta_sibling_name() -> None:
    assert meta_path_for(Path("d/hf-papers-listing.txt")) == Path("d/hf-papers-listing.meta.jsonl")
    assert meta_path_for(Path("d/list.txt.gz")) == Path("d/list.meta.jsonl")


def test_meta_is_matched_by_title_when_indexes_disagree(tmp_path: Path) -> None:
    listing = tmp_path / "page.txt"
    listing.write_text(
        f"{CHROME}First Paper\nAbstract one.\nSecond $\\alpha$-Paper\nAbstract two.\n",
        encoding="utf-8",
    )
    meta_rows = [
        {"index": 0, "title": "Second $\\alpha$-Paper", "arxiv_id": "2401.00002v3", "authors": []},
        {"index": 1, "title": "Something else", "arxiv_id": "2401.00009", "authors": ["X"]},
        {"index": 2, "title": "first paper", "arxiv_id": "2401.00001", "authors": ["A B"]},
    ]
    meta = tmp_path / "page.meta.jsonl"
    meta.write_text("\n".join(json.dumps(r) for r in meta_rows) + "\n{broken\n")
    papers = list(read_papers(listing))
    assert [(p.id, p.title) for p in papers if isinstance(p, Paper)] == [
        ("2401.00001", "First Paper"),
        ("2401.00002", "Second $\\alpha$-Paper"),  # TeX kept
    ]
    assert [a.name for a in papers[0].authors] == ["A B"]  # type: ignore[union-attr]


def test_malformed_listing_gives_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(
        f"{CHROME}Good title\nGood abstract.\n   \nAbstract of an untitled paper.\nLonely title\n",
        encoding="utf-8",
    )
    results = list(read_papers(path))
    assert isinstance(results[0], Paper) and results[0].title == "Good title"
    assert results[1:] == [
        BadRecord("line 5", "empty title"),
        BadRecord("line 7", "title line without an abstract line (odd number of lines)"),
    ]


# ---- API -----------------------------------------------------------------------------


def test_daily_papers_item() -> None:
    (paper,) = read_papers(HF_DAILY)
    assert isinstance(paper, Paper)
    assert paper.id == paper.arxiv_id == "2509.04664"
    assert paper.sources == ("hf-api",)
    assert paper.title == "Why Language Models Hallucinate"
    assert [a.name for a in paper.authors] == [
        "Adam Tauman Kalai",
        "Ofir Nachum",
        "Santosh S. Vempala",
        "Edwin Zhang",
    ]
    assert paper.published == "2025-09-04"
    assert paper.abstract.startswith("Like students facing hard exam questions")
    assert paper.extras["featured_at"] == "2025-09-08"
    assert paper.extras["upvotes"] == 26 and paper.upvotes == 26
    assert paper.extras["num_comments"] == 0
    assert paper.extras["ai_keywords"] == [
        "hallucinations",
        "binary classification",
        "uncertain responses",
        "trustworthy AI systems",
    ]
    assert paper.extras["ai_summary"].startswith("Language models produce incorrect statements")


def test_bare_paper_object_with_github_and_project_page(tmp_path: Path) -> None:
    item = json.loads(HF_DAILY.read_text(encoding="utf-8"))[0]
    bare = dict(item["paper"])
    bare.update(
        githubRepo="https://github.com/example/halluc",
        githubStars=1234,
        projectPage="https://example.org/halluc",
    )
    path = tmp_path / "paper.json"
    path.write_text(json.dumps(bare), encoding="utf-8")
    (paper,) = read_papers(path)
    assert isinstance(paper, Paper)
    assert paper.id == "2509.04664"
    assert paper.extras["github_repo"] == "https://github.com/example/halluc"
    assert paper.extras["github_stars"] == 1234
    assert paper.extras["project_page"] == "https://example.org/halluc"
    assert paper.extras["featured_at"] == "2025-09-08"  # submittedOnDailyAt


def test_search_response_with_bad_and_non_arxiv_items() -> None:
    item = json.loads(HF_DAILY.read_text(encoding="utf-8"))[0]
    other = {"paper": {"id": "hf-internal-7", "title": " A Model Card ", "authors": []}}
    untitled = {"paper": {"id": "2401.00001", "title": ""}}
    data = json.dumps([item, other, untitled, 42]).encode()
    results = list(read_bytes_as(data, "hf-api", origin="search?q=x"))
    assert isinstance(results[0], Paper) and results[0].id == "2509.04664"
    card = results[1]
    assert isinstance(card, Paper)
    assert card.title == "A Model Card"
    assert card.arxiv_id == "" and card.id == title_key("A Model Card")
    assert card.extras["hf_id"] == "hf-internal-7"
    assert results[2:] == [
        BadRecord("record 3", "no title"),
        BadRecord("record 4", "not a JSON object"),
    ]


def test_empty_daily_list(tmp_path: Path) -> None:
    path = tmp_path / "daily.json"
    path.write_text("[]\n")
    assert list(read_papers(path)) == []
