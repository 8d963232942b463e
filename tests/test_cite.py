"""Citation formats: rules of each style, edge cases, and BibTeX that parses back."""

from __future__ import annotations

import io
import json
from pathlib import Path

import bibtexparser
import pytest

from cite_sample import load_sample
from papertui.cite import FORMATS, UnknownFormat, format_citation, format_many
from papertui.cite.case_protect import protect_case
from papertui.cite.common import title
from papertui.cite.initials import initials
from papertui.cite.keys import base_key
from papertui.cite.names import names, split_name
from papertui.cite.tex import tex_value
from papertui.importers import bibtex as bibtex_importer
from papertui.importers.base import ReadContext
from papertui.models import Author, Paper, PaperState

CSL_DIR = Path(__file__).parent / "golden" / "styles" / "csl"


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


# Particles as CSL names them (citeproc-js splits "de Gouvea" the same way): a
# lower-case word leading the family name is a non-dropping particle.
@pytest.mark.parametrize(
    ("text", "family", "given", "particle", "suffix"),
    [
        ("Andre de Gouvea", "Gouvea", "Andre", "de", ""),
        ("Joost van der Putten", "Putten", "Joost", "van der", ""),
        ("Mary Smith, Jr.", "Smith", "Mary", "", "Jr."),
        ("Smith, Jr., Mary", "Smith", "Mary", "", "Jr."),
        ("Martin Luther King Jr.", "King", "Martin Luther", "", "Jr."),
        ("Turing, Alan M.", "Turing", "Alan M.", "", ""),
        ("Plato", "Plato", "", "", ""),
        ("The ATLAS Collaboration", "The ATLAS Collaboration", "", "", ""),
        ("C. -P. Yuan", "Yuan", "C.-P.", "", ""),
    ],
)
def test_split_name(text: str, family: str, given: str, particle: str, suffix: str) -> None:
    name = split_name(text)
    assert (name.family, name.given, name.particle, name.suffix) == (
        family, given, particle, suffix
    )  # fmt: skip


def test_particle_stays_with_the_family_name() -> None:
    name = split_name("Andre de Gouvea")
    assert name.family_full == "de Gouvea"
    assert name.csl() == {"family": "Gouvea", "given": "Andre", "non-dropping-particle": "de"}
    dropping = split_name("Beethoven, Ludwig van")
    assert (dropping.family, dropping.given, dropping.dropping) == ("Beethoven", "Ludwig", "van")


def test_initials() -> None:
    assert initials("Jean-Paul") == "J.-P."
    assert initials("B. Scott") == "B. S."


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


