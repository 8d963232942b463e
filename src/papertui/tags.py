"""The one rule for what a tag is, used wherever a tag enters: the CLI, the reader's
tag editor, the query language (`tag:`), imports and state files.

A tag is a single token: surrounding whitespace and a leading `+` go, inner runs
of whitespace become one `-` ("to read" -> "to-read"); case is kept for display
and ignored when comparing (`tag_key`).
"""

from __future__ import annotations


def normalise_tag(tag: str) -> str:
    return "-".join(tag.strip().lstrip("+").split())


def tag_key(tag: str) -> str:
    """What two tags are compared by: "To Read" and "to-read" are one tag."""
    return normalise_tag(tag).casefold()


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Each tag normalised, empty ones and later case-insensitive repeats dropped."""
    kept: dict[str, str] = {}
    for tag in tags:
        clean = normalise_tag(tag)
        if clean:
            kept.setdefault(clean.casefold(), clean)
    return tuple(kept.values())
