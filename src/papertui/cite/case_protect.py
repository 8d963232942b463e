"""Braces that stop BibTeX styles from lower-casing what must keep its case.

Styles such as plain, abbrv and plainnat print titles in sentence case with
BibTeX's `change.case$`, which lower-cases every letter outside braces — math
included (`$O(N)$` -> `$o(n)$`, `$\\Delta$` -> `$\\delta$`) and a letter before
a symbol (`C#` -> `c#`). So these words are braced whole:

    acronyms and inner capitals   {LHC}, {HeadGaS}, {3D}, {GPT-4}
    a capital before # or +       {C#}, {F#}, {C++}
    math with a capital letter    {$O(N)$}, {$\\mathcal{O}(n^2)$}, {$k$-NN}

Words the source already braced, words with TeX commands outside math, and
everything inside braces are left as they are.
"""

from __future__ import annotations

import re

_MATH = re.compile(r"(?<!\\)\$[^$]*?(?<!\\)\$")
_LEAD = "([<\"'`"
_TRAIL = ".,;:!?)]>\"'"
_CAPITAL_BEFORE_SYMBOL = re.compile(r"[A-Z][#+]")


def _inner_capitals(text: str) -> bool:
    """Acronyms and inner capitals (LHC, HeadGaS, 3D) in any hyphen/slash part."""
    parts = re.split(r"[-/\s]", text)
    return any(any(c.isupper() for c in part[1:]) for part in parts if len(part) > 1)


def _needs_braces(core: str) -> bool:
    maths = _MATH.findall(core)
    text = _MATH.sub(" ", core)
    if any(c in text for c in "\\{}"):  # TeX commands or the source's own braces
        return False
    return (
        any(c.isupper() for math in maths for c in math)
        or _inner_capitals(text)
        or bool(_CAPITAL_BEFORE_SYMBOL.search(text))
    )


def _pieces(text: str, math_ok: bool) -> list[str]:
    """Words and the whitespace between them; math (`$...$`) never splits a word."""
    pieces: list[str] = []
    word_start = 0
    i = 0
    while i < len(text):
        match = _MATH.match(text, i) if math_ok and text[i] == "$" else None
        if match:
            i = match.end()
        elif text[i].isspace():
            end = i
            while end < len(text) and text[end].isspace():
                end += 1
            pieces += [text[word_start:i], text[i:end]]
            word_start = i = end
        else:
            i += 2 if text[i] == "\\" else 1
    pieces.append(text[word_start:])
    return [p for p in pieces if p]


def _depth_after(piece: str, depth: int) -> int:
    i = 0
    while i < len(piece):
        if piece[i] == "\\":
            i += 2
            continue
        depth = max(depth + (piece[i] == "{") - (piece[i] == "}"), 0)
        i += 1
    return depth


def protect_case(text: str) -> str:
    """TeX source text with the words a style must not lower-case braced."""
    math_ok = len(re.findall(r"(?<!\\)\$", text)) % 2 == 0
    depth = 0
    out: list[str] = []
    for piece in _pieces(text, math_ok):
        if depth == 0 and not piece.isspace():
            rest = piece.lstrip(_LEAD)
            core = rest.rstrip(_TRAIL)
            lead, trail = piece[: len(piece) - len(rest)], rest[len(core) :]
            if core and _needs_braces(core):
                piece = f"{lead}{{{core}}}{trail}"
        depth = _depth_after(piece, depth)
        out.append(piece)
    return "".join(out)
