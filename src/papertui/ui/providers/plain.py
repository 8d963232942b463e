"""Palette hits whose label and help are shown as they are, never read as markup:
tags, paper data and the user's key bindings may hold `[` (a tag named `[/]`
would otherwise end the palette with a MarkupError)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

Callback = Callable[[], Any]


def highlighted(matcher: Matcher, label: str) -> Content:
    """`label` with the characters the query matched styled (`Matcher.highlight`,
    which reads its candidate as markup, without the markup)."""
    content = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def hit(matcher: Matcher, score: float, label: str, run: Callback, help: str = "") -> Hit:
    return Hit(score, highlighted(matcher, label), run, text=label, help=escape(help) or None)


def discovery_hit(label: str, run: Callback, help: str = "") -> DiscoveryHit:
    return DiscoveryHit(Content(label), run, text=label, help=escape(help) or None)
