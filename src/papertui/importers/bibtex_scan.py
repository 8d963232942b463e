"""BibTeX blocks, one at a time, from text that arrives in chunks (bounded memory).

    for block in scan_blocks(chunks):   # chunks: str pieces that end at a line end
        RawEntry(kind, key, fields, line) or Malformed(line, message)

Handles `@string` macros (kept for the whole file), `#` concatenation, the
standard month macros, braced and quoted values with nested braces, `@comment`,
`@preamble` and free text between entries. A value that is never closed ends
at the next line that starts a block (`@misc{...`, as bibtexparser and BibTeX
tools recover); that entry is reported as `Malformed` with the line of its `@`.
Only the current chunk and the entry being read are held, plus the macros and
the keys seen (for duplicate keys across the file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_BLOCK_CHARS = 16 * 1024 * 1024  # one entry larger than this is a broken file

_BLOCK_START = re.compile(r"@[ \t]*([A-Za-z]\w*)[ \t]*([{(])")  # `@example.org {` is text
_LINE_BLOCK_START = re.compile(r"(?m)^[ \t]*@[ \t]*[A-Za-z]\w*[ \t]*[{(]")
_SPACE = re.compile(r"\s*")
_KEY = re.compile(r"\s*([^\s,{}()\"=#]*)\s*")
_NAME = re.compile(r"([^\s\"#%'(),={}]+)\s*")
_SIMPLE_BRACED = re.compile(r"\{([^{}@]*)\}")  # the common case: no nesting
# After a comma, the common field in one match: `name = {value}` (braces nested at most
# once: `{BERT}`, `{\\"o}`), `"value"`, a number or a macro, then a `,` or closing
# delimiter must follow. Possessive quantifiers: no backtracking on long abstracts.
_GROUP = r"\{[^{}@]*+\}"
_SIMPLE_FIELD = re.compile(
    r"\s*+([^\s\"#%'(),={}]++)\s*+=\s*+"
    rf"(?:\{{((?:[^{{}}@]++|{_GROUP})*+)\}}"
    rf"|\"((?:[^\"{{}}@]++|{_GROUP})*+)\""
    r"|([^\s\"#%'(),={}]++))\s*+"
)
_BRACE = re.compile(r"(?<!\\)[{}]")
_BRACE_OR_QUOTE = re.compile(r'(?<!\\)[{}"]')
_BRACE_OR_PAREN = re.compile(r"(?<!\\)[{})]")
_FIELD_ENDS = (",", "}", ")")
_NUMBER_OR_MACRO = re.compile(r"[^\s\"#%'(),={}]+")
_MONTH_MACROS = {
    month[:3].lower(): month
    for month in (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RawEntry:
    kind: str  # lower case: "article", "misc", ...
    key: str
    fields: dict[str, str]  # lower-case names; values without delimiters, macros resolved
    line: int  # file line of the entry's `@`


@dataclass(frozen=True, slots=True)
class Malformed:
    line: int  # file line of the block's `@`
    message: str


class _NeedMore(Exception):
    """The block runs past the text read so far."""


class _Broken(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


class _Scanner:
    def __init__(self, chunks: Iterable[str]) -> None:
        self._chunks = iter(chunks)
        self.text = ""
        self.eof = False
        self.base_line = 1  # file line of text[0]; text always starts at a line start
        self._line_pos = 0  # line-number cursor: text[_line_pos] is on line _line_no
        self._line_no = 1
        self.macros: dict[str, str] = dict(_MONTH_MACROS)
        self.keys: dict[str, int] = {}  # entry key -> line of its first entry

    # ---- the buffer ----------------------------------------------------------

    def line_at(self, pos: int) -> int:
        if pos < self._line_pos:
            self._line_pos, self._line_no = 0, self.base_line
        self._line_no += self.text.count("\n", self._line_pos, pos)
        self._line_pos = pos
        return self._line_no

    def refill(self, keep_from: int) -> int:
        """Drop the lines before the one holding `keep_from`, add a chunk; -> new `keep_from`."""
        cut = self.text.rfind("\n", 0, keep_from) + 1
        self.base_line += self.text.count("\n", 0, cut)
        self.text = self.text[cut:]
        self._line_pos, self._line_no = 0, self.base_line
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
        else:
            self.text += chunk
        return keep_from - cut

    def char(self, pos: int) -> str:
        """The character at `pos`; "" at the end of the file."""
        if pos < len(self.text):
            return self.text[pos]
        if self.eof:
            return ""
        raise _NeedMore

    # ---- blocks ----------------------------------------------------------------

    def blocks(self) -> Iterator[RawEntry | Malformed]:
        pos = 0
        after_error = False  # free text after a broken block: only a line start begins a block
        while True:
            pattern = _LINE_BLOCK_START if after_error else _BLOCK_START
            found = pattern.search(self.text, pos)
            if found is None:
                if self.eof:
                    return
                pos = self.refill(len(self.text))
                continue
            at = found.start()  # the `@`, or the start of its line after an error
            start = self.text.index("@", at)
            try:
                block, pos = self.block(start)
                after_error = False
            except _NeedMore:
                if len(self.text) - at <= MAX_BLOCK_CHARS:
                    pos = self.refill(at)
                    continue
                too_long = f"entry longer than {MAX_BLOCK_CHARS:,} characters (a `}}` missing?)"
                block = Malformed(self.line_at(start), too_long)
                pos, after_error = start + 1, True
            except _Broken as exc:
                block = Malformed(self.line_at(start), exc.message)
                pos, after_error = start + 1, True
            if block is not None:
                yield block

    def block(self, start: int) -> tuple[RawEntry | Malformed | None, int]:
        """The block whose `@` is at `start`, and the position after it."""
        head = _BLOCK_START.match(self.text, start)
        assert head is not None
        kind = head.group(1).lower()
        closing = "}" if head.group(2) == "{" else ")"
        pos = head.end()
        if kind in ("comment", "preamble"):
            marks = _BRACE if closing == "}" else _BRACE_OR_PAREN
            return None, self.closing(pos, marks, closing, f"@{kind}") + 1
        if kind == "string":
            try:
                name, value, pos = self.field(pos)
            except _Broken as exc:
                raise _Broken(f"@string: {exc.message}") from None
            self.macros[name] = value
            return None, self.expect_end(pos, closing)
        found = _KEY.match(self.text, pos)
        assert found is not None
        key = found.group(1)
        if not key:
            raise _Broken(f"@{kind} without a key")
        try:
            return self.entry(kind, key, found.end(), closing, self.line_at(start))
        except _Broken as exc:
            raise _Broken(f"entry {key}: {exc.message}") from None

    def entry(
        self, kind: str, key: str, pos: int, closing: str, line: int
    ) -> tuple[RawEntry | Malformed, int]:
        """The fields from `pos` (just after the key) to the closing delimiter."""
        text, fields = self.text, {}
        separator = self.char(pos)
        while separator == ",":
            simple = _SIMPLE_FIELD.match(text, pos + 1)
            if simple is not None:  # most fields: one match, no deep nesting, no `#`
                end = simple.end()
                after = text[end : end + 1]
                name, braced, quoted, word = simple.groups()
                value = braced if braced is not None else quoted
                if after in _FIELD_ENDS and not (
                    value is not None and "\\" in value and _has_escaped_brace(value)
                ):
                    name, pos, separator = name.lower(), end, after
                    if name in fields:
                        raise _Broken(f"field {name} given twice")
                    fields[name] = self.macro(word) if value is None else value
                    continue
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if self.char(pos) == closing:
                separator = closing
                break
            name, value, pos = self.field(pos)
            if name in fields:
                raise _Broken(f"field {name} given twice")
            fields[name] = value
            separator = self.char(pos)
        if separator != closing:
            raise _Broken(f"expected `,` or `{closing}`, found {_shown(separator)}")
        if key in self.keys:
            first = self.keys[key]
            return Malformed(line, f"entry {key}: duplicate key (first at line {first})"), pos + 1
        self.keys[key] = line
        return RawEntry(kind, key, fields, line), pos + 1

    def expect_end(self, pos: int, closing: str) -> int:
        pos = _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]
        found = self.char(pos)
        if found != closing:
            raise _Broken(f"@string: expected `{closing}`, found {_shown(found)}")
        return pos + 1

    def field(self, pos: int) -> tuple[str, str, int]:
        """`name = value` at `pos` -> (lower-case name, value, position after the value)."""
        pos = _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]
        found = _NAME.match(self.text, pos)
        if found is None:
            raise _Broken(f"expected a field name, found {_shown(self.char(pos))}")
        name, pos = found.group(1).lower(), found.end()
        if self.char(pos) != "=":
            raise _Broken(f"field {name}: expected `=`, found {_shown(self.char(pos))}")
        pieces: list[str] = []
        while True:
            pos = _SPACE.match(self.text, pos + 1).end()  # type: ignore[union-attr]
            piece, pos = self.piece(pos, name)
            pieces.append(piece)
            pos = _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]
            if self.char(pos) != "#":
                return name, "".join(pieces), pos

    def piece(self, pos: int, name: str) -> tuple[str, int]:
        """One braced, quoted, numeric or macro part of a value -> (text, end)."""
        char = self.char(pos)
        if char == "{":
            simple = _SIMPLE_BRACED.match(self.text, pos)
            if simple and not simple.group(1).endswith("\\"):  # `\}` is no closing brace
                return simple.group(1), simple.end()
            end = self.closing(pos + 1, _BRACE, "}", f"field {name}")
            return self.text[pos + 1 : end], end + 1
        if char == '"':
            end = self.closing(pos + 1, _BRACE_OR_QUOTE, '"', f"field {name}")
            return self.text[pos + 1 : end], end + 1
        found = _NUMBER_OR_MACRO.match(self.text, pos)
        if found is None:
            raise _Broken(f"field {name}: expected a value, found {_shown(char)}")
        self.char(found.end())  # a name cut by the end of the text read so far
        return self.macro(found.group()), found.end()

    def macro(self, word: str) -> str:
        """A number as it is, a macro's value, or an undefined macro's own name."""
        return word if word.isdigit() else self.macros.get(word.lower(), word)

    def closing(self, pos: int, marks: re.Pattern[str], closer: str, what: str) -> int:
        """Index of the `closer` that ends a value opened just before `pos` (depth 0)."""
        depth = 0
        for mark in marks.finditer(self.text, pos):
            char = mark.group()
            if char == "{":
                depth += 1
            elif depth and char == "}":
                depth -= 1
            elif char == closer and not depth:
                end = mark.start()
                self.no_block_inside(pos, end, what)
                return end
        self.no_block_inside(pos, len(self.text), what)
        if not self.eof:
            raise _NeedMore
        raise _Broken(f"{what}: `{closer}` missing before the end of the file")

    def no_block_inside(self, start: int, end: int, what: str) -> None:
        inside = _LINE_BLOCK_START.search(self.text, start, end)
        if inside:
            line = self.line_at(inside.start())
            raise _Broken(f"{what}: not closed before the block at line {line}")


def _has_escaped_brace(value: str) -> bool:
    """`\\{`, `\\}` (or a final `\\` before the closing brace) are no braces to bibtexparser."""
    return "\\{" in value or "\\}" in value or value.endswith("\\")


def _shown(char: str) -> str:
    return f"`{char}`" if char else "the end of the file"


def scan_blocks(chunks: Iterable[str]) -> Iterator[RawEntry | Malformed]:
    """Entries and broken blocks of a BibTeX text given as chunks ending at line ends."""
    return _Scanner(chunks).blocks()
