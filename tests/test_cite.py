"""Citation formats: rules of each style, edge cases, and BibTeX that parses back."""

from __future__ import annotations

import io
import json

import bibtexparser
import pytest

from cite_sample import load_sample
from papertui.cite import FORMATS, UnknownFormat, format_citation, format_many
from papertui.cite.common import title
from papertui.cite.keys import base_key
from papertui.cite.names import split_name
from papertui.cite.tex import protect_case, tex_display, tex_value
from papertui.importers import bibtex as bibtex_importer
from papertui.importers.base import ReadContext
from papertui.models import Author, Paper, PaperState


def paper(n_authors: int = 1, **changes: object) -> Paper:
    base = Paper(
        id="2401.00001",
        title="A Study",
        authors=tuple(Author(name=f"Given{i} Family{i}") for i in range(1, n_authors + 1)),
        published="2024-01-15",
        arxiv_id="2401.00001",
        categories=("cs.LG",),
    )
    return base.with_changes(**changes)


@pytest.fixture(scope="module")
def sample() -> list[Paper]:
    return load_sample()


def reimport(text: str) -> list[Paper]:
    items = list(bibtex_importer.read(io.BytesIO(text.encode()), ReadContext(origin="<t>")))
    assert all(isinstance(p, Paper) for p in items), items
    return items  # type: ignore[return-value]


# ---- names and keys ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family", "given", "suffix"),
    [
        ("Andre de Gouvea", "de Gouvea", "Andre", ""),
        ("Joost van der Putten", "van der Putten", "Joost", ""),
        ("Mary Smith, Jr.", "Smith", "Mary", "Jr."),
        ("Smith, Jr., Mary", "Smith", "Mary", "Jr."),
        ("Turing, Alan M.", "Turing", "Alan M.", ""),
        ("Plato", "Plato", "", ""),
        ("The ATLAS Collaboration", "The ATLAS Collaboration", "", ""),
        ("C. -P. Yuan", "Yuan", "C.-P.", ""),
    ],
)
def test_split_name(text: str, family: str, given: str, suffix: str) -> None:
    name = split_name(text)
    assert (name.family, name.given, name.suffix) == (family, given, suffix)


def test_initials() -> None:
    assert split_name("Jean-Paul Sartre").initials() == "J.-P."
    assert split_name("B. Scott Gaudi").initials() == "B. S."


def test_keys_arxiv_style_ascii_and_unique() -> None:
    p = paper(title="Attention Is All You Need", authors=(Author("Ashish Vaswani"),))
    assert base_key(p) == "vaswani2024attentionneed"
    accented = p.with_changes(authors=(Author("Eduardo Pérez-Pellitero"),))
    assert base_key(accented) == "perezpellitero2024attentionneed"
    text = format_many([p, p, p], "bibtex")
    keys = [e.key for e in bibtexparser.parse_string(text).entries]
    assert keys == [
        "vaswani2024attentionneed",
        "vaswani2024attentionneeda",
        "vaswani2024attentionneedb",
    ]


def test_keys_unique_across_the_sample(sample: list[Paper]) -> None:
    keys = [e.key for e in bibtexparser.parse_string(format_many(sample, "bibtex")).entries]
    assert len(keys) == len(set(keys)) == len(sample)
    assert all(k.isascii() and k.isalnum() for k in keys)


# ---- TeX -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("R&D 100% #1 a_b", r"R\&D 100\% \#1 a\_b"),
        (r"already \& escaped", r"already \& escaped"),
        (r"math $x_1^2 & y$ kept", r"math $x_1^2 \& y$ kept"),
        ("one $ dollar", r"one \$ dollar"),
        ("open { brace", r"open \textbraceleft{} brace"),
        ("close } brace {ok}", r"close \textbraceright{} brace {ok}"),
        ("trailing \\", r"trailing \textbackslash{}"),
        ("line \\\\", "line"),
        ("bell\x07and\x1b[31mred", "bell\u2407and\u241b[31mred"),
        ("Pérez ü", "Pérez ü"),
    ],
)
def test_tex_value(raw: str, value: str) -> None:
    assert tex_value(raw) == value


