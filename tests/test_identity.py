"""The rules by which two records are one paper (papertui.identity), without a store."""

from __future__ import annotations

from papertui.identity import (
    Rule,
    best_id,
    contradiction,
    first_authors_agree,
    is_generic_title,
    lookup_keys,
    same_by_title,
)
from papertui.models import Author, Paper

TITLE = "Simplex Random Features for Kernel Approximation"


def paper(**fields: object) -> Paper:
    values: dict[str, object] = {"id": "title:x", "title": TITLE}
    values.update(fields)
    return Paper(**values)  # type: ignore[arg-type]


def test_every_arxiv_form_gives_one_key() -> None:
    by_id = paper(id="2301.13856", arxiv_id="2301.13856")
    by_doi = paper(id="2301.13856", doi="10.48550/arXiv.2301.13856")
    by_key_only = paper(id="2301.13856")
    assert {lookup_keys(p)[0] for p in (by_id, by_doi, by_key_only)} == {"a:2301.13856"}


def test_published_doi_and_journal_ref_doi_are_keys() -> None:
    record = paper(
        id="2301.13856",
        arxiv_id="2301.13856",
        doi="10.1000/ABC.1",
        journal_ref="Proc. ICML (2023), doi:10.1000/other.2.",
    )
    keys = lookup_keys(record)
    assert "d:10.1000/abc.1" in keys
    assert "d:10.1000/other.2" in keys
    assert not any(k.startswith("d:10.48550") for k in keys)


def test_best_id_prefers_arxiv_then_doi_then_title() -> None:
    assert best_id(paper(arxiv_id="2301.13856", doi="10.1000/x")) == "2301.13856"
    assert best_id(paper(doi="10.1000/X")) == "doi:10.1000/x"
    assert best_id(paper(doi="10.48550/arXiv.2301.13856")) == "2301.13856"
    assert best_id(paper()).startswith("title:")


def test_contradictions() -> None:
    assert contradiction(paper(arxiv_id="2301.1"), paper(arxiv_id="2301.2")) == (
        "different arXiv ids"
    )
    assert contradiction(paper(doi="10.1000/a"), paper(doi="10.1000/b")) == "different DOIs"
    # an arXiv DOI is not a published DOI: it does not contradict a journal DOI
    assert contradiction(paper(doi="10.48550/arXiv.2301.1"), paper(doi="10.1000/b")) == ""
    smith = paper(authors=(Author("Anna Smith"),))
    jones = paper(authors=(Author("Bob Jones"),))
    assert contradiction(smith, jones) == "different first authors"
    assert contradiction(smith, paper()) == ""


def test_first_authors_agree_across_name_forms() -> None:
    def by(author: Author) -> Paper:
        return paper(authors=(author,))

    assert first_authors_agree(by(Author("Wei Zhang")), by(Author("Zhang Wei")))
    assert first_authors_agree(
        by(Author("Eduardo Pérez-Pellitero")),
        by(Author("Perez-Pellitero, E.", family="Perez-Pellitero", given="E.")),
    )
    assert first_authors_agree(
        by(Author("Ludwig van Beethoven", family="van Beethoven")), by(Author("L. Beethoven"))
    )
    assert not first_authors_agree(by(Author("Wei Zhang")), by(Author("Wei Wang")))
    assert first_authors_agree(by(Author("Wei Zhang")), paper()) is None


def test_generic_and_short_titles() -> None:
    assert is_generic_title("Introduction")
    assert is_generic_title("Editorial")
    assert is_generic_title("Book Reviews")
    assert is_generic_title("Deep Learning")  # two significant words
    assert is_generic_title("On the Limits")
    assert not is_generic_title("Simplex Random Features")


def test_title_rule_needs_authors_for_generic_titles() -> None:
    smith = Author("Anna Smith")
    intro = paper(title="Introduction", authors=(smith,))
    assert same_by_title(intro, paper(title="Introduction")) is None
    assert same_by_title(intro, paper(title="introduction", authors=(smith,))) is (
        Rule.TITLE_AUTHOR
    )
    assert same_by_title(intro, paper(title="Introduction", authors=(Author("Bob Jones"),))) is (
        None
    )
    # a specific title merges without authors, but not across a contradiction
    assert same_by_title(paper(), paper(title=TITLE.upper() + "!")) is Rule.TITLE
    assert same_by_title(paper(arxiv_id="2301.1"), paper(arxiv_id="2301.2")) is None
    assert same_by_title(paper(), paper(title="Another Title Entirely Here")) is None
