"""Every BibTeX/BibLaTeX export of the golden sample parses with pybtex and bibtexparser.

Two independent parsers must read the same entries, keys and field values
(pybtex reads a field as BibTeX does, runs of whitespace as one space), and the
author lists must split into the paper's authors: nothing bleeds into a
neighbouring field and no name is cut or glued to the next one.
"""

from __future__ import annotations

import re

import bibtexparser
import pybtex.database
import pytest

from cite_sample import every_state, load_sample
from papertui.cite import format_many
from papertui.models import Paper

MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> list[Paper]:
    return load_sample()


def bibtex_reads(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("with_state", [False, True], ids=["citation", "library-export"])
def test_both_parsers_read_the_same_export(sample: list[Paper], fmt: str, with_state: bool) -> None:
    states = every_state(sample) if with_state else None
    text = format_many(sample, fmt, states=states)
    ours = bibtexparser.parse_string(text)
    assert not ours.failed_blocks
    theirs = pybtex.database.parse_string(text, "bibtex")
    assert [e.key for e in ours.entries] == list(theirs.entries.keys())
    assert len(ours.entries) == len(sample)
    for entry, paper in zip(ours.entries, sample, strict=True):
        other = theirs.entries[entry.key]
        assert entry.entry_type == other.type
        fields = {f.key.lower(): f.value for f in entry.fields}
        month = fields.pop("month", None)
        if month is not None:  # a macro: bibtexparser keeps `jan`, pybtex expands it
            expanded = other.fields["month"].lower()
            assert expanded in MONTHS and expanded[:3] == month
        authors = fields.pop("author", None)
        assert {k.lower() for k in other.fields} - {"month"} == set(fields)
        for key, value in fields.items():
            assert bibtex_reads(other.fields[key]) == bibtex_reads(value), (entry.key, key)
        people = other.persons.get("author", [])
        assert len(people) == len([a for a in paper.authors if a.name.strip()]), entry.key
        assert (authors is None) == (not people)
        state = states.get(paper.id) if states else None
        assert ("keywords" in fields) == bool(state and state.tags)
        assert ({"annote", "annotation"} & set(fields) != set()) == bool(state and state.note)
