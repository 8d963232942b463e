"""`papertui pick` without the screen: the rows the picker lists, the keys it prints and
the output formats. (`ui/pick/` draws the picker; `cli/pick_cmd` runs it.)

Filtering uses the search index, not a scan of every title: the index answers a word
being typed (the last word is a prefix) over 100k papers in tens of milliseconds, ranks
by relevance, folds accents and knows the query language (`author:`, `tag:`, `year:`),
while a scan would first have to load and decode every paper's record, which takes
seconds at that size. Two things a citation picker needs on top: a bare year (`2017`)
filters by year, and the start of a key already in the `--bib` file finds that entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papertui.models import Paper
from papertui.paths import LibraryPaths
from papertui.texify import tex_to_unicode

if TYPE_CHECKING:
    from papertui.store.headings import Heading

OUTPUTS = ("key", "latex", "pandoc", "markdown", "bibtex")
SHOWN = 50  # rows listed for a query: the best matches
_KEPT = 2000  # keys made for the cursor kept (then forgotten)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class PickRow:
    id: str
    title: str
    authors: str  # "First Author et al."
    year: str
    key: str  # its key in the --bib file (or, without one, in a synced file), else ""


@dataclass(frozen=True)
class PickResults:
    query: str
    rows: list[PickRow]
    total: int
    notice: str | None = None


def pick_query(text: str) -> str:
    """The typed text as a search: bare years become `year:` filters. (Quoted text is
    left as it is.)"""
    if '"' in text:
        return text
    words = text.split(" ")
    return " ".join(f"year:{w}" if _YEAR.fullmatch(w) else w for w in words)


class PickSource:
    """The library as the picker sees it: store reads, the search index, the keys."""

    def __init__(self, paths: LibraryPaths, library: Any, bib: Path | None = None) -> None:
        self.paths = paths
        self.library = library
        self.index: Any = None  # papertui.search.index.SearchIndex, once open
        self._bib_keys: dict[str, str] = library.bib_keys(str(bib.resolve())) if bib else {}
        self._by_key = {key.casefold(): paper_id for paper_id, key in self._bib_keys.items()}
        self._bib = bib
        self._made: dict[str, str] = {}  # keys `cite_key` made for rows listed lately

    def close(self) -> None:
        if self.index is not None:
            self.index.close()

    def recent(self, limit: int = SHOWN) -> list[PickRow]:
        """The newest papers: what is listed before anything is typed."""
        nums = self.library.ordered_nums("date", limit)
        return self.rows(self.library.headings_by_nums(nums))

    def open_index(self) -> None:
        """Open the index and catch it up with the store (slow: run it in a worker)."""
        from papertui.search.index import SearchIndex
        from papertui.search.read_ahead import read_ahead
        from papertui.search.sync import ensure_index
        from papertui.store import Library

        index = SearchIndex(self.paths.index_dir)
        with Library(self.paths.store, readonly=True) as reader:
            ensure_index(reader, index, answers=False)  # (stale ones: searched live)
        read_ahead(index.index_dir)
        self.index = index

    def search(self, text: str, limit: int = SHOWN) -> PickResults:
        """The best `limit` papers for `text` (its last word may be unfinished)."""
        if not text.strip():
            rows = self.recent(limit)
            return PickResults(text, rows, self.library.count())
        from papertui.search.verify import IndexDamaged

        try:
            results = self._ask(text, limit)
        except IndexDamaged as exc:
            from papertui.search.sync import repair
            from papertui.store import Library

            with Library(self.paths.store, readonly=True) as reader:
                repair(reader, self.index, answers=False)
            results = replace(
                self._ask(text, limit), notice=f"the search index was damaged ({exc}); rebuilt it"
            )
        ids = [*self._key_matches(text), *(hit.id for hit in results.hits)]
        ids = list(dict.fromkeys(ids))[:limit]
        found = self.library.headings(ids)
        rows = self.rows([found[i] for i in ids if i in found])
        total = max(results.total, len(rows))
        return PickResults(text, rows, total, results.notice)

    def _ask(self, text: str, limit: int) -> Any:
        return self.index.search(pick_query(text), limit=limit, highlight_limit=0)

    def _key_matches(self, text: str) -> list[str]:
        """Papers of the --bib file whose key starts with the one word typed."""
        word = text.strip().casefold()
        if len(word) < 3 or " " in word or ":" in word:
            return []
        return [paper_id for key, paper_id in sorted(self._by_key.items()) if key.startswith(word)]

    def rows(self, headings: Sequence[Heading]) -> list[PickRow]:
        """Rows for these papers, with the keys they already have. (A new key takes a few
        milliseconds, TeX in the title rendered: `cite_key` makes the cursor's alone.)"""
        known = self._known_keys([h.id for h in headings])
        return [
            PickRow(h.id, tex_to_unicode(h.title), _first_author(h), str(h.year or ""),
                    known.get(h.id, ""))
            for h in headings
        ]  # fmt: skip

    def known_key(self, row: PickRow) -> str | None:
        """`row`'s key if it has one or `cite_key` made it, else None (nothing read)."""
        return row.key or self._made.get(row.id)

    def cite_key(self, row: PickRow) -> str:
        """The key `row`'s paper would be cited with (its own, or the arXiv-style one).
        Reads the paper from the store: call it off the screen's thread."""
        key = self.known_key(row)
        if key is None:
            from papertui.cite.keys import base_key

            paper = self.library.get(row.id)
            if len(self._made) > _KEPT:
                self._made = {}
            key = self._made[row.id] = base_key(paper) if paper is not None else ""
        return key

    def keys_for(self, papers: Sequence[Paper]) -> dict[str, str]:
        """Each paper's key: the one it has in the --bib file, else (without --bib) in any
        synced file, else the arXiv-style key, made unique among `papers`."""
        from papertui.cite.commands import cite_keys

        return cite_keys(papers, self._known_keys([p.id for p in papers]))

    def _known_keys(self, ids: list[str]) -> dict[str, str]:
        if self._bib:
            return self._bib_keys
        return self.library.bib_keys_anywhere(ids)


def _first_author(heading: Heading) -> str:
    if heading.first_author is None:
        return ""
    first = heading.first_author.display_name
    return f"{first} et al." if heading.more_authors else first


def render_choice(fmt: str, papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """What `papertui pick --format FMT` prints for the chosen papers, in order."""
    if fmt in ("key", "latex", "pandoc", "markdown"):
        from papertui.cite.commands import cite_command

        return cite_command("pandoc" if fmt == "markdown" else fmt, [keys[p.id] for p in papers])
    if fmt == "bibtex":
        from papertui.cite import FORMATS
        from papertui.cite.common import CiteItem

        render = FORMATS["bibtex"].render
        return "\n\n".join(render(CiteItem(p, None, keys[p.id])) for p in papers)
    raise ValueError(f"unknown output {fmt!r}; use one of {', '.join(OUTPUTS)}")
