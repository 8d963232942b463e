"""Untrusted text (titles, abstracts, authors from the internet) made safe to print.

Control characters (C0 except tab/newline, DEL, C1, which include ESC and CSI) and the
bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: they
make a terminal show text in another order than it is, U+202E reversing it) are replaced
by visible placeholders in text output, and written as `\\uXXXX` escapes in JSON output
(where nothing is lost: a JSON reader gets the text back exactly).
"""

from __future__ import annotations

import json
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# what json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself)
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\N{REPLACEMENT CHARACTER}"


def printable(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters shown as symbols (␛ for ESC); tabs become spaces."""
    cleaned = _CONTROL.sub(_placeholder, text).replace("\t", " ")
    if single_line:
        cleaned = " ".join(cleaned.split())
    return cleaned


def printable_lines(text: str) -> str:
    """Text of several lines (a citation, a BibTeX file) with controls shown as symbols;
    tabs and newlines kept."""
    return _CONTROL.sub(_placeholder, text)


SHOWN_CHARS = 100_000  # more is never shown (wrapping 60 MB froze the reader for minutes)


def shortened(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text`, or its first `limit` characters and a line saying how long it is."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… (truncated, {len(text):,} characters)"


def escape_in_json(text: str) -> str:
    """JSON text with the characters above as `\\uXXXX` (they occur only inside strings)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_text(value: object, *, indent: int | None = None) -> str:
    """`value` as JSON (UTF-8 kept readable) that is safe to show in a terminal."""
    return escape_in_json(json.dumps(value, ensure_ascii=False, indent=indent))
