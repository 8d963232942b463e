"""Shared pieces of the importers: result/error types, the reader context, helpers.

Every importer is a function `read(stream, ctx)` that yields `Paper` objects and
`BadRecord`s (records that could not be read; the caller decides whether to go
on) and raises `ImportFailed` when the file as a whole cannot be read.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from papertui.ids import normalise_doi
from papertui.models import ImportedPaper, Paper

GZIP_MAGIC = b"\x1f\x8b"
MAX_WHOLE_FILE_BYTES = 200 * 1024 * 1024  # formats parsed in one piece are capped
MAX_LINE_BYTES = 16 * 1024 * 1024  # one JSON-lines record; real ones are a few kB
# A record past these is broken or hostile (a 60 MB abstract froze the reader): refused
# like any bad record. Real ones: abstracts ~2k characters, collaborations ~5k authors.
MAX_CHARS = {"title": 10_000, "abstract": 1_000_000, "comment": 100_000, "journal_ref": 100_000}
MAX_AUTHORS = 20_000
NESTED_TOO_DEEPLY = "invalid JSON: nested too deeply (lists or objects inside each other)"


@dataclass(frozen=True)
class BadRecord:
    """A record that could not be read; import continues only with --skip-invalid."""

    location: str  # "line 12", "record 3", "entry smith2020", ...
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ImportFailed(Exception):
    """The file as a whole cannot be imported. `str(exc)` is one line."""

    def __init__(self, path: Path | str, message: str, location: str = "") -> None:
        self.path = Path(path)
        self.origin = str(path)  # as given: a URL stays intact in messages
        self.message = " ".join(message.split())  # always a single line
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.location:
            return f"{self.origin}:{self.location}: {self.message}"
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class ReadContext:
    """What a reader knows besides the bytes."""

    origin: Path | str  # named in messages: the file, or "<response>" / a URL
    file: Path | None = None  # the real file on disk, when there is one (for sibling files)
    category: str | None = None  # readers that can filter cheaply do so; others are filtered after

    def fail(self, message: str, location: str = "") -> ImportFailed:
        return ImportFailed(self.origin, message, location)


Result = Paper | ImportedPaper | BadRecord
ReadFn = Callable[[BinaryIO, ReadContext], Iterator[Result]]


@dataclass(frozen=True)
class Importer:
    name: str  # the format name used on the command line
    source: str  # the SOURCE_RANK name put in Paper.sources
    description: str
    read: ReadFn
    filters_category: bool = False  # True when `read` applies ctx.category itself


# ---- streams ----------------------------------------------------------------


def open_binary(path: Path) -> BinaryIO:
    """Open `path` for reading, transparently decompressing gzip (by magic bytes)."""
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    if magic == GZIP_MAGIC:
        return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"), buffer_size=1 << 20)  # type: ignore[arg-type]
    return raw


def read_capped(stream: BinaryIO, ctx: ReadContext, limit: int | None = None) -> bytes:
    """Read the whole stream, refusing more than `limit` bytes (this format is read whole)."""
    if limit is None:
        limit = MAX_WHOLE_FILE_BYTES
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ctx.fail(
            f"file is larger than {_size(limit)}; this format is read whole "
            "(split the file, or use the arXiv snapshot JSON-lines format for bulk data)"
        )
    return data


def capped_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[bytes | int]:
    """The stream's lines; a line longer than `limit` bytes comes as its length instead
    (read past in pieces: memory stays bounded however long the line is)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        skipped = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            skipped += len(line)
        yield skipped


def text_chunks(stream: BinaryIO, ctx: ReadContext, size: int = 1 << 20) -> Iterator[str]:
    """The stream as UTF-8 text (BOM dropped) in pieces of about `size` bytes that end at
    line ends (a longer line is one piece); bad UTF-8 fails naming the line and byte offset."""
    carry = b""
    offset = 0  # byte offset of `carry` in the file
    line = 1  # line of the first byte of `carry`
    while True:
        data = stream.read(size)
        if not data:
            piece, carry = carry, b""
        else:
            data = carry + data
            cut = data.rfind(b"\n") + 1
            piece, carry = data[:cut], data[cut:]
        try:
            text = piece.decode("utf-8-sig" if offset == 0 else "utf-8")
        except UnicodeDecodeError as exc:
            bad = piece[exc.start : exc.start + 1].hex()
            where = line + piece.count(b"\n", 0, exc.start)
            message = f"not valid UTF-8: byte 0x{bad} at byte offset {offset + exc.start}"
            raise ctx.fail(message, f"line {where}") from None
        if text:
            yield text
        if not data:
            return
        offset += len(piece)
        line += piece.count(b"\n")


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit} bytes"


