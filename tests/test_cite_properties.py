"""Property tests: any title/author/tag/note text yields BibTeX that parses back.

"Parses back to the same values" means: bibtexparser reads exactly one entry
whose fields are exactly the values papertui meant to write (nothing bleeds
into a neighbouring field, nothing is cut off by a brace, `%` or backslash),
braces balance the way BibTeX itself counts them, and what a reader sees (the
TeX rendered to Unicode) is what the user saw. papertui's own importer gets the
same title, names, tags and note back.
"""

from __future__ import annotations

import io
import re

import bibtexparser
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from papertui.cite import format_citation
from papertui.cite.bibtex import authors_field, title_field
from papertui.cite.common import title
from papertui.cite.tex import tex_display
from papertui.importers import bibtex as bibtex_importer
from papertui.importers.base import ReadContext
from papertui.models import Author, Paper, PaperState
from papertui.texify import tex_to_plain

SPECIALS = '&%#_^$~{}\\"@,=() \n\t'
text_chars = st.one_of(
    st.sampled_from(SPECIALS),
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
)
any_text = st.text(text_chars, min_size=1, max_size=40).filter(lambda t: t.strip())
# Plain text: what a user or a Hugging Face listing types; no TeX commands (nor the
# `--` and `''` ligatures, which every TeX reader, papertui's display included, renders).
plain_text = st.text(
    st.one_of(st.sampled_from("&%#_ ,.:-?!'"), st.characters(categories=("L", "N"))),
    min_size=1,
    max_size=40,
).filter(lambda t: any(c.isalnum() for c in t) and "--" not in t and "''" not in t)
name_text = st.text(
    st.one_of(st.sampled_from(" .-'{}\\&"), st.characters(categories=("L",))),
    min_size=1,
    max_size=25,
).filter(lambda t: any(c.isalpha() for c in t))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
        assert braces_balanced(fields["title"])
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
@given(title_text=any_text, names=st.lists(name_text, min_size=1, max_size=3))
def test_papertui_importer_reads_the_same_paper(title_text: str, names: list[str]) -> None:
    paper = make_paper(title_text, names)
    assume(any(c.isalnum() for c in title(paper)))  # a title shows something ("{}" does not)
    text = format_citation(paper, "bibtex")
    (back,) = bibtex_importer.read(io.BytesIO(text.encode()), ReadContext(origin="<t>"))
    assert isinstance(back, Paper)
    assert back.arxiv_id == paper.arxiv_id
    assert title(back) == title(paper)
    assert len(back.authors) == len(paper.authors)


@FAST
@given(
    tags=st.lists(plain_text.filter(lambda t: "," not in t and ";" not in t), max_size=4),
    note=st.text(text_chars, max_size=80),
)
def test_tags_and_note_round_trip(tags: list[str], note: str) -> None:
    tags = list(dict.fromkeys(" ".join(t.split()) for t in tags if t.strip()))
    paper = make_paper("A Title", ["Ada Lovelace"])
    state = PaperState(paper.id, tags=tuple(tags), note=note)
    text = format_citation(paper, "bibtex", state)
    fields = parse_one(text)
    (back,) = bibtex_importer.read(io.BytesIO(text.encode()), ReadContext(origin="<t>"))
    assert isinstance(back, Paper)
    assert back.extras.get("keywords", []) == tags
    if note.strip():
        assert braces_balanced(fields["annote"])
        # the importer reads the note as TeX (the exporter escapes what TeX would change)
        assert back.extras.get("annote", "") == tex_to_plain(fields["annote"])
        if not re.search(r"[\\{}~$^]|''|``", note):  # nothing TeX would change: as typed
            expected = "\n".join(" ".join(line.split()) for line in note.strip().splitlines())
            assert back.extras["annote"] == expected.strip()
