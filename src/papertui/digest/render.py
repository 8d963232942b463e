"""A digest as plain text or Markdown (HTML: `digest.html`). Titles, names and abstracts
are the papers' own text: in Markdown every character that could be markup is escaped."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from papertui.digest.collect import Digest, Item, Section

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-=]|\d+(?=[.)]))")
WIDTH = 78


def heading(digest: Digest) -> str:
    since = digest.since[:16].replace("T", " ") or "the beginning"
    return f"papertui digest, {digest.made[:10]}: new since {since} (UTC)"


def count_line(section: Section) -> str:
    shown = len(section.items)
    more = f" (and {section.more} more)" if section.more else ""
    return f"{shown + section.more} new{more}" if shown or more else "nothing new"


def render_text(digest: Digest) -> str:
    out = [heading(digest), ""]
    for section in (*digest.watches, digest.top):
        out += [f"== {section.name}: {count_line(section)}", ""]
        for item in section.items:
            out += _text_item(item)
    return "\n".join(out).rstrip() + "\n"


def _text_item(item: Item) -> list[str]:
    upvotes = f" [{item.upvotes} upvotes]" if item.upvotes else ""
    lines = textwrap.wrap(item.title + upvotes, WIDTH, initial_indent="* ", subsequent_indent="  ")
    lines += textwrap.wrap(item.authors, WIDTH, initial_indent="  ", subsequent_indent="  ")
    lines += textwrap.wrap(item.abstract, WIDTH, initial_indent="  ", subsequent_indent="  ")
    lines += [f"  {label}: {url}" for label, url in item.links]
    return [*lines, ""]


def md_escape(text: str) -> str:
    """Text that Markdown shows as written (no emphasis, links, HTML or lists)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def render_markdown(digest: Digest) -> str:
    out = [f"# {md_escape(heading(digest))}", ""]
    for section in (*digest.watches, digest.top):
        out += [f"## {md_escape(section.name)}: {count_line(section)}", ""]
        for item in section.items:
            upvotes = f" ({item.upvotes} upvotes)" if item.upvotes else ""
            links = " · ".join(f"[{label}](<{url}>)" for label, url in item.links)
            out += [f"### {md_escape(item.title)}{upvotes}", "", f"*{md_escape(item.authors)}*", ""]
            out += (
                [md_escape(item.abstract), "", links, ""]
                if links
                else [md_escape(item.abstract), ""]
            )
    return "\n".join(out).rstrip() + "\n"


def _render_html(digest: Digest) -> str:
    from papertui.digest.html import render_html

    return render_html(digest)


FORMATS: dict[str, Callable[[Digest], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": _render_html,
}


def render(digest: Digest, fmt: str) -> str:
    return FORMATS[fmt](digest)
