"""Untrusted text (titles, abstracts, authors from the internet) made safe to print.

Control characters (C0 except tab/newline, DEL, C1, which include ESC and CSI)
are replaced by visible placeholders so they can never move the cursor, change
colours or ring the bell.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\N{REPLACEMENT CHARACTER}"


def printable(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters shown as symbols (␛ for ESC); tabs become spaces."""
    cleaned = _CONTROL.sub(_placeholder, text).replace("\t", " ")
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned
