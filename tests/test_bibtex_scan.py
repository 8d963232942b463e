"""The streaming BibTeX scanner: syntax, line numbers and bounded memory across chunks."""

from __future__ import annotations

import io
from collections.abc import Iterator

import bibtexparser
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from papertui.importers.base import ImportFailed, ReadContext, text_chunks
from papertui.importers.bibtex_scan import Malformed, RawEntry, _Scanner, scan_blocks

SYNTAX = r"""Free text before the first entry: mail me at someone@example.org {or not}.
@comment{jabref-meta: databaseType:bibtex;}
@preamble{"\newcommand{\noop}[1]{}"}
@String{ proc = "Proceedings of the" }
@string(conf = proc # { {ACM} Conference})

@InProceedings{ concat2020 ,
  Title = "Quoted with {"}inner{"} quotes and {braces}",
  booktitle = conf # " on Things",
  year = 2020, month = jun,
  abstract = {Line one
@ the start of a line is text, and so is @misc without a brace;
  nested {a {b} c} and an escaped \} brace},
}
@misc(parens, title = {In (round) parentheses}, note = undefined)
@misc{empty,}
"""


def _chunks(text: str, lines_per_chunk: int) -> Iterator[str]:
    lines = text.splitlines(keepends=True)
    for i in range(0, len(lines), lines_per_chunk):
        yield "".join(lines[i : i + lines_per_chunk])


@pytest.mark.parametrize("lines_per_chunk", [1, 2, 3, 1000])
def test_syntax_is_read_the_same_in_any_chunking(lines_per_chunk: int) -> None:
    blocks = list(scan_blocks(_chunks(SYNTAX, lines_per_chunk)))
    assert blocks == [
        RawEntry(
            "inproceedings",
            "concat2020",
            {
                "title": 'Quoted with {"}inner{"} quotes and {braces}',
                "booktitle": "Proceedings of the {ACM} Conference on Things",
                "year": "2020",
                "month": "June",
                "abstract": "Line one\n@ the start of a line is text, and so is @misc without "
                "a brace;\n  nested {a {b} c} and an escaped \\} brace",
            },
            7,
        ),
        RawEntry("misc", "parens", {"title": "In (round) parentheses", "note": "undefined"}, 15),
        RawEntry("misc", "empty", {}, 16),
    ]


BROKEN = """@misc{one, title = {First}}
@article{open, title = {Never closed,
  abstract = {still inside}
@misc{two, title = {Second}}
@misc{three title = {No comma}}
@misc{four, title = {Fourth}} @misc{four, title = {Again}}
@misc{, title = {No key}}
@string{m = {x}} @misc{five, title = "Unclosed quote}
"""


@pytest.mark.parametrize("lines_per_chunk", [1, 4, 1000])
def test_broken_blocks_name_their_file_line(lines_per_chunk: int) -> None:
    blocks = list(scan_blocks(_chunks(BROKEN, lines_per_chunk)))
    assert [b.key if isinstance(b, RawEntry) else (b.line, b.message) for b in blocks] == [
        "one",
        (2, "entry open: field title: not closed before the block at line 4"),
        "two",
        (5, "entry three: expected `,` or `}`, found `t`"),
        "four",
        (6, "entry four: duplicate key (first at line 6)"),
        (7, "@misc without a key"),
        (8, 'entry five: field title: `"` missing before the end of the file'),
    ]


def test_macros_and_keys_are_kept_across_the_whole_file() -> None:
    head = "@string{j = {Journal of Tests}}\n@misc{k1, title = {A}}\n"
    filler = "".join(f"@misc{{f{i}, title = {{Filler {i}}}}}\n" for i in range(200))
    tail = "@misc{k2, journal = j, title = {B}}\n@misc{k1, title = {Again}}\n"
    blocks = list(scan_blocks(_chunks(head + filler + tail, 7)))
    assert blocks[-2] == RawEntry("misc", "k2", {"journal": "Journal of Tests", "title": "B"}, 203)
    assert blocks[-1] == Malformed(204, "entry k1: duplicate key (first at line 2)")


