"""Untrusted text (titles, abstracts, author names) made safe for the terminal.

Everything shown in the UI that came from an import goes through here: control
characters and escape sequences are removed or replaced, and the result is a
`rich.text.Text` (never a markup string), so `[bold]` or `[link=...]` in a
title is shown literally and can never style or break the screen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (imported when used: `clean` serves the picker before rich is loaded)
    from rich.style import Style
    from rich.text import Text

# ANSI / VT escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL|ST), other ESC x.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC (hyperlinks, titles)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS / SOS / PM / APC
    r"|\x1b[@-Z\\-_]?"  # two-byte escapes, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_WHITESPACE = re.compile(r"[\t\n\r\v\f\u2028\u2029\x85]+")
_MULTISPACE = re.compile(r" {2,}")


def clean(text: str, *, multiline: bool = False) -> str:
    """Drop escape sequences and control characters; fold whitespace.

    With `multiline`, paragraph breaks (blank lines) survive; single newlines
    become spaces. Otherwise the result is a single line.
    """
    if not text:
        return ""
    if not text.isprintable():  # (fast path: no escape, control, newline or odd space)
        text = _ESCAPES.sub("", text)
        if multiline:
            paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
            return "\n\n".join(p for p in (clean(p) for p in paragraphs) if p)
        text = _WHITESPACE.sub(" ", text)
        if not text.isprintable():
            text = "".join(ch for ch in text if _printable(ch))
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    return text.strip()


def _printable(ch: str) -> bool:
    if ch == " ":
        return True
    category = unicodedata.category(ch)
    # Cc: control, Cs: surrogates, Co: private use is fine; Cf (format) mostly
    # invisible bidi overrides, which can reorder the screen: drop them too.
    return category not in ("Cc", "Cs", "Cf") or ch in "\u200d"  # keep ZWJ (emoji)


def safe_text(text: str, style: str | Style = "", *, multiline: bool = False) -> Text:
    """A `Text` holding `text` literally (markup not interpreted), cleaned."""
    from rich.text import Text

    return Text(clean(text, multiline=multiline), style=style, end="")


_SINGLE_FOLD = {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "’": "'"}


def _fold_char(ch: str) -> str:
    """One character, accents removed and lower-cased, still ONE character."""
    if ch.isascii():
        return ch.lower()
    base = unicodedata.normalize("NFKD", ch)[:1].lower()
    return _SINGLE_FOLD.get(base, base) if len(base) == 1 else ch


def fold(text: str) -> str:
    """Accent-folded, lower-cased copy of `text` with the same length (offsets match)."""
    return "".join(_fold_char(ch) for ch in text)


def highlight_terms(text: Text, terms: Iterable[str], style: str | Style) -> Text:
    """Style the words of `text` that match the search's index `terms`, in place.

    Uses the search layer's own matcher (stems, accent folding), so `prune`
    marks `pruning`. Without the search package, falls back to case- and
    accent-insensitive word-prefix matching.
    """
    wanted = frozenset(t.strip() for t in terms if t and t.strip())
    if not wanted:
        return text
    try:
        from papertui.search.highlight import mark
    except ImportError:
        return _highlight_prefixes(text, wanted, style)
    offset = 0
    for paragraph in text.plain.split("\n"):
        spans = mark(paragraph, wanted)
        if sum(len(part) for part, _ in spans) != len(paragraph):
            _highlight_prefixes(text, wanted, style)  # text was not pre-cleaned
            return text
        pos = offset
        for part, is_match in spans:
            if is_match:
                text.stylize(style, pos, pos + len(part))
            pos += len(part)
        offset += len(paragraph) + 1
    return text


def _highlight_prefixes(text: Text, terms: Iterable[str], style: str | Style) -> Text:
    words = sorted({fold(t) for t in terms}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*")
    for match in pattern.finditer(fold(text.plain)):
        text.stylize(style, match.start(), match.end())
    return text
