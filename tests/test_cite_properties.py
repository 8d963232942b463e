"""Property tests: any title/author/tag/note text yields BibTeX that parses back.

"Parses back to the same values" means: bibtexparser reads exactly one entry
whose fields are exactly the values papertui meant to write (nothing bleeds
into a neighbouring field, nothing is cut off by a brace, `%` or backslash),
braces balance the way BibTeX itself counts them, and what a reader sees (the
TeX rendered to Unicode) is what the user saw. papertui's own importer gets the
same title, names, tags and note back.

Tags and notes are plain text, not TeX: read back by pybtex (as BibTeX reads a
field: runs of spaces and line breaks are one space) and decoded by pylatexenc,
they give the user's text. Characters pdflatex cannot typeset (outside
`texsafe.SAFE` and the Greek letters and math symbols it writes as
`\\ensuremath`: U+FFFD, emoji, CJK, letters T1 fonts lack such as ſ or ħ) are
left out, and exactly those are reported.
"""

from __future__ import annotations

import io
import re
import unicodedata

import bibtexparser
import pybtex.database
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from papertui.cite import collect_dropped, format_citation
from papertui.cite.bibtex import authors_field, title_field
from papertui.cite.common import title
from papertui.cite.tex import tex_display
from papertui.cite.texsafe import SAFE
from papertui.importers import bibtex as bibtex_importer
from papertui.importers.base import ReadContext
from papertui.models import Author, Paper, PaperState

SPECIALS = '&%#_^$~{}\\"@,=() \n\t'
text_chars = st.one_of(
    st.sampled_from(SPECIALS),
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
)
any_text = st.text(text_chars, min_size=1, max_size=40).filter(lambda t: t.strip())
# What pdflatex typesets: the safe set, and Greek letters and math symbols (written
# as `\\ensuremath{\\mu}`).
MATH_CHARS = "αβγδεθλμπσφωΓΔΣΩ≤≥≠≈∞∑∏∫∂∇±×÷→←⇒∈∉⊂∪∩"
typeset_chars = st.one_of(
    st.sampled_from(SPECIALS), st.sampled_from(sorted(SAFE) + list(MATH_CHARS))
)
typeset_text = st.text(typeset_chars, min_size=1, max_size=40).filter(lambda t: t.strip())
_LETTERS = sorted(c for c in SAFE if c.isalnum())
# Plain text: what a user or a Hugging Face listing types; no TeX commands (nor the
# `--` and `''` ligatures, which every TeX reader, papertui's display included, renders).
plain_text = st.text(
    st.one_of(st.sampled_from("&%#_ ,.:-?!'"), st.sampled_from(_LETTERS)),
    min_size=1,
    max_size=40,
).filter(lambda t: any(c.isalnum() for c in t) and "--" not in t and "''" not in t)
name_text = st.text(
    st.one_of(st.sampled_from(" .-'{}\\&"), st.sampled_from([c for c in _LETTERS if c.isalpha()])),
    min_size=1,
    max_size=25,
).filter(lambda t: any(c.isalpha() for c in t))
# Free text as users type it: every character pdflatex typesets, TeX specials, lines.
user_text = st.text(typeset_chars, max_size=80)
# The profile's number of examples (conftest: 100 in CI; `HYPOTHESIS_PROFILE=explore`, 1,000).
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def braces_balanced(value: str) -> bool:
    """BibTeX's own rule: every brace counts, escaped or not, depth never negative."""
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0