# BibTeX's change.case$ (plain, abbrv, plainnat titles) lower-cases every letter
# outside braces, math included: "$O(N)$" -> "$o(n)$", "C#" -> "c#" (bibtex 0.99d).
@pytest.mark.parametrize(
    ("raw", "protected"),
    [
        ("HeadGaS: Real-Time 3D Avatars", "{HeadGaS}: Real-Time {3D} Avatars"),
        ("at the LHC (CERN).", "at the {LHC} ({CERN})."),
        ("{BERT} and \\emph{GPT} in $O(N)$", "{BERT} and \\emph{GPT} in {$O(N)$}"),
        ("Plain Title Case Words", "Plain Title Case Words"),
        ("Porting C# and F# to C++", "Porting {C#} and {F#} to {C++}"),
        ("$k$-NN graphs, $x$ and $\\Delta$", "{$k$-NN} graphs, $x$ and {$\\Delta$}"),
        ("in $O(N \\log N)$ time", "in {$O(N \\log N)$} time"),
        ("GPT-4 on an iPhone (kNN, x86-64)", "{GPT-4} on an {iPhone} ({kNN}, x86-64)"),
        ("one $ costs {B C} for R\\&D", "one $ costs {B C} for R\\&D"),
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
        # the same name parts (the styles print these); the text may change form:
        # "Beethoven, Ludwig van" comes back as "Ludwig van Beethoven"
        assert names(new) == names(old)
        # a published paper has its journal's year: 2311.09714 is "Software Testing,
        # Verification and Reliability, 35(2):e1914, 2025", first on arXiv in 2023
        assert new.year == (2025 if old.id == "2311.09714" else old.year)
        assert new.extras["keywords"] == ["to read", "ml"]
        assert new.extras["annote"] == "Good & 50% done\nmore"  # TeX-escaped, read back
        if old.primary_category and old.arxiv_id:
            assert new.primary_category == old.primary_category


def test_bibtex_published_paper_is_an_article() -> None:
    """plain.bst prints journal, volume and pages only for @article (it ignores a
    @misc's journal): the reference is split into them, the year is the journal's."""
    p = paper(doi="10.1103/PhysRevD.76.013009", journal_ref="Phys.Rev.D76:013009,2007")
    entry = bibtexparser.parse_string(format_citation(p, "bibtex")).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "article"
    assert fields["doi"] == "10.1103/PhysRevD.76.013009"
    assert (fields["journal"], fields["volume"], fields["pages"]) == ("Phys.Rev.D", "76", "013009")
    assert fields["year"] == "2007"
    assert "month" not in fields  # the arXiv version's month is not the journal's
    assert fields["eprint"] == "2401.00001"
    entry = bibtexparser.parse_string(format_citation(p, "biblatex")).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert (entry.entry_type, fields["journaltitle"], fields["date"]) == (
        "article", "Phys.Rev.D", "2007"
    )  # fmt: skip
    hep = paper(published="2003-01-08", journal_ref="Phys.Lett.B573:94-100,2003")
    assert "month" not in format_citation(hep, "bibtex")  # same year, still not the month
    assert "date = {2003}," in format_citation(hep, "biblatex")


def test_published_paper_without_arxiv_id_is_an_article() -> None:
    p = Paper(
        id="doi:10.1000/j.x.2021.7",
        title="A Journal Paper",
        authors=(Author("Ada Lovelace"),),
        published="2021-03-04",
        doi="10.1000/j.x.2021.7",
        journal_ref="J. Tests & Trials 12(3):45-67, 2021",
    )
    entry = bibtexparser.parse_string(format_citation(p, "bibtex")).entries[0]
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "article"
    assert fields["journal"] == r"J. Tests \& Trials"
    assert (fields["volume"], fields["number"], fields["pages"]) == ("12", "3", "45--67")
    assert "eprint" not in fields
    item = json.loads(format_citation(p, "csl-json"))[0]
    assert item["type"] == "article-journal"
    assert item["container-title"] == "J. Tests & Trials"
    assert item["DOI"] == "10.1000/j.x.2021.7"


def test_name_suffix_goes_in_the_jr_part() -> None:
    p = paper(authors=(Author("Martin Luther King Jr."),))
    assert "author = {King, Jr., Martin Luther}" in format_citation(p, "bibtex")
    assert "author = {King, Jr., Martin Luther}" in format_citation(p, "biblatex")


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


# Expected strings below are what citeproc-js makes of the same CSL-JSON with the
# official apa.csl, modern-language-association.csl and chicago-author-date.csl
# (tests/golden/styles/csl/): a preprint prints its number "arXiv:<id>".
def test_apa_author_rules() -> None:
    assert format_citation(paper(1), "apa") == (
        "Family1, G. (2024). A Study (arXiv:2401.00001). arXiv. "
        "https://doi.org/10.48550/arXiv.2401.00001"
    )
    assert format_citation(paper(2), "apa").startswith("Family1, G., & Family2, G. (2024).")
    twenty = format_citation(paper(20), "apa")
    assert "Family19, G., & Family20, G. (2024)" in twenty
    for count in (21, 25):  # 21 or more: the first 19, an ellipsis, the last
        many = format_citation(paper(count), "apa")
        assert f"Family19, G., \u2026 Family{count}, G. (2024)" in many
        assert "Family20," not in many


def test_mla_author_rules() -> None:
    assert format_citation(paper(1), "mla") == (
        "Family1, Given1. \u201cA Study.\u201d arXiv:2401.00001, arXiv, 15 Jan. 2024, "
        "https://doi.org/10.48550/arXiv.2401.00001."
    )
    assert format_citation(paper(2), "mla").startswith("Family1, Given1, and Given2 Family2. ")
    assert format_citation(paper(3), "mla").startswith("Family1, Given1, et al. ")


def test_chicago_author_rules() -> None:
    """Chicago 18th edition: up to six authors all listed, seven or more -> three + et al."""
    six = format_citation(paper(6), "chicago")
    assert six.startswith("Family1, Given1, Given2 Family2, Given3 Family3, Given4 Family4, ")
    assert "Given5 Family5, and Given6 Family6. 2024." in six
    for count in (7, 10, 11):
        many = format_citation(paper(count), "chicago")
        assert many == (
            "Family1, Given1, Given2 Family2, Given3 Family3, et al. 2024. \u201cA Study.\u201d "
            "arXiv:2401.00001. Preprint, arXiv, January 15. "
            "https://doi.org/10.48550/arXiv.2401.00001."
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
    published = items[0]  # 0704.0001: Phys.Rev.D76:013009,2007, DOI 10.1103/PhysRevD.76.013009
    assert published["type"] == "article-journal"
    assert published["DOI"] == "10.1103/PhysRevD.76.013009"  # the journal's, not arXiv's
    assert (published["container-title"], published["volume"], published["page"]) == (
        "Phys.Rev.D", "76", "013009"
    )  # fmt: skip
    assert published["issued"] == {"date-parts": [[2007]]}
    assert "number" not in published and "publisher" not in published
    assert published["author"][0] == {"family": "Balázs", "given": "C."}
    assert published["keyword"] == "a"
    preprint = next(i for i in items if i["URL"] == "https://arxiv.org/abs/2312.02902")
    assert preprint["type"] == "article"
    assert (preprint["number"], preprint["publisher"]) == ("arXiv:2312.02902", "arXiv")
    assert preprint["DOI"] == "10.48550/arXiv.2312.02902"
    schema = json.loads((CSL_DIR / "csl-data.json").read_text(encoding="utf-8"))
    variables = set(schema["items"]["properties"])
    name_parts = set(schema["definitions"]["name-variable"]["anyOf"][0]["properties"])
    types = set(schema["items"]["properties"]["type"]["enum"])
    for item in items:
        assert set(item) <= variables, set(item) - variables
        assert item["type"] in types
        for person in item.get("author", []):
            assert set(person) <= name_parts and ("family" in person or "literal" in person)
    particles = [p for i in items for p in i.get("author", []) if "non-dropping-particle" in p]
    assert {"family": "Gouvea", "given": "Andre", "non-dropping-particle": "de"} in particles


def test_ris_structure() -> None:
    state = PaperState("2401.00001", tags=("x", "y"), note="first\nER  - not an end")
    text = format_citation(paper(2), "ris", state)
    lines = text.splitlines()
    assert lines[0] == "TY  - GEN"
    assert lines[-1] == "ER  - "
    assert lines.count("ER  - ") == 1
    assert "KW  - x" in lines and "KW  - y" in lines
    assert "AU  - Family1, Given1" in lines
    # RIS is read line by line: the two-line note is one N1 on one line
    assert [line for line in lines if line.startswith("N1")] == ["N1  - first ER - not an end"]
    assert not any(line.startswith("ER  - not") for line in lines)  # no early end of record


def test_unknown_format() -> None:
    with pytest.raises(UnknownFormat, match="known: bibtex"):
        format_citation(paper(), "harvard")


def test_state_only_when_given() -> None:
    state = PaperState("2401.00001", tags=("secret",), note="private")
    assert "secret" not in format_citation(paper(), "bibtex")
    assert "keywords = {secret}" in format_citation(paper(), "bibtex", state)
    assert "annote = {private}" in format_citation(paper(), "bibtex", state)


def test_the_physics_journals_reference_shape_is_read() -> None:
    from papertui.cite.venue import Venue, parse_venue

    assert parse_venue("Phys. Rev. X 12 (2025) 1-9") == Venue("Phys. Rev. X", "12", "", "1-9", 2025)
    assert parse_venue("JHEP 05 (2020) 123") == Venue("JHEP", "05", "", "123", 2020)
    assert parse_venue("ICLR 2021 (2021) 5") == Venue("ICLR 2021 (2021) 5")  # no volume: whole
