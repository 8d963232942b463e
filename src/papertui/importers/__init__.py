"""Read papers from files and API responses.

    read_papers(path)                 # format sniffed from the content (gzip-aware)
    read_papers(path, "bibtex", category="cs")
    read_bytes_as(response_bytes, "arxiv-atom", origin=url)

Both yield `Paper` and `BadRecord` items; whole-file problems raise
`ImportFailed`, whose message is one line naming the file (and line/record).
Path problems (missing file, directory, empty file, unknown format) are raised
by the call itself, before iteration starts.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from papertui.importers import (
    arxiv_atom,
    arxiv_snapshot,
    bibtex,
    hf_api,
    hf_listing,
    papertui_json,
)
from papertui.importers.base import (
    GZIP_MAGIC,
    BadRecord,
    Importer,
    ImportFailed,
    ReadContext,
    Result,
    category_matcher,
    open_binary,
    oversized,
)
from papertui.importers.mojibake import repair
from papertui.importers.papertui_json import write_papertui_json
from papertui.models import ImportedPaper, Paper

__all__ = [
    "FORMATS",
    "BadRecord",
    "ImportFailed",
    "Importer",
    "detect_format",
    "read_bytes_as",
    "read_papers",
    "sniff_format",
    "write_papertui_json",
]

FORMATS: dict[str, Importer] = {
    "hf-listing": Importer(
        "hf-listing", hf_listing.SOURCE, "Hugging Face papers page saved as text", hf_listing.read
    ),
    "hf-api": Importer(
        "hf-api", hf_api.SOURCE, "Hugging Face papers API response (JSON)", hf_api.read
    ),
    "arxiv-atom": Importer(
        "arxiv-atom", arxiv_atom.SOURCE, "arXiv API response (Atom XML)", arxiv_atom.read
    ),
    "arxiv-snapshot": Importer(
        "arxiv-snapshot",
        arxiv_snapshot.SOURCE,
        "arXiv metadata snapshot (JSON lines, optionally gzipped)",
        arxiv_snapshot.read,
        filters_category=True,
    ),
    "bibtex": Importer("bibtex", bibtex.SOURCE, "BibTeX", bibtex.read),
    "papertui-json": Importer(
        "papertui-json", papertui_json.SOURCE, "papertui export (JSON)", papertui_json.read
    ),
}

SNIFF_BYTES = 64 * 1024  # snapshot lines with huge author lists can be long

# Most specific first: a papertui export may contain HF-looking keys in extras.
_SNIFFERS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("arxiv-atom", arxiv_atom.looks_like),
    ("papertui-json", papertui_json.looks_like),
    ("arxiv-snapshot", arxiv_snapshot.looks_like),
    ("hf-api", hf_api.looks_like),
    ("hf-listing", hf_listing.looks_like),
    ("bibtex", bibtex.looks_like),
)


def sniff_format(head: str) -> str | None:
    """The format name for the first few KB of a document (decoded), or None."""
    head = head.lstrip("\ufeff")
    if head.strip() == "[]":
        return "hf-api"  # an empty HF list (e.g. no papers featured that day)
    for name, looks_like in _SNIFFERS:
        if looks_like(head):
            return name
    return None


def _check_path(path: Path) -> None:
    if not path.exists():
        raise ImportFailed(path, "no such file")
    if path.is_dir():
        raise ImportFailed(path, "is a directory, not a file")
    if not path.is_file():
        raise ImportFailed(path, "not a regular file")


def _read_head(path: Path) -> bytes:
    try:
        with open_binary(path) as stream:
            data = stream.read(SNIFF_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise ImportFailed(path, f"corrupt or truncated gzip data: {exc}") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise ImportFailed(path, "empty file")
    return data


def detect_format(path: Path) -> str:
    """Sniff the format from the content (first KB, decompressed if gzip)."""
    path = Path(path)
    _check_path(path)
    head = _read_head(path).decode("utf-8", errors="replace")
    fmt = sniff_format(head)
    if fmt is None:
        raise ImportFailed(path, f"unknown format (known: {', '.join(FORMATS)})")
    return fmt


def _importer(fmt: str, origin: Path | str) -> Importer:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ImportFailed(
            origin, f"unknown format {fmt!r} (known: {', '.join(FORMATS)})"
        ) from None


def _repaired(result: Result) -> Result:
    """The result with mojibake repaired in its paper (an `ImportedPaper`'s too)."""
    if isinstance(result, ImportedPaper):
        return replace(result, paper=repair(result.paper))
    return repair(result) if isinstance(result, Paper) else result


def _run(importer: Importer, opener: Callable[[], BinaryIO], ctx: ReadContext) -> Iterator[Result]:
    matches = None
    if ctx.category and not importer.filters_category:
        matches = category_matcher(ctx.category)
    count = 0
    try:
        with opener() as stream:
            for result in importer.read(stream, ctx):
                paper = result.paper if isinstance(result, ImportedPaper) else result
                if (
                    matches is not None
                    and isinstance(paper, Paper)
                    and not matches(paper.categories)
                ):
                    continue
                count += 1
                problem = oversized(paper) if isinstance(paper, Paper) else ""
                yield BadRecord(f"paper {paper.id}", problem) if problem else _repaired(result)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        message = f"corrupt or truncated gzip data after {count} records: {exc}"
        raise ImportFailed(ctx.origin, message) from None
    except OSError as exc:
        raise ImportFailed(ctx.origin, f"cannot read file: {exc.strerror or exc}") from None


def read_papers(
    path: Path, fmt: str | None = None, *, category: str | None = None
) -> Iterator[Paper | ImportedPaper | BadRecord]:
    """Papers (and bad records) from a file; `fmt` None means sniff the content.

    `category` keeps papers in that category exactly (`cs.LG`) or by archive
    (`cs`, `hep-th`); papers without categories (HF sources) then never match.
    """
    path = Path(path)
    if fmt is None:
        fmt = detect_format(path)
    else:
        _importer(fmt, path)
        _check_path(path)
        _read_head(path)
    ctx = ReadContext(origin=path, file=path, category=category or None)
    return _run(_importer(fmt, path), lambda: open_binary(path), ctx)


def read_bytes_as(
    data: bytes, fmt: str, *, origin: str = "<response>"
) -> Iterator[Paper | ImportedPaper | BadRecord]:
    """Papers (and bad records) from an in-memory document, e.g. an API response."""
    importer = _importer(fmt, origin)

    def opener() -> BinaryIO:
        raw = io.BytesIO(data)
        if data[:2] == GZIP_MAGIC:
            return io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
        return raw

    if not data.strip():
        raise ImportFailed(origin, "empty response")
    return _run(importer, opener, ReadContext(origin=origin))
