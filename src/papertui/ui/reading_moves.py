"""Where the reading view's jumps go: pure functions of the document and the block
being read (no Textual), and in-paper search's state ("k of N matches")."""

from __future__ import annotations

from dataclasses import dataclass, field

from papertui.reading.document import Document, Figure, Heading, Table
from papertui.reading.find import Match, find

SECTIONS: tuple[type, ...] = (Heading,)
FLOATS: tuple[type, ...] = (Figure, Table)


def blocks_of(document: Document, kinds: tuple[type, ...]) -> list[int]:
    return [i for i, b in enumerate(document.blocks) if isinstance(b, kinds)]


def next_block(document: Document, kinds: tuple[type, ...], here: int, forward: bool) -> int:
    """The next (or previous) block of `kinds` after (before) block `here`; -1: none."""
    found = blocks_of(document, kinds)
    targets = [b for b in found if b > here] if forward else [b for b in found if b < here]
    if not targets:
        return -1
    return targets[0] if forward else targets[-1]


def section_entry(document: Document, here: int) -> int:
    """The outline entry of the section block `here` is in (the first before any)."""
    return max(0, sum(1 for block in blocks_of(document, SECTIONS) if block <= here) - 1)


@dataclass
class InPaperFind:
    query: str = ""
    matches: list[Match] = field(default_factory=list)
    current: int = -1  # index into matches

    def search(self, document: Document, query: str, texts: list[str], here: int) -> None:
        """Find `query` in the blocks' `texts`; the current match is the first from `here`."""
        self.query = query.strip()
        self.matches = find(document, query, texts)
        first = next((n for n, m in enumerate(self.matches) if m.block >= here), 0)
        self.current = first if self.matches else -1

    def step(self, by: int) -> bool:
        if not self.matches:
            return False
        self.current = (self.current + by) % len(self.matches)
        return True

    def status(self) -> str:
        """ "k of N matches", or why there is none ("" when nothing is searched)."""
        if not self.query:
            return ""
        if not self.matches:
            return f"no matches for {self.query}"
        return f"{self.current + 1} of {len(self.matches)} matches"