def parse_one(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, text
    assert len(library.entries) == 1, text
    return {f.key: f.value for f in library.entries[0].fields}


def make_paper(title_text: str, names: list[str]) -> Paper:
    return Paper(
        id="2401.00001",
        title=title_text,
        authors=tuple(Author(name=n) for n in names),
        published="2024-01-15",
        arxiv_id="2401.00001",
    )


@FAST
@given(title_text=any_text, names=st.lists(name_text, max_size=4))
def test_any_text_parses_back_exactly(title_text: str, names: list[str]) -> None:
    paper = make_paper(title_text, names)
    for fmt in ("bibtex", "biblatex"):
        fields = parse_one(format_citation(paper, fmt))
        assert fields.get("title", "") == title_field(paper)  # absent when nothing shows
        assert braces_balanced(fields.get("title", ""))
        assert fields["eprint"] == "2401.00001"
        assert fields["url"] == "https://arxiv.org/abs/2401.00001"
        if fields.get("author"):
            assert fields["author"] == authors_field(paper)
            assert braces_balanced(fields["author"])


@FAST
@given(title_text=plain_text)
def test_plain_titles_read_the_same(title_text: str) -> None:
    paper = make_paper(title_text, ["Ada Lovelace"])
    fields = parse_one(format_citation(paper, "bibtex"))
    assert tex_display(fields["title"]) == " ".join(title_text.split())
    assert tex_display(fields["title"]) == title(paper)


@FAST
@given(title_text=typeset_text, names=st.lists(name_text, min_size=1, max_size=3))
def test_papertui_importer_reads_the_same_paper(title_text: str, names: list[str]) -> None:
    paper = make_paper(title_text, names)
    assume(any(c.isalnum() for c in title(paper)))  # a title shows something ("{}" does not)
    text = format_citation(paper, "bibtex")
    (back,) = bibtex_importer.read(io.BytesIO(text.encode()), ReadContext(origin="<t>"))
    assert isinstance(back, Paper)
    assert back.arxiv_id == paper.arxiv_id
    assert title(back) == title(paper)
    assert len(back.authors) == len(paper.authors)


def _latex_to_text() -> LatexNodes2Text:
    """pylatexenc, told what LaTeX prints for the text symbols it gets wrong
    (`\\textbraceleft` as nothing, `\\textasciicircum` as a modifier letter)."""
    db = get_default_latex_context_db()
    symbols = [("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^")]
    macros = [MacroTextSpec(name, text) for name, text in symbols]
    db.add_context_category("latex-text-symbols", macros=macros, prepend=True)
    return LatexNodes2Text(latex_context=db, strict_latex_spaces=False)


LATEX_TO_TEXT = _latex_to_text()


def as_bibtex_reads(text: str) -> str:
    """BibTeX's view of a field: runs of spaces, tabs and line breaks are one space."""
    return re.sub(r"[ \t\n]+", " ", text).strip()


def as_typed(text: str) -> str:
    """What papertui writes of user text: any run of whitespace (a no-break space
    too) is one space."""
    return " ".join(text.split())


@FAST
@given(tags=st.lists(user_text, max_size=4), note=user_text)
def test_tags_and_note_read_back_as_typed(tags: list[str], note: str) -> None:
    """tag/note -> exported field -> pybtex -> pylatexenc == the text the user typed."""
    paper = make_paper("A Title", ["Ada Lovelace"])
    state = PaperState(paper.id, tags=tuple(tags), note=note)
    typed_tags = ", ".join(as_typed(t) for t in tags if as_typed(t))
    for fmt, note_field in (("bibtex", "annote"), ("biblatex", "annotation")):
        text = format_citation(paper, fmt, state)
        (entry,) = pybtex.database.parse_string(text, "bibtex").entries.values()
        fields = entry.fields
        for field, typed in (("keywords", typed_tags), (note_field, as_typed(note))):
            assert braces_balanced(fields.get(field, ""))
            shown = LATEX_TO_TEXT.latex_to_text(fields.get(field, ""))
            assert as_bibtex_reads(shown) == typed, (field, fields.get(field))


@FAST
@given(title_text=any_text, note=st.text(text_chars, max_size=40))
def test_characters_left_out_are_reported(title_text: str, note: str) -> None:
    """Exactly the characters pdflatex cannot typeset are left out, and reported."""
    paper = make_paper(title_text, ["Ada Lovelace"])
    state = PaperState(paper.id, note=note)
    with collect_dropped() as dropped:
        text = format_citation(paper, "bibtex", state)
    (entry,) = pybtex.database.parse_string(text, "bibtex").entries.values()
    shown = as_bibtex_reads(LATEX_TO_TEXT.latex_to_text(entry.fields.get("annote", "")))
    reported = set(dropped[0].characters) if dropped else set()
    assert [d.paper_id for d in dropped] == ([paper.id] if reported else [])
    title_text, note = (unicodedata.normalize("NFC", t) for t in (title_text, note))
    assert reported <= set(title_text + note) - SAFE
    assert shown == as_typed("".join(c for c in as_typed(note) if c not in reported))


@FAST
@given(
    tags=st.lists(plain_text.filter(lambda t: "," not in t and ";" not in t), max_size=4),
    note=user_text,
)
def test_tags_and_note_round_trip(tags: list[str], note: str) -> None:
    """papertui's importer gets the tags and the note back, lines (blank ones too) kept."""
    tags = list(dict.fromkeys(" ".join(t.split()) for t in tags if t.strip()))
    paper = make_paper("A Title", ["Ada Lovelace"])
    state = PaperState(paper.id, tags=tuple(tags), note=note)
    for fmt in ("bibtex", "biblatex"):
        text = format_citation(paper, fmt, state)
        parse_one(text)
        (back,) = bibtex_importer.read(io.BytesIO(text.encode()), ReadContext(origin="<t>"))
        assert isinstance(back, Paper)
        assert back.extras.get("keywords", []) == tags
        lines = [" ".join(line.split()) for line in note.strip().splitlines()]
        assert back.extras.get("annote", "") == "\n".join(lines).strip()
