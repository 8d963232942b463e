"""Keep a project's .bib file in step with a tag, a reading list or a query.

papertui owns one block of the file, between two marker lines; everything
outside it (your own entries, @string macros, comments) is kept byte for byte.
The end marker carries a checksum of the block: a block edited by hand is
refused (nothing is written) unless `force`, so an edit is never silently lost.
A paper keeps the key it was first given in a file (the store remembers it), and
new keys avoid every key already used in the file. The file is written atomically.

Papers added with `papertui pick --bib FILE` (`add_to_bib`) are listed in the block
(one `% papertui: picked ID` line each) and kept by every later sync, whatever it
selects: a paper cited while writing never disappears from the .bib under the text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papertui import atomic
from papertui.cite import FORMATS
from papertui.cite.common import CiteItem
from papertui.cite.keys import KeyMaker
from papertui.models import Paper

BEGIN_MARK = "% papertui: begin synced entries"
END_MARK = "% papertui: end synced entries"
BEGIN = f"{BEGIN_MARK} (papertui bib sync rewrites this block; edit outside it)"
END = f"{END_MARK}, sha256 "
PICKED = "% papertui: picked "
_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
_NOT_ENTRIES = {"comment", "string", "preamble"}


class BibSyncError(ValueError):
    """The file cannot be synced as it is; the message names the file and line."""


@dataclass(frozen=True)
class SyncReport:
    entries: int  # papertui's entries now in the file
    added: int  # entries that were not in the block before
    removed: int  # entries the block had that are gone
    yours: int  # entries outside the block, kept as they were
    keys: dict[str, str]  # {paper id: key} of papertui's entries
    picked: int = 0  # of `entries`, papers added by `papertui pick`, kept whatever is selected


@dataclass(frozen=True)
class _Parts:
    before: str
    block: str | None  # None: the file has no papertui block yet
    after: str


def entry_keys(text: str) -> dict[str, int]:
    """{key: line number} of the entries in BibTeX `text`."""
    return {
        match[2]: text.count("\n", 0, match.start()) + 1
        for match in _ENTRY.finditer(text)
        if match[1].lower() not in _NOT_ENTRIES
    }


def _checksum(block: str) -> str:
    return hashlib.sha256(block.encode("utf-8")).hexdigest()


def _split(text: str, path: Path, *, force: bool) -> _Parts:
    lines = text.splitlines(keepends=True)
    begins = [n for n, line in enumerate(lines) if line.startswith(BEGIN_MARK)]
    ends = [n for n, line in enumerate(lines) if line.startswith(END_MARK)]
    if not begins and not ends:
        return _Parts(text, None, "")
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        where = ", ".join(str(n + 1) for n in sorted(begins + ends))
        raise BibSyncError(
            f"{path}: lines {where}: papertui's begin/end marker lines are not one pair; "
            "fix or remove them (nothing was written)"
        )
    begin, end = begins[0], ends[0]
    block = "".join(lines[begin + 1 : end])
    written = lines[end].strip()[len(END) :]
    if written != _checksum(block) and not force:
        raise BibSyncError(
            f"{path}:{begin + 2}: the papertui block was edited by hand since the last sync; "
            "move your entries outside the marker lines (they are kept there), or pass --force "
            "to overwrite the block (nothing was written)"
        )
    return _Parts("".join(lines[:begin]), block, "".join(lines[end + 1 :]))


def sync_bib(
    path: Path, papers: list[Paper], library: Any, *, fmt: str = "bibtex", force: bool = False
) -> SyncReport:
    """Write `papers`, and the papers picked into the file before, into papertui's block
    of the .bib at `path` (created if missing)."""
    text = _read(path)
    parts = _split(text, path, force=force)
    picked = _picked_papers(parts.block, library)
    return _write(path, parts, [*papers, *picked], [p.id for p in picked], library, fmt)


def add_to_bib(path: Path, papers: Sequence[Paper], library: Any) -> SyncReport:
    """Add `papers` to papertui's block of the .bib at `path`, keeping the entries it has
    (in the format they were written in); they count as picked from now on."""
    text = _read(path)
    parts = _split(text, path, force=False)
    block = parts.block or ""
    in_block = set(entry_keys(block))
    members = [i for i, key in library.bib_keys(_file_id(path)).items() if key in in_block]
    current = list(library.get_many(members).values())
    picked = [*_picked_papers(parts.block, library), *papers]
    fmt = "biblatex" if re.search(r"^\s*eprinttype\s*=", block, re.MULTILINE) else "bibtex"
    return _write(path, parts, [*current, *papers], [p.id for p in picked], library, fmt)


def check_bib(path: Path) -> None:
    """Raise BibSyncError if papertui could not write to the .bib at `path` now."""
    if not path.parent.is_dir():
        raise BibSyncError(f"{path}: the directory {path.parent} does not exist")
    _split(_read(path), path, force=False)


def _file_id(path: Path) -> str:
    return str(path.resolve())


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError as exc:
        raise BibSyncError(f"{path}: not UTF-8 text ({exc.reason}); nothing was written") from None
    except IsADirectoryError:
        raise BibSyncError(f"{path}: is a directory, not a .bib file") from None


def _picked_papers(block: str | None, library: Any) -> list[Paper]:
    """The papers `papertui pick` added to the block (followed through merges)."""
    lines = (block or "").splitlines()
    ids = [line[len(PICKED) :].strip() for line in lines if line.startswith(PICKED)]
    current = library.canonical_ids(ids)
    found = library.get_many(current.values())
    return [found[current[i]] for i in ids if current[i] in found]


def _write(
    path: Path, parts: _Parts, papers: list[Paper], picked: list[str], library: Any, fmt: str
) -> SyncReport:
    papers = list({p.id: p for p in papers}.values())
    file_id = _file_id(path)
    theirs = entry_keys(parts.before + parts.after)
    stored = library.bib_keys(file_id)
    keys, new = _assign_keys(path, papers, stored, theirs)
    render = FORMATS[fmt].render
    entries = sorted((keys[p.id], render(CiteItem(p, None, keys[p.id]))) for p in papers)
    marks = "".join(f"{PICKED}{paper_id}\n" for paper_id in dict.fromkeys(picked))
    block = "".join(entry + "\n\n" for _, entry in entries).rstrip("\n")
    block = marks + (block + "\n" if block else "")
    before = parts.before
    if parts.block is None and before:
        before = before.rstrip("\n") + "\n\n"
    atomic.write_text(path, f"{before}{BEGIN}\n{block}{END}{_checksum(block)}\n{parts.after}")
    library.remember_bib_keys(file_id, new)
    old = set(entry_keys(parts.block or ""))
    now = {key for key, _ in entries}
    count = len(dict.fromkeys(picked))
    return SyncReport(len(entries), len(now - old), len(old - now), len(theirs), keys, count)


def _assign_keys(
    path: Path, papers: list[Paper], stored: dict[str, str], theirs: dict[str, int]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each paper's key (its stored one, or a new one no other entry uses) and the new ones."""
    keys: dict[str, str] = {}
    maker = KeyMaker(used=[*stored.values(), *theirs])
    new: dict[str, str] = {}
    for paper in papers:
        key = stored.get(paper.id)
        if key is None:
            key = new[paper.id] = maker.key_for(paper)
        elif key in theirs:
            raise BibSyncError(
                f"{path}:{theirs[key]}: your entry {key!r} uses the key papertui gave to "
                f"{paper.id} in this file; rename yours (nothing was written)"
            )
        keys[paper.id] = key
    return keys, new
