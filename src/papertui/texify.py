"""TeX as written by authors -> readable Unicode for display.

Accents (`\\'a`, `{\\"o}`), simple commands (`\\emph{x}`, `\\&`, `--`) become
Unicode; math (`$...$`) is kept verbatim, since rendering it would lie about it;
whitespace is normalised (arXiv hard-wraps titles and abstracts).
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


# Text-mode symbols pylatexenc gets wrong: `\textbraceleft` renders as nothing and
# `\textasciicircum` as a modifier letter; LaTeX prints "{", "}" and "^".
_TEXT_SYMBOLS = (("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^"))


@lru_cache(maxsize=1)
def _text_converter():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    db = get_default_latex_context_db()
    macros = [MacroTextSpec(name, text) for name, text in _TEXT_SYMBOLS]
    db.add_context_category("papertui-text-symbols", macros=macros, prepend=True)
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=False)


def tex_to_text(text: str) -> str:
    """The plain text of a TeX field written for people (BibTeX `keywords`, `annote`).

    Escapes and accents become the characters they print (`50\\%` -> `50%`,
    `\\textasciitilde{}` -> `~`); lines are kept (spaces in each normalised), and
    a line of `{}` is a blank line, as papertui's export writes one.
    """
    if not _TEX_HINT.search(text):
        converted = text
    else:
        try:
            converted = _text_converter().latex_to_text(_BARE_SPECIAL.sub(r"\\\1", text))
        except Exception:  # never let bad TeX lose the user's text
            converted = text
    return "\n".join(normalise_whitespace(line) for line in converted.strip().splitlines())