@pytest.mark.parametrize(
    ("raw", "protected"),
    [
        ("HeadGaS: Real-Time 3D Avatars", "{HeadGaS}: Real-Time {3D} Avatars"),
        ("at the LHC (CERN).", "at the {LHC} ({CERN})."),
        ("{BERT} and \\emph{GPT} in $O(N)$", "{BERT} and \\emph{GPT} in $O(N)$"),
        ("Plain Title Case Words", "Plain Title Case Words"),
    ],
)
def test_protect_case(raw: str, protected: str) -> None:
    assert protect_case(raw) == protected


# ---- BibTeX ------------------------------------------------------------------------


def test_bibtex_parses_for_every_sample_paper(sample: list[Paper]) -> None:
    library = bibtexparser.parse_string(format_many(sample, "bibtex"))
    assert not library.failed_blocks
    assert len(library.entries) == len(sample)
    for entry, p in zip(library.entries, sample, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        if p.arxiv_id:
            assert fields["eprint"] == p.arxiv_id
            assert fields["archivePrefix"] == "arXiv"
            assert fields["url"] == f"https://arxiv.org/abs/{p.arxiv_id}"


def test_bibtex_round_trip_through_papertui_importer(sample: list[Paper]) -> None:
    states = {
        p.id: PaperState(p.id, tags=("to read", "ml"), note="Good & 50% done\nmore") for p in sample
    }
    back = reimport(format_many(sample, "bibtex", states=states))
    assert len(back) == len(sample)
    for old, new in zip(sample, back, strict=True):
        assert new.id == old.id
        assert (new.arxiv_id, new.doi.lower()) == (old.arxiv_id, old.doi.lower())
        assert title(new) == title(old)
        if old.id != "doi:10.1000/rd-2021":
            assert [tex_display(a.name) for a in new.authors] == [
                tex_display(a.name) for a in old.authors
            ]
        else:  # "Mary Smith, Jr." comes back as "Mary Smith Jr."; the group stays whole
            assert [a.family for a in new.authors] == [
                "van der Berg",
                "Smith",
                "The ATLAS Collaboration",
            ]
        assert new.year == old.year
        assert new.extras["keywords"] == ["to read", "ml"]
        assert new.extras["note"] == "Good & 50% done\nmore"
        if old.primary_category and old.arxiv_id:
            assert new.primary_category == old.primary_category


def test_bibtex_published_paper_has_doi_and_journal() -> None:
    p = paper(doi="10.1103/PhysRevD.76.013009", journal_ref="Phys.Rev.D76:013009,2007")
    fields = {
        f.key: f.value
        for f in bibtexparser.parse_string(format_citation(p, "bibtex")).entries[0].fields
    }
    assert fields["doi"] == "10.1103/PhysRevD.76.013009"
    assert fields["journal"] == "Phys.Rev.D76:013009,2007"


def test_biblatex_online_fields() -> None:
    text = format_citation(paper(), "biblatex")
    entry = bibtexparser.parse_string(text).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "online"
    assert fields["eprinttype"] == "arxiv"
    assert fields["eprintclass"] == "cs.LG"
    assert fields["eprint"] == "2401.00001"
    assert fields["date"] == "2024-01-15"
    assert fields["doi"] == "10.48550/arXiv.2401.00001"


# ---- styles ------------------------------------------------------------------------


def test_apa_author_rules() -> None:
    assert format_citation(paper(1), "apa").startswith(
        "Family1, G. (2024). A Study [Preprint]. arXiv."
    )
    assert format_citation(paper(2), "apa").startswith("Family1, G., & Family2, G. (2024).")
    twenty = format_citation(paper(20), "apa")
    assert "Family19, G., & Family20, G. (2024)" in twenty
    many = format_citation(paper(25), "apa")
    assert "Family19, G., . . . Family25, G. (2024)" in many
    assert "Family20," not in many
    assert many.endswith("arXiv. https://doi.org/10.48550/arXiv.2401.00001")


def test_mla_author_rules() -> None:
    assert format_citation(paper(1), "mla") == (
        "Family1, Given1. \u201cA Study.\u201d arXiv, 15 Jan. 2024, "
        "https://doi.org/10.48550/arXiv.2401.00001."
    )
    assert format_citation(paper(2), "mla").startswith("Family1, Given1, and Given2 Family2. ")
    assert format_citation(paper(3), "mla").startswith("Family1, Given1, et al. ")


def test_chicago_author_rules() -> None:
    ten = format_citation(paper(10), "chicago")
    assert "Given9 Family9, and Given10 Family10. 2024." in ten
    eleven = format_citation(paper(11), "chicago")
    assert "Given7 Family7, et al. 2024." in eleven
    assert "Family8" not in eleven
    assert eleven.endswith(
        "Preprint, arXiv, January 15. https://doi.org/10.48550/arXiv.2401.00001."
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_papers_missing_everything_still_cite(fmt: str) -> None:
    bare = Paper(id="title:0", title="Only a Title")
    text = format_citation(bare, fmt)
    assert "Only a Title" in text or (fmt in ("bibtex", "biblatex") and "Only a Title" in text)
    if fmt in ("bibtex", "biblatex"):
        assert not bibtexparser.parse_string(text).failed_blocks
    if fmt == "csl-json":
        assert json.loads(text)[0]["title"] == "Only a Title"


def test_markdown_escapes_title() -> None:
    p = paper(title="Why *Not* [Really] use `code` <b> a_b | c")
    assert format_citation(p, "markdown") == (
        r"[Why \*Not\* \[Really\] use \`code\` \<b\> a\_b \| c](https://arxiv.org/abs/2401.00001)"
    )


def test_bare_id() -> None:
    assert format_citation(paper(), "arxiv-id") == "arXiv:2401.00001"
    assert format_citation(paper(arxiv_id="", doi="10.1/x"), "arxiv-id") == "doi:10.1/x"


def test_csl_json_is_valid_csl(sample: list[Paper]) -> None:
    items = json.loads(
        format_many(sample, "csl-json", states={"0704.0001": PaperState("0704.0001", tags=("a",))})
    )
    assert len(items) == len(sample)
    first = items[0]
    assert first["type"] == "article"
    assert first["number"] == "0704.0001"
    assert first["publisher"] == "arXiv"
    assert first["DOI"] == "10.48550/arXiv.0704.0001"
    assert first["issued"] == {"date-parts": [[2007, 4, 2]]}
    assert first["author"][0] == {"family": "Balázs", "given": "C."}
    assert first["keyword"] == "a"
    for item in items:
        assert set(item) <= {
            "id", "type", "title", "author", "issued", "number", "publisher", "DOI", "URL",
            "abstract", "note", "keyword", "annote",
        }  # fmt: skip
        for person in item.get("author", []):
            assert set(person) in ({"family", "given"}, {"literal"}, {"family", "given", "suffix"})


def test_ris_structure() -> None:
    state = PaperState("2401.00001", tags=("x", "y"), note="first\nER  - not an end")
    text = format_citation(paper(2), "ris", state)
    lines = text.splitlines()
    assert lines[0] == "TY  - GEN"
    assert lines[-1] == "ER  - "
    assert lines.count("ER  - ") == 1
    assert "KW  - x" in lines and "KW  - y" in lines
    assert "AU  - Family1, Given1" in lines
    assert "N1  - first" in lines
    assert not any(line.startswith("ER  - not") for line in lines)  # no early end of record


def test_unknown_format() -> None:
    with pytest.raises(UnknownFormat, match="known: bibtex"):
        format_citation(paper(), "harvard")


def test_state_only_when_given() -> None:
    state = PaperState("2401.00001", tags=("secret",), note="private")
    assert "secret" not in format_citation(paper(), "bibtex")
    assert "keywords = {secret}" in format_citation(paper(), "bibtex", state)
    assert "annote = {private}" in format_citation(paper(), "bibtex", state)
