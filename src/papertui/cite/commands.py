"""Citation commands for a manuscript (`\\cite{a,b}`, `[@a; @b]`, or the keys alone) and
the keys they use: the same for `papertui pick` and the reader's copy.

A paper keeps the key it already has in a .bib papertui wrote (the one given, else any
synced file); the others get the arXiv-style key, made unique among the papers cited
and the keys taken. Keys are ASCII letters and digits (`cite.keys`), so a title can put
nothing else into the command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from papertui.cite.keys import KeyMaker
from papertui.models import Paper

STYLES = ("key", "latex", "pandoc")
# the reader's copy formats for them: name -> (label, style)
COMMANDS: dict[str, tuple[str, str]] = {
    "cite-latex": ("LaTeX \\cite{…}", "latex"),
    "cite-pandoc": ("Pandoc [@…]", "pandoc"),
    "cite-key": ("Citation key", "key"),
}


def known_keys(library: Any, ids: Iterable[str], bib: Path | None = None) -> dict[str, str]:
    """{paper id: key} the papers already have: every key of the .bib `bib` when given,
    else the papers' keys in any synced .bib."""
    if bib is not None:
        return library.bib_keys(str(bib.resolve()))
    return library.bib_keys_anywhere(ids)


def cite_keys(papers: Sequence[Paper], known: Mapping[str, str]) -> dict[str, str]:
    """Each paper's key: its `known` one, else a new one no known key and no other of
    `papers` uses."""
    maker = KeyMaker(used=known.values())
    return {p.id: known.get(p.id) or maker.key_for(p) for p in papers}


def cite_command(style: str, keys: Sequence[str]) -> str:
    """`keys` as one citation in `style` (a `STYLES` name)."""
    if style == "key":
        return ",".join(keys)
    if style == "latex":
        return "\\cite{" + ",".join(keys) + "}"
    if style == "pandoc":
        return "[" + "; ".join(f"@{key}" for key in keys) + "]"
    raise ValueError(f"unknown citation command {style!r}; use one of {', '.join(STYLES)}")
