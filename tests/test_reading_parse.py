"""Full text parsing from real LaTeXML and pdflatex output (tests/fixtures/papers/make.sh):
the document model, math as Unicode, tables, references with ids, hostile page content,
PDFs (with text, scanned, broken), and the cache's JSON form."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertui.reading.document import (
    CITE,
    MATH,
    NOTE,
    TEX,
    Equation,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    Theorem,
    from_json,
    plain_text,
    to_json,
)
from papertui.reading.errors import ReadingError
from papertui.reading.find import block_text, find
from papertui.reading.latexml import parse_latexml
from papertui.reading.math_text import tex_to_unicode
from papertui.reading.pdf import parse_pdf
from papertui.reading.reference_ids import extract_ids
from papertui.reading.render import render

PAPERS = Path(__file__).parent / "fixtures" / "papers"
BASE = "https://arxiv.org/html/2501.01234/"


@pytest.fixture(scope="module")
def doc():
    return parse_latexml((PAPERS / "paper.html").read_bytes(), base_url=BASE, source="arXiv HTML")


def blocks_of(document, kind):
    return [b for b in document.blocks if isinstance(b, kind)]


def test_title_authors_abstract(doc) -> None:
    assert doc.title == "Sorting Networks for Sparse Attention: A Test Paper"
    assert doc.authors == ("Ana Pérez-García", "Jonas Müller")
    abstract = doc.abstract[0]
    assert [s.text for s in abstract if s.style == MATH] == ["𝒪(n log n)", "𝒪(n²)"]
    assert doc.notes == ()  # a complete page


def test_numbered_sections_and_subsections(doc) -> None:
    outline = [(h.level, h.number, h.title) for h in blocks_of(doc, Heading)]
    assert outline == [
        (1, "1", "Introduction"),
        (1, "2", "Method"),
        (2, "2.1", "Sorting keys"),
        (2, "2.2", "Complexity"),
        (1, "3", "Experiments"),
        (1, "", "Acknowledgements"),
    ]
    assert [i for i, _ in doc.headings()] == [
        i for i, b in enumerate(doc.blocks) if isinstance(b, Heading)
    ]


def test_inline_math_is_unicode_where_faithful(doc) -> None:
    maths = [s.text for b in blocks_of(doc, Paragraph) for s in b.spans if s.style == MATH]
    assert {"𝒪(n²)", "xᵢ²+yⱼ", "α≤β", "a/b", "∑ᵢ₌₁ⁿ log i"} <= set(maths)


def test_display_equation_keeps_its_number(doc) -> None:
    (equation,) = blocks_of(doc, Equation)
    assert equation == Equation("Attn(Q,K,V)=softmax(QKᵀ/(√dₖ))V", False, "(1)", "S2.E1")


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"\mathcal{O}(n\log n)", "𝒪(n log n)"),
        (r"x_{i}^{2}", "xᵢ²"),
        (r"\mathbb{R}^{d}", "ℝᵈ"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"W_{ij}=\exp(-x)", "Wᵢⱼ=exp(-x)"),
        (r"\log\log n", "log log n"),
        (r"x^{\alpha}", None),  # no superscript alpha in Unicode: shown as TeX
        (r"\begin{pmatrix}a\end{pmatrix}", None),
        (r"\unknowncommand{x}", None),
        (r"x_{", None),
    ],
)
def test_tex_to_unicode(tex: str, expected: str | None) -> None:
    assert tex_to_unicode(tex) == expected


def test_untranslatable_math_is_shown_as_tex_in_its_own_style() -> None:
    page = (
        b'<html><body><article class="ltx_document"><p class="ltx_p">Let '
        b'<math alttext="x^{\\alpha}" display="inline"><mi>x</mi></math>.</p></article>'
        b"</body></html>"
    )
    (paragraph,) = parse_latexml(page).blocks
    assert paragraph.spans[1].style == TEX and paragraph.spans[1].text == "x^{\\alpha}"
    assert "$x^{\\alpha}$" in render(parse_latexml(page))


def test_a_tabular_in_a_figure_is_a_table_and_algorithm_lines_are_text() -> None:
    page = (
        b'<html><body><article class="ltx_document">'
        b'<figure class="ltx_figure" id="S1.F2"><table class="ltx_tabular"><tr><td>a</td>'
        b'<td>b</td></tr></table><figcaption><span class="ltx_tag">Figure 2: </span>Grid.'
        b'</figcaption></figure><figure class="ltx_float ltx_float_algorithm">'
        b'<figcaption><span class="ltx_tag">Algorithm 1</span> Sort.</figcaption>'
        b'<div class="ltx_listing"><div class="ltx_listingline">1: sort the keys</div>'
        b'<div class="ltx_listingline">2: return</div></div></figure></article></body></html>'
    )
    table, algorithm, *lines = parse_latexml(page).blocks
    assert table == Table("Figure 2", "Grid.", (("a", "b"),), "S1.F2")
    assert algorithm == Figure("Algorithm 1", "Sort.", (), "")
    assert [plain_text(p.spans) for p in lines] == ["1: sort the keys", "2: return"]


def test_math_without_alttext_uses_its_tex_annotation() -> None:
    page = (
        b'<html><body><article class="ltx_document"><p class="ltx_p">Cost '
        b"<math><semantics><mrow><mi>n</mi></mrow><annotation-xml>n</annotation-xml>"
        b'<annotation encoding="application/x-tex">\\mathcal{O}(n^{2})</annotation>'
        b"</semantics></math>.</p></article></body></html>"
    )
    (paragraph,) = parse_latexml(page).blocks
    assert [(s.text, s.style) for s in paragraph.spans][1] == ("𝒪(n²)", MATH)


def test_theorems_lists_footnotes(doc) -> None:
    labels = [t.label for t in blocks_of(doc, Theorem)]
    assert labels == ["Definition 1", "Theorem 1", "Proof"]
    theorem = blocks_of(doc, Theorem)[1]
    assert "ϵ⋅‖V‖₂" in plain_text(theorem.paragraphs[0])
    bullets, numbered = blocks_of(doc, ListBlock)
    assert [m for m, _ in bullets.items] == ["•", "•", "•"]
    assert [(m, plain_text(s)) for m, s in numbered.items] == [
        ("1.", "hash the keys;"),
        ("2.", "sort the buckets;"),
        ("3.", "attend within each bucket."),
    ]
    assert [(f.number, f.text) for f in doc.footnotes] == [("1", "Memory grows the same way.")]
    intro = blocks_of(doc, Paragraph)[0]
    assert any(s.style == NOTE and s.target == "1" for s in intro.spans)


def test_table_as_text_grid(doc) -> None:
    (table,) = blocks_of(doc, Table)
    assert (table.number, table.caption) == ("Table 1", "Accuracy on three tasks.")
    assert table.rows == (
        ("Model", "Accuracy", "Time (s)"),
        ("Dense", "91.2", "120"),
        ("Ours", "90.8", "14"),
    )
    text = render(doc)
    assert "Model | Accuracy | Time (s)\n------+----------+---------\nDense | 91.2" in text


def test_figure_caption_number_and_image_link(doc) -> None:
    (figure,) = blocks_of(doc, Figure)
    assert figure == Figure(
        "Figure 1", "Speed against sequence length.", (BASE + "x1.png",), "S3.F1"
    )


def test_citations_point_to_bibliography_entries_with_ids(doc) -> None:
    cites = [s.target for b in blocks_of(doc, Paragraph) for s in b.spans if s.style == CITE]
    assert cites[:3] == ["bib.bib1", "bib.bib2", "bib.bib3"]
    ids = [(r.label, r.arxiv_id, r.doi) for r in doc.references]
    assert ids == [
        ("[1]", "1706.03762", ""),  # arXiv:1706.03762
        ("[2]", "1904.10509", ""),  # abs URL with version
        ("[3]", "2001.04451", ""),  # pdf URL
        ("[4]", "2009.06732", ""),  # 10.48550/arXiv. DOI is an arXiv id
        ("[5]", "", "10.1145/1468075.1468121"),  # a publisher DOI
        ("[6]", "", ""),
    ]
    assert doc.reference("bib.bib5").text.startswith("K. E. Batcher.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv preprint arXiv:2106.09685v2, 2021.", ("2106.09685", "")),
        ("arXiv:hep-th/9901001.", ("hep-th/9901001", "")),
        ("https://doi.org/10.1038/nature14539).", ("", "10.1038/nature14539")),
        ("no identifiers here, 2019", ("", "")),
    ],
)
def test_extract_ids(text: str, expected: tuple[str, str]) -> None:
    assert extract_ids(text) == expected


def test_arxiv_page_chrome_scripts_and_javascript_links_are_dropped() -> None:
    page = (PAPERS / "paper_arxiv.html").read_bytes()
    assert b"SCRIPT-LEAK" in page and b"javascript:" in page  # the fixture is hostile
    doc = parse_latexml(page, base_url=BASE, source="arXiv HTML")
    text = render(doc) + render(doc, markdown=True)
    for leak in ("LEAK", "alert", "javascript", "Back to Abstract", "experimental HTML"):
        assert leak not in text
    injected = next(b for b in blocks_of(doc, Paragraph) if "Injected" in plain_text(b.spans))
    assert plain_text(injected.spans) == "Injected a script link and styled text."
    assert all(s.style != "link" for s in injected.spans)  # the javascript: link is text
    assert doc.title == "Sorting Networks for Sparse Attention: A Test Paper"


def test_markup_in_the_paper_stays_text(doc) -> None:
    assert "Text with a <b>tag</b> and an ampersand & stays text." in render(doc)
    assert r"a \<b\>tag\</b\> and" in render(doc, markdown=True)


def test_truncated_page_is_read_as_far_as_it_goes_and_says_so() -> None:
    page = (PAPERS / "paper.html").read_bytes()
    cut = page[: page.index(b"Experiments")]
    doc = parse_latexml(cut, source="ar5iv")
    assert [h.number for h in blocks_of(doc, Heading)][:2] == ["1", "2"]
    assert doc.notes == ("the page ended early: the text may be incomplete",)


def test_a_page_without_a_paper_is_refused() -> None:
    with pytest.raises(ReadingError, match="holds no LaTeXML paper"):
        parse_latexml(b"<html><body><h1>No HTML for this paper</h1></body></html>", source="x")


def test_pdf_paragraphs_headings_references() -> None:
    doc = parse_pdf((PAPERS / "paper.pdf").read_bytes(), source="arXiv PDF")
    assert doc.from_pdf
    headings = [(h.level, h.number, h.title) for h in blocks_of(doc, Heading)]
    assert headings == [
        (1, "", "Abstract"),
        (1, "1", "Introduction"),
        (1, "2", "Method"),
        (2, "2.1", "Sorting keys"),
        (2, "2.2", "Complexity"),
        (1, "3", "Experiments"),
        (1, "", "Acknowledgements"),
        (1, "", "References"),
    ]
    text = render(doc)
    assert "text extracted from PDF" in text and "Ana Pérez-García" in text  # accents rejoined
    ids = [(r.label, r.arxiv_id, r.doi) for r in doc.references]
    assert ids[0] == ("[1]", "1706.03762", "") and ids[4] == ("[5]", "", "10.1145/1468075.1468121")
    assert len(ids) == 6
    intro = next(b for b in blocks_of(doc, Paragraph) if "Sparse methods" in plain_text(b.spans))
    cites = [(s.text, s.target) for s in intro.spans if s.style == CITE]
    assert cites == [("2", "ref2"), ("3", "ref3")]
    assert "Sparse methods [2, 3] reduce" in plain_text(intro.spans)


def test_scanned_pdf_says_it_has_no_text() -> None:
    with pytest.raises(ReadingError, match="has no text layer"):
        parse_pdf((PAPERS / "scanned.pdf").read_bytes(), source="arXiv PDF")


@pytest.mark.parametrize(
    "data",
    [(PAPERS / "broken.pdf").read_bytes(), b"", b"%PDF-1.5 junk"],
    ids=["cut-off", "empty", "junk"],
)
def test_broken_pdf_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(ReadingError, match="damaged or incomplete"):
        parse_pdf(data, source="arXiv PDF")


def test_encrypted_pdf_says_so() -> None:
    with pytest.raises(ReadingError, match="is encrypted"):
        parse_pdf((PAPERS / "encrypted.pdf").read_bytes(), source="arXiv PDF")


def test_json_round_trip(doc) -> None:
    assert from_json(to_json(doc)) == doc


def test_find_in_paper(doc) -> None:
    matches = find(doc, "BUCKET")
    kinds = [type(doc.blocks[m.block]).__name__ for m in matches]
    assert kinds == ["Theorem", "ListBlock", "ListBlock"]  # a bucket; the buckets; each bucket
    texts = [block_text(doc.blocks[m.block])[m.start : m.end] for m in matches]
    assert texts == ["bucket", "bucket", "bucket"]
    (heading,) = find(doc, "sorting   keys")  # words, not exact spacing
    assert doc.blocks[heading.block] == Heading(2, "2.1", "Sorting keys", "S2.SS1")
    assert find(doc, "nonexistentword") == [] and find(doc, "  ") == []


_FRAGMENTS = [
    '<p class="ltx_p">', "</p>", '<math alttext="x^{2}">', '<math alttext="\\frac{a">', "</math>",
    '<section class="ltx_section">', '<h2 class="ltx_title">', '<span class="ltx_tag">1 </span>',
    "</h2>", "</section>", '<a href="#bib.bib1">', '<a href="javascript:alert(1)">', "</a>",
    '<table class="ltx_equation"><tr><td>', "</td></tr></table>", '<figure class="ltx_table">',
    '<table class="ltx_tabular"><tr><td>', "<figcaption>", "</figure>", '<ul class="ltx_biblist">',
    '<li class="ltx_bibitem" id="bib.bib1">', '<div class="ltx_theorem"><h6 class="ltx_title">',
    '<span class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">1</sup>',
    '<span class="ltx_note_content">', "</span>", "</div>", "<script>", "</script>", "<br>",
    "text ", "&amp;", "&lt;b&gt;", "\x1b[31m", "\x00", "arXiv:1706.03762 ", "10.1145/1.2 ", "ü",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=60))
@settings(max_examples=200, deadline=None)
def test_any_latexml_like_page_is_a_document_or_a_clear_error(parts: list[str]) -> None:
    page = '<html><body><article class="ltx_document">' + "".join(parts)
    try:
        doc = parse_latexml(page.encode())
    except ReadingError as exc:
        assert "holds no" in str(exc)
        return
    for text in (render(doc), render(doc, markdown=True)):
        assert "\x1b" not in text and "\x00" not in text and "alert" not in text
    assert from_json(to_json(doc)) == doc


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_tex_to_unicode_never_fails(tex: str) -> None:
    result = tex_to_unicode(tex)
    assert result is None or isinstance(result, str)


@given(st.binary(max_size=3000))
@settings(max_examples=60, deadline=None)
def test_any_bytes_as_pdf_are_a_clear_error(data: bytes) -> None:
    with pytest.raises(ReadingError):
        parse_pdf(b"%PDF-1.4\n" + data, source="x")


def test_quote_with_citation(doc) -> None:
    from papertui.models import Author, Paper
    from papertui.reading.quote import quote

    paper = Paper(
        id="2501.01234",
        title="Sorting Networks for Sparse Attention",
        authors=(Author("Ana Pérez-García"), Author("Jonas Müller"), Author("Li Wei")),
        published="2025-01-03",
        arxiv_id="2501.01234",
        arxiv_version=2,
    )
    equation = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Equation))
    text = quote(doc, [equation + 1, equation], paper)
    assert text == (
        "> Attn(Q,K,V)=softmax(QKᵀ/(√dₖ))V (1)\n>\n> Equation (1) is the usual attention.\n\n"
        "(Pérez-García et al., 2025, §2.1, arXiv:2501.01234v2)"
    )
    unknown = quote(doc, [equation], None, "2501.01234")
    assert unknown.endswith("\n\n(Pérez-García and Müller, §2.1, arXiv:2501.01234)")
    assert quote(doc, [], paper) == ""