def decode_utf8(data: bytes, ctx: ReadContext, *, line_offset: int = 0) -> str:
    """Decode UTF-8 (a BOM is dropped) or fail naming the line and byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise utf8_failure(data, exc, ctx, line_offset=line_offset) from None


def utf8_failure(
    data: bytes, exc: UnicodeDecodeError, ctx: ReadContext, *, line_offset: int = 0
) -> ImportFailed:
    line = line_offset + data.count(b"\n", 0, exc.start) + 1
    bad = data[exc.start : exc.start + 1].hex()
    return ctx.fail(f"not valid UTF-8: byte 0x{bad} at byte offset {exc.start}", f"line {line}")


# ---- field helpers ------------------------------------------------------------


def is_iso_date(text: str) -> bool:
    return (
        len(text) == 10
        and text[4] == "-"
        and text[7] == "-"
        and text[:4].isdigit()
        and text[5:7].isdigit()
        and text[8:10].isdigit()
    )


def iso_date(text: object) -> str:
    """`YYYY-MM-DD` from an ISO date or timestamp (`2025-09-04T21:26:31.000Z`), else ""."""
    if not isinstance(text, str):
        return ""
    head = text.strip()[:10]
    return head if is_iso_date(head) else ""


def month_from_arxiv_id(arxiv_id: str) -> str:
    """`YYYY-MM` for a new-style id (`2312.02902` -> `2023-12`), else ""."""
    if len(arxiv_id) >= 9 and arxiv_id[4] == "." and arxiv_id[:4].isdigit():
        yy, mm = int(arxiv_id[:2]), int(arxiv_id[2:4])
        if 1 <= mm <= 12 and yy >= 7:  # new-style ids began in 0704
            return f"{2000 + yy:04d}-{mm:02d}"
    return ""


def clean(value: object) -> str:
    """A stripped string, "" for None and non-strings."""
    return value.strip() if isinstance(value, str) else ""


_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")


def bare_doi(text: str) -> str:
    """The DOI without URL/`doi:` prefix, case kept; "" if it is not a DOI."""
    text = text.strip()
    if not normalise_doi(text):
        return ""
    lower = text.lower()
    for prefix in (*_DOI_PREFIXES, "doi:"):
        if lower.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def category_matcher(category: str) -> Callable[[tuple[str, ...] | list[str]], bool]:
    """Match a category exactly (`cs.LG`) or by archive (`cs` matches `cs.*`, `hep-th`)."""
    category = category.strip()
    if "." in category:
        return lambda cats: category in cats
    prefix = category + "."
    return lambda cats: any(c == category or c.startswith(prefix) for c in cats)


def oversized(paper: Paper) -> str:
    """What makes `paper` too big to import ('' if nothing)."""
    for name, limit in MAX_CHARS.items():
        length = len(getattr(paper, name))
        if length > limit:
            return f"{name} has {length:,} characters (at most {limit:,}); not imported"
    if len(paper.authors) > MAX_AUTHORS:
        return f"{len(paper.authors):,} authors (at most {MAX_AUTHORS:,}); not imported"
    return ""


def json_failure(exc: ValueError | RecursionError, text: str, ctx: ReadContext) -> ImportFailed:
    """A one-line ImportFailed for a whole-document JSON error, naming the line."""
    if isinstance(exc, RecursionError):
        return ctx.fail(NESTED_TOO_DEEPLY)
    if isinstance(exc, json.JSONDecodeError):
        # "Unterminated string" means the closing quote was never found before the end.
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            last_line = text.rstrip().count("\n") + 1
            return ctx.fail("truncated JSON: unexpected end of file", f"line {last_line}")
        return ctx.fail(f"invalid JSON: {exc.msg} (column {exc.colno})", f"line {exc.lineno}")
    return ctx.fail(f"invalid JSON: {exc}")
