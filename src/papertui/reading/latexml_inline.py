"""Inline content of a LaTeXML page (an lxml element) → `Span`s of plain text.

Math becomes Unicode from its `alttext` where that is faithful, else the TeX in
its own style; `<cite>` links become citations of a bibliography key; footnotes
become a mark (their text is collected separately); only http(s) links survive
as links, anything else (`javascript:`, `data:`) is kept as its text only.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urljoin, urlsplit

from lxml import html

from papertui.reading.document import (
    CITE,
    EMPH,
    LINK,
    MATH,
    NOTE,
    PLAIN,
    REF,
    TEX,
    Footnote,
    Span,
    Spans,
)
from papertui.reading.math_text import tex_to_unicode
from papertui.sanitize import printable

_SPACES = re.compile(r"\s+")
Skip = Collection[str]  # classes of elements left out


def classes(element: html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def safe_url(base_url: str, href: str) -> str:
    """`href` made absolute against the page, if it is an http(s) URL; else ""."""
    url = urljoin(base_url, href.strip()) if base_url else href.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https") or (not scheme and not base_url and url and ":" not in url):
        return url
    return ""


def math_span(element: html.HtmlElement) -> Span:
    tex = element.get("alttext") or ""
    if not tex:  # the TeX annotation, else whatever text the MathML holds
        annotations = element.xpath(".//annotation[@encoding='application/x-tex']")
        tex = annotations[0].text_content() if annotations else element.text_content()
    tex = tex.strip()
    text = tex_to_unicode(tex)
    return Span(text, MATH) if text is not None else Span(" ".join(tex.split()), TEX)


class InlineReader:
    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url
        self.footnotes: list[Footnote] = []

    def spans(self, element: html.HtmlElement, *, skip: Collection[str] = ()) -> Spans:
        """The inline content of `element`; children with a class in `skip` are left out."""
        out: list[Span] = []
        self._walk(element, out, PLAIN, skip)
        return tidy(out)

    def text(self, element: html.HtmlElement, *, skip: Collection[str] = ()) -> str:
        """Plain text (footnote marks dropped)."""
        return "".join(s.text for s in self.spans(element, skip=skip) if s.style != NOTE).strip()

    def _walk(self, element: html.HtmlElement, out: list[Span], style: str, skip: Skip) -> None:
        if element.text:
            out.append(Span(element.text, style))
        for child in element:
            if isinstance(child.tag, str) and classes(child).isdisjoint(skip):
                self._child(child, out, style, skip)
            if child.tail:
                out.append(Span(child.tail, style))

    def _child(self, child: html.HtmlElement, out: list[Span], style: str, skip: Skip) -> None:
        tag, cls = child.tag, classes(child)
        if tag == "math":
            out.append(math_span(child))
        elif "ltx_note" in cls:
            self._footnote(child, out)
        elif tag == "a":
            self._link(child, out, style, skip)
        elif tag == "br":
            out.append(Span(" ", style))
        elif tag in ("em", "i") or "ltx_emph" in cls or "ltx_font_italic" in cls:
            self._walk(child, out, EMPH if style == PLAIN else style, skip)
        elif tag == "img":
            return
        else:
            self._walk(child, out, style, skip)

    def _link(self, child: html.HtmlElement, out: list[Span], style: str, skip: Skip) -> None:
        inner: list[Span] = []
        self._walk(child, inner, style, skip)
        text = "".join(s.text for s in inner)
        href = (child.get("href") or "").strip()
        if href.startswith("#") and len(href) > 1:
            target = href[1:]
            out.append(Span(text, CITE if target.startswith("bib.") else REF, target))
        elif url := safe_url(self.base_url, href) if href else "":
            out.append(Span(text, LINK, url))
        else:
            out.extend(inner)

    def _footnote(self, note: html.HtmlElement, out: list[Span]) -> None:
        marks = note.find_class("ltx_note_mark")
        number = marks[0].text_content().strip() if marks else str(len(self.footnotes) + 1)
        contents = note.find_class("ltx_note_content")
        if contents:
            text = self.text(contents[0], skip={"ltx_note_mark", "ltx_tag"})
            self.footnotes.append(Footnote(number, text))
        out.append(Span(number, NOTE, number))


def tidy(spans: list[Span]) -> Spans:
    """Whitespace collapsed, control characters made visible, neighbours of one style merged."""
    runs: list[tuple[str, str, list[str]]] = []  # (style, target, texts) of merged neighbours
    for span in spans:
        if runs and runs[-1][0] == span.style and runs[-1][1] == span.target:
            runs[-1][2].append(span.text)
        else:
            runs.append((span.style, span.target, [span.text]))
    merged: list[Span] = []
    for style, target, texts in runs:
        text = printable(_SPACES.sub(" ", "".join(texts)))
        if merged and merged[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            merged.append(Span(text, style, target))
    if merged:
        merged[0] = Span(merged[0].text.lstrip(), merged[0].style, merged[0].target)
        merged[-1] = Span(merged[-1].text.rstrip(), merged[-1].style, merged[-1].target)
    return tuple(s for s in merged if s.text)
