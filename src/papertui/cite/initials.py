"""Given names as CSL styles print them, by citeproc-js's rules (`CSL.Util.Names`).

    initials("Jean-Paul") -> "J.-P."    APA (initialize-with ". ")
    normalised("C.-P.")   -> "C. P."    MLA, Chicago (initialize="false": full
                                        names kept, only initials respaced)

Porting the reference engine's rules (rather than inventing similar ones) is
what makes papertui's text match the official styles run by citeproc-js.
"""

from __future__ import annotations

import re

_LATIN = "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
_STARTS_ROMANESQUE = re.compile(rf"^[&{_LATIN}\u1f00-\u1fff\u0600-\u06ff\u200c-\u200e]")
_ROMANESQUE = re.compile(rf"[-0-9{_LATIN}\u1f00-\u1fff\u0600-\u06ff\u200c-\u200e]")
_INITIAL = re.compile(
    r"^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
    r"\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4"
    r"\u03f7\u03fd-\u03ff])([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff"
    r"\u0370-\u03ff\u1f00-\u1fff]*|)(\.)*"
)
_SEPARATOR = re.compile(r"([-\s]+)")
TERMINATOR = ". "


def _pieces(name: str) -> list[str] | None:
    """[word, separator, word, ...], or None for a name that is not in a Latin-like script."""
    if name in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(name):
        return None
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", name))
    name = re.sub(r"-([a-z])", "\u2013\\1", name)  # "Kang-il": one given name, not two
    name = re.sub(r"\.(?=[^ ])", ". ", name)
    pieces = _SEPARATOR.split(name)
    if len(pieces) == 1:
        tail = re.search(r"[^.]+$", pieces[0])
        if tail and len(tail.group()) == 1 and tail.group() != tail.group().lower():
            pieces[0] += "."
    return pieces


def _tidy(text: str) -> str:
    text = re.sub(r"[\t\n\v\f\r \ufeff\u00a0]+$", "", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub("\u2013([a-z])", r"-\1", re.sub(r"[\t\n\v\f\r ]+", " ", text))


def normalised(given: str) -> str:
    """Full given names kept; initials spaced and stopped ("C.-P." -> "C. P.")."""
    pieces = _pieces(given)
    if pieces is None:
        return given
    abbrev = []
    for i, piece in enumerate(pieces):
        if len(piece) > 1 and piece.endswith("."):
            pieces[i] = re.sub(r"^(.*)\.(.*)$", r"\1\2", piece)
            abbrev.append(True)
        else:
            abbrev.append(len(piece) == 1 and piece.upper() == piece)
    last = len(pieces) - 1
    for i in range(0, len(pieces), 2):
        if not abbrev[i]:
            continue
        if i < last - 1:
            if not abbrev[i + 2]:
                pieces[i + 1] += " "
            if len(pieces[i + 2]) > 1:
                pieces[i + 1] = TERMINATOR + pieces[i + 1]
            else:
                pieces[i + 1] = TERMINATOR
        if i == last:
            pieces[i] += TERMINATOR
    return _tidy("".join(pieces))


def initials(given: str) -> str:
    """Given names as initials: "Jean-Paul" -> "J.-P.", "B. Scott" -> "B. S."."""
    pieces = _pieces(given)
    if pieces is None:
        return given
    last = len(pieces) - 1
    for i in range(0, len(pieces), 2):
        word = pieces[i]
        match = _INITIAL.match(word) if word else None
        if match and match.group(1)[0] == match.group(1)[0].upper():
            head, rest = match.group(1), match.group(2)
            if rest and match.group(3):  # "Ch." stays "Ch."
                head, rest = head + rest, ""
            caps = ""
            for char in rest:
                if char != char.upper():
                    break
                caps += char
            pieces[i] = head + (caps.lower() if len(caps) < len(rest) else "")
            if i < last:
                has_hyphen = "-" in pieces[i + 1]
                pieces[i + 1] = TERMINATOR + ("-" if has_hyphen else "")
            else:
                pieces.append(TERMINATOR)
        elif word and _ROMANESQUE.search(word) and (not match or not match.group(3)):
            pieces[i] = " " + word
    return _tidy("".join(pieces))
