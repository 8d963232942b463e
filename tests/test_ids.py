from __future__ import annotations

import pytest

from papertui.ids import (
    arxiv_id_from_doi,
    normalise_arxiv_id,
    normalise_doi,
    paper_key,
    parse_arxiv_id,
    resolve_user_id,
    title_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2401.12345", ("2401.12345", 0)),
        ("2401.12345v3", ("2401.12345", 3)),
        ("arXiv:2401.12345v2", ("2401.12345", 2)),
        ("ARXIV:0704.0001", ("0704.0001", 0)),
        ("https://arxiv.org/abs/2401.12345v2", ("2401.12345", 2)),
        ("http://arxiv.org/pdf/2401.12345v1.pdf", ("2401.12345", 1)),
        ("https://arxiv.org/pdf/2401.12345", ("2401.12345", 0)),
        ("https://arxiv.org/html/2401.12345v4", ("2401.12345", 4)),
        ("https://export.arxiv.org/abs/1707.08567", ("1707.08567", 0)),
        ("hep-th/9901001", ("hep-th/9901001", 0)),
        ("hep-th/9901001v2", ("hep-th/9901001", 2)),
        ("math.CA/0611800", ("math/0611800", 0)),
        ("arXiv:math.CA/0611800v1", ("math/0611800", 1)),
        ("http://arxiv.org/abs/astro-ph/0601001v1", ("astro-ph/0601001", 1)),
        ("10.48550/arXiv.2401.12345", ("2401.12345", 0)),
        ("https://doi.org/10.48550/arXiv.2401.12345", ("2401.12345", 0)),
        ("  2401.12345  ", ("2401.12345", 0)),
    ],
)
def test_parse_arxiv_id_forms(text: str, expected: tuple[str, int]) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text", ["", "hello", "2401.123", "12345.67890", "10.1103/PhysRevD.76.013009", "hep-th/99"]
)
def test_non_arxiv_ids_rejected(text: str) -> None:
    assert parse_arxiv_id(text) is None


def test_doi_normalisation() -> None:
    assert normalise_doi("10.1103/PhysRevD.76.013009") == "10.1103/physrevd.76.013009"
    assert normalise_doi("https://doi.org/10.1103/PhysRevD.76.013009") == (
        "10.1103/physrevd.76.013009"
    )
    assert normalise_doi("doi: 10.1000/XYZ") == "10.1000/xyz"
    assert normalise_doi("not a doi") is None
    assert arxiv_id_from_doi("10.48550/ARXIV.2312.02902") == "2312.02902"
    assert arxiv_id_from_doi("10.1103/PhysRevD.76.013009") is None


def test_paper_key_priority() -> None:
    assert paper_key(arxiv_id="arXiv:2401.12345v2", doi="10.1/x", title="T") == "2401.12345"
    assert paper_key(doi="10.48550/arXiv.2401.12345") == "2401.12345"
    assert (
        paper_key(doi="10.1103/PhysRevD.76.013009", title="T") == "doi:10.1103/physrevd.76.013009"
    )
    assert paper_key(title="Attention Is All You Need") == title_key("attention  is all you NEED!")
    with pytest.raises(ValueError):
        paper_key(title="  ")


def test_title_key_folds_accents_and_wrapping() -> None:
    assert title_key("Schrödinger\n  equations") == title_key("Schrodinger equations")


def test_resolve_user_id_candidates() -> None:
    assert resolve_user_id("https://arxiv.org/abs/2401.12345v1")[0] == "2401.12345"
    assert resolve_user_id("10.1103/PhysRevD.76.013009")[0] == "doi:10.1103/physrevd.76.013009"
    assert normalise_arxiv_id("math.CA/0611800v2") == "math/0611800"
