"""TeX as written by authors -> readable Unicode for display.

Accents (`\\'a`, `{\\"o}`), simple commands (`\\emph{x}`, `\\&`, `--`) become
Unicode; math (`$...$`) is kept verbatim, since rendering it would lie about it;
whitespace is normalised (arXiv hard-wraps titles and abstracts).

`tex_to_plain` is the stricter form for values that are plain text written as
TeX (BibTeX keywords, notes, journal names): every special-character escape
(`\\%`, `\\_`, `\\textbackslash{}`, `\\^{}`, ...) gives back its character, line
breaks are kept and `--` stays two hyphens.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")
# Quick check: only text with a backslash, brace, tilde, dash pair or quotes needs pylatexenc.
_TEX_HINT = re.compile(r"[\\{}~]|--|``|''")
# In metadata a bare % or & is meant literally ("50%", "R&D"); to TeX they are a
# comment and an alignment tab, which would cut or blank the text. Escape them.
_BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    # Imported on first use: most text has no TeX, and start-up time matters.
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


# Escapes of TeX's special characters -> the character (pylatexenc drops several).
_ESCAPED_CHARS = {
    "textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}",
    "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_",
    "textdollar": "$", "textpercent": "%", "textampersand": "&", "textbar": "|",
    "textless": "<", "textgreater": ">",
}  # fmt: skip
_ESCAPE = re.compile(
    r"\\(?:([&%#_${}])|([~^])\{\}|(" + "|".join(_ESCAPED_CHARS) + r")(?![A-Za-z])(?:\{\}| ?))"
)
# Stand-ins (private use) for characters pylatexenc must not see: decoded escapes,
# line breaks and hyphens (`--` would become a dash).
_PLACEHOLDER = 0xF0000
_KEEP = "\n-"


def _stand_in(char: str) -> str:
    return chr(_PLACEHOLDER + ord(char))


def _escaped(match: re.Match[str]) -> str:
    char = match.group(1) or match.group(2) or _ESCAPED_CHARS[match.group(3)]
    return _stand_in(char)


_RESTORE = {_PLACEHOLDER + ord(c): c for c in "&%#_${}~^" + "".join(_ESCAPED_CHARS.values())}
_RESTORE |= {_PLACEHOLDER + ord(c): c for c in _KEEP}
_PLAIN_HINT = re.compile(r"[\\{}~]|``|''")  # else only whitespace changes
_PROTECT = str.maketrans({c: _stand_in(c) for c in _KEEP})


def tex_to_plain(text: str) -> str:
    """Plain Unicode for text written as TeX; lines kept, spaces within a line normalised."""
    text = text.replace("\r\n", "\n")
    if _PLAIN_HINT.search(text):
        text = _ESCAPE.sub(_escaped, text.translate(_PROTECT))
        text = tex_to_unicode(text).translate(_RESTORE)
    return "\n".join(normalise_whitespace(line) for line in text.split("\n")).strip()


@lru_cache(maxsize=4096)
def tex_to_unicode(text: str) -> str:
    """Readable Unicode form of `text`; never raises, falls back to the input."""
    if not text:
        return ""
    if not _TEX_HINT.search(text):
        return normalise_whitespace(text)
    try:
        converted = _converter().latex_to_text(_BARE_SPECIAL.sub(r"\\\1", text))
    except Exception:  # pylatexenc is lenient, but never let bad TeX break display
        converted = text
    return normalise_whitespace(converted)
