"""Values that are valid in BibTeX files and in the LaTeX they end up in.

Titles and names keep the TeX the source gave (arXiv metadata is TeX), but bare
`&`, `%`, `#` (and `_`, `^` outside math) are escaped, unbalanced braces and
dollars are neutralised, and control characters are made visible. Braces are
balanced the way BibTeX counts them (escaped braces count too) and no brace
directly follows a backslash unless it is escaped (as bibtexparser reads it),
so BibTeX, biber and bibtexparser all see the same value. Unicode stays as is:
arXiv's own export is UTF-8 and so is every modern BibTeX toolchain.
"""

from __future__ import annotations

import re
from functools import lru_cache

from papertui.sanitize import printable

_ALWAYS = frozenset("&%#")
_TEXT_ONLY = {"_": "\\_", "^": "\\^{}"}
_LBRACE, _RBRACE = "\\textbraceleft{}", "\\textbraceright{}"
# Escapes pylatexenc renders wrongly (as nothing), mapped to forms it renders right.
_CARET = "\ue000"  # stands in for `\^{}` while pylatexenc runs
_DISPLAY_FIXES = ((_LBRACE, "\\{"), (_RBRACE, "\\}"), ("\\^{}", _CARET))


def _tokens(text: str) -> list[str]:
    """Split into TeX tokens: `\\command`, `\\x` escapes, or single characters."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            j = i + 2
            if text[i + 1].isalpha():
                while j < len(text) and text[j].isalpha():
                    j += 1
            tokens.append(text[i:j])
            i = j
        else:
            tokens.append(char)
            i += 1
    return tokens


def _balance(tokens: list[str], opener: str, closer: str, left: str, right: str) -> None:
    """Replace `opener`/`closer` tokens that have no partner by `left`/`right` (in place)."""
    stack: list[int] = []
    for i, token in enumerate(tokens):
        if token == opener:
            stack.append(i)
        elif token == closer:
            if stack:
                stack.pop()
            else:
                tokens[i] = right
    for i in stack:
        tokens[i] = left


def tex_value(text: str, *, escape_scripts: bool = True) -> str:
    """TeX source text (a title, a name) made safe for a braced BibTeX field.

    `escape_scripts=False` leaves `_` and `^` outside math alone (for display only).
    """
    tokens = _tokens(printable(text, single_line=True))
    dollars = tokens.count("$")
    in_math = False
    for i, token in enumerate(tokens):
        if token == "$":
            if dollars % 2:
                tokens[i] = "\\$"
            else:
                in_math = not in_math
        elif token in _ALWAYS:
            tokens[i] = "\\" + token
        elif token in _TEXT_ONLY and not in_math and escape_scripts:
            tokens[i] = _TEXT_ONLY[token]
        elif token == "\\":  # a lone backslash at the very end
            tokens[i] = "\\textbackslash{}"
    _balance(tokens, "{", "}", _LBRACE, _RBRACE)
    _balance(tokens, "\\{", "\\}", _LBRACE, _RBRACE)
    for i, token in enumerate(tokens):
        if token == "\\\\" and (i + 1 == len(tokens) or tokens[i + 1] in "{}"):
            tokens[i] = "\\\\ " if i + 1 < len(tokens) else ""
    return "".join(tokens).strip()


_SUPERSCRIPT = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ", strict=True))
_SUBSCRIPT = dict(zip("0123456789+-=()aeijkmnopstx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₘₙₒₚₛₜₓ", strict=True))
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|([0-9A-Za-z+\-]))")
_MATH = re.compile(r"(?<!\\)\$([^$]*)\$")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not U+00A0: `~` is a no-break space on purpose


def _script(match: re.Match[str]) -> str:
    table = _SUPERSCRIPT if match.group(1) == "^" else _SUBSCRIPT
    body = match.group(2) if match.group(2) is not None else match.group(3)
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    return match.group(0)


def _unicode_scripts(text: str) -> str:
    """`$n^2$` -> `$n²$`, `$x_{ij}$` -> `$xᵢⱼ$` where Unicode has every character."""
    return _MATH.sub(lambda m: "$" + _SCRIPT.sub(_script, m.group(1)) + "$", text)


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@lru_cache(maxsize=4096)
def tex_display(text: str) -> str:
    """Readable Unicode for TeX source text, math included: `$\\mathcal{O}(n^2)$` -> `𝒪(n²)`.

    pylatexenc reads a bare `%` as a comment and `&` as an alignment tab ("R&D
    {X} at 100%" -> "R D X at 100"), so the text is first made valid the same
    way as for BibTeX. `~` becomes a no-break space.
    """
    valid = tex_value(text, escape_scripts=False)
    for escaped, plain in _DISPLAY_FIXES:
        valid = valid.replace(escaped, plain)
    try:
        shown = _converter().latex_to_text(_unicode_scripts(valid))
    except Exception:  # pylatexenc is lenient, but never let bad TeX break a citation
        shown = valid
    shown = printable(shown.replace(_CARET, "^"))
    return _SPACES.sub(" ", shown).strip()


def raw_value(text: str) -> str:
    """Text that must stay verbatim (url, doi), only made structurally safe for BibTeX.

    Unbalanced braces become parentheses; a backslash before a brace or at the
    end gets a space after it (else bibtexparser would read the brace as escaped
    while BibTeX counts it). Importers strip the value, so a final `\\` survives.
    """
    tokens = list(text.replace("\r\n", "\n").strip())
    _balance(tokens, "{", "}", "(", ")")
    for i, token in enumerate(tokens):
        if token == "\\" and (i + 1 == len(tokens) or tokens[i + 1] in "{}"):
            tokens[i] = "\\ "
    return "".join(tokens)
