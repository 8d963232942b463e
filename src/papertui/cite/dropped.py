"""Characters left out of a BibTeX/BibLaTeX export, told to the person who asked.

`papertui.cite.texsafe` leaves out characters pdflatex cannot typeset (U+FFFD,
emoji, CJK). Each paper is rendered inside `rendering(paper_id)`, so what was
left out is known per paper. A caller that shows results to a person (the CLI,
the reader) wraps its formatting in `collect_dropped()` and says what was left
out; without one, each paper's losses are logged as a warning.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

log = logging.getLogger(__name__)

_paper_chars: ContextVar[list[str] | None] = ContextVar("papertui_dropped_chars", default=None)
_collected: ContextVar[list[Dropped] | None] = ContextVar("papertui_dropped", default=None)


def char_name(char: str) -> str:
    """ "U+FFFD REPLACEMENT CHARACTER" """
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


@dataclass(frozen=True)
class Dropped:
    """The characters (each once, in order of appearance) left out of one paper."""

    paper_id: str
    characters: tuple[str, ...]

    def describe(self) -> str:
        names = ", ".join(char_name(c) for c in self.characters)
        return f"{self.paper_id}: left out characters pdflatex cannot typeset: {names}"


def record(characters: Iterable[str]) -> None:
    """Note characters just left out (for the paper being rendered, else logged)."""
    chars = list(characters)
    sink = _paper_chars.get()
    if sink is not None:
        sink.extend(chars)
    elif chars:
        names = ", ".join(char_name(c) for c in dict.fromkeys(chars))
        log.warning("left out characters pdflatex cannot typeset: %s", names)


@contextmanager
def rendering(paper_id: str) -> Iterator[None]:
    """Attribute what is left out inside the block to `paper_id`, then report it."""
    chars: list[str] = []
    token = _paper_chars.set(chars)
    try:
        yield
    finally:
        _paper_chars.reset(token)
    if chars:
        found = Dropped(paper_id, tuple(dict.fromkeys(chars)))
        collected = _collected.get()
        if collected is None:
            log.warning("%s", found.describe())
        else:
            collected.append(found)


@contextmanager
def collect_dropped() -> Iterator[list[Dropped]]:
    """Collect (instead of logging) what papers rendered inside the block left out."""
    found: list[Dropped] = []
    token = _collected.set(found)
    try:
        yield found
    finally:
        _collected.reset(token)


def summary(dropped: Sequence[Dropped]) -> str:
    """One line for a message: which characters were left out, and of which paper."""
    chars = dict.fromkeys(c for found in dropped for c in found.characters)
    where = dropped[0].paper_id if len(dropped) == 1 else f"{len(dropped)} papers"
    names = ", ".join(char_name(c) for c in chars)
    return f"left out characters pdflatex cannot typeset ({where}): {names}"