def test_the_scanner_holds_one_chunk_and_one_entry_not_the_file() -> None:
    entry = "@misc{{e{0},\n  title = {{Entry {0}}},\n  abstract = {{{1}}},\n}}\n"
    text = "".join(entry.format(i, "word " * (i % 50)) for i in range(2000))
    longest = max(len(entry.format(i, "word " * (i % 50))) for i in range(50))
    data = text.encode()
    scanner = _Scanner(text_chunks(io.BytesIO(data), ReadContext("<t>"), size=512))
    held = count = 0
    for block in scanner.blocks():
        assert isinstance(block, RawEntry)
        held = max(held, len(scanner.text))
        count += 1
    assert count == 2000
    assert len(data) > 100 * (512 + longest)
    assert held <= 512 + 2 * longest  # a chunk, the entry it cuts, and a line


def test_a_never_closed_brace_does_not_grow_the_buffer_past_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("papertui.importers.bibtex_scan.MAX_BLOCK_CHARS", 2000)
    text = "@misc{a, title = {Open\n" + "more text\n" * 1000 + "@misc{b, title = {B}}\n"
    scanner = _Scanner(_chunks(text, 10))
    blocks = []
    held = 0
    for block in scanner.blocks():
        blocks.append(block)
        held = max(held, len(scanner.text))
    assert blocks[0] == Malformed(1, "entry longer than 2,000 characters (a `}` missing?)")
    assert blocks[1] == RawEntry("misc", "b", {"title": "B"}, 1002)
    assert held <= 2000 + 10 * len("more text\n")


def test_text_chunks_end_at_line_ends_and_report_bad_utf8_by_file_position() -> None:
    data = ("\ufeff" + "".join(f"line {i} é\n" for i in range(300))).encode()
    chunks = list(text_chunks(io.BytesIO(data), ReadContext("<t>"), size=64))
    assert len(chunks) > 20 and all(c.endswith("\n") for c in chunks)
    assert "".join(chunks) == data.decode("utf-8-sig")
    bad = data.replace("line 200 é".encode(), b"line 200 \xff")
    with pytest.raises(ImportFailed) as info:
        list(text_chunks(io.BytesIO(bad), ReadContext("refs.bib"), size=64))
    assert info.value.location == "line 201"
    offset = bad.index(b"\xff")
    assert info.value.message == f"not valid UTF-8: byte 0xff at byte offset {offset}"


# ---- the same values as bibtexparser ----------------------------------------------------

value_text = st.text(st.sampled_from('ab {}\\"@,=#%\n\t)('), max_size=30)


def _well_formed(value: str, quoted: bool) -> bool:
    """Braces balance (`\\{`, `\\}` do not count) and a quoted value has no `"`.
    (BibTeX allows `"` inside braces in a quoted value; bibtexparser ends the value
    there, so those are checked against BibTeX's rule on their own, below.)"""
    depth = 0
    for i, char in enumerate(value):
        if i and value[i - 1] == "\\":
            continue
        depth += (char == "{") - (char == "}")
        if depth < 0 or (quoted and char == '"'):
            return False
    return depth == 0 and not value.endswith("\\")


@settings(max_examples=200, deadline=None)
@given(values=st.lists(value_text, min_size=1, max_size=3), quoted=st.booleans())
def test_values_read_as_bibtexparser_reads_them(values: list[str], quoted: bool) -> None:
    """For well-formed values (bibtexparser also accepts some broken ones), the same fields."""
    assume(all(_well_formed(v, quoted) for v in values))
    opener, closer = ('"', '"') if quoted else ("{", "}")
    body = ",\n".join(f"  f{i} = {opener}{v}{closer}" for i, v in enumerate(values))
    text = f"@misc{{key,\n{body},\n}}\n@misc{{after, title = {{After}}}}\n"
    library = bibtexparser.parse_string(text)
    assume(not library.failed_blocks and len(library.entries) == 2)
    expected = [{f.key: f.value for f in e.fields} for e in library.entries]
    for lines_per_chunk in (1, 1000):
        blocks = list(scan_blocks(_chunks(text, lines_per_chunk)))
        assert [b.fields if isinstance(b, RawEntry) else b for b in blocks] == expected


def test_a_quote_inside_braces_does_not_end_a_quoted_value() -> None:
    text = '@misc{key, f0 = "{="} and {"}", title = {T}}\n'
    (entry,) = scan_blocks(_chunks(text, 1000))
    assert isinstance(entry, RawEntry)
    assert entry.fields["f0"] == '{="} and {"}'  # as BibTeX reads it
