"""A LaTeXML HTML page (arXiv HTML, ar5iv) → `Document`, with lxml's HTML parser.

Scripts, styles, iframes and embedded objects are removed before anything is read;
what remains is read as text (see `latexml_inline`). The page chrome around the
`ltx_document` article (arXiv's header, navigation, footer) is ignored.
"""

from __future__ import annotations

from lxml import etree, html

from papertui.reading.document import (
    MATH,
    TEX,
    Block,
    Document,
    Equation,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Reference,
    Span,
    Table,
    Theorem,
)
from papertui.reading.errors import ReadingError
from papertui.reading.latexml_inline import InlineReader, classes, math_span, safe_url, tidy
from papertui.reading.math_text import tex_to_unicode
from papertui.reading.reference_ids import extract_ids

_DROPPED = ("script", "style", "iframe", "noscript", "object", "embed", "template", "frame",
            "frameset", "applet", "link", "base", "form", "button", "input", "svg")  # fmt: skip
_SECTION_LEVELS = {"ltx_chapter": 1, "ltx_section": 1, "ltx_appendix": 1, "ltx_subsection": 2,
                   "ltx_subsubsection": 3, "ltx_paragraph": 4, "ltx_subparagraph": 4}  # fmt: skip
_SKIPPED = {"ltx_page_footer", "ltx_page_header", "ltx_pagination", "ltx_TOC", "ltx_dates",
            "ltx_classification", "ltx_keywords", "ltx_role_pagestyle"}  # fmt: skip
_BLOCK_TAGS = {"p", "div", "section", "table", "figure", "ul", "ol", "dl", "article", "blockquote"}


def parse_latexml(data: bytes, *, base_url: str = "", source: str = "") -> Document:
    """The document in a LaTeXML page; ReadingError when the page is not one."""
    try:
        root = html.document_fromstring(data)
    except (etree.LxmlError, ValueError) as exc:
        raise ReadingError(f"the page from {source or 'the server'} is not HTML ({exc})") from None
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    # <article class="ltx_document"> as LaTeXML writes it; any element with the class else.
    found = [a for a in root.iter("article") if "ltx_document" in classes(a)]
    found = found or root.find_class("ltx_document")
    if not found:
        raise ReadingError(f"the page from {source or 'the server'} holds no LaTeXML paper")
    reader = _PageReader(base_url)
    reader.blocks_of(found[0])
    if not (reader.blocks or reader.abstract):
        raise ReadingError(f"the page from {source or 'the server'} holds no text of a paper")
    notes = ()
    if not data.rstrip().lower().endswith(b"</html>"):
        notes = ("the page ended early: the text may be incomplete",)
    return Document(
        title=reader.title,
        authors=tuple(reader.authors),
        abstract=tuple(reader.abstract),
        blocks=reader.blocks,
        footnotes=tuple(reader.inline.footnotes),
        references=tuple(reader.references),
        source=source,
        source_url=base_url,
        notes=notes,
    )


class _PageReader:
    def __init__(self, base_url: str) -> None:
        self.inline = InlineReader(base_url)
        self.base_url = base_url
        self.title = ""
        self.authors: list[str] = []
        self.abstract: list[tuple[Span, ...]] = []
        self.blocks: list[Block] = []
        self.references: list[Reference] = []

    def blocks_of(self, container: html.HtmlElement) -> None:
        for child in container:
            if isinstance(child.tag, str) and classes(child).isdisjoint(_SKIPPED):
                self._block(child, classes(child))

    def _block(self, el: html.HtmlElement, cls: set[str]) -> None:
        tag = el.tag
        if "ltx_bibliography" in cls:
            self._bibliography(el)
        elif level := next((v for k, v in _SECTION_LEVELS.items() if k in cls), 0):
            self._section(el, level)
        elif "ltx_title_document" in cls:
            self.title = self.inline.text(el)
        elif "ltx_authors" in cls:
            self._authors(el)
        elif "ltx_abstract" in cls:
            self.abstract.extend(self._paragraphs_of(el, skip_titles=True))
        elif "ltx_theorem" in cls or "ltx_proof" in cls:
            self._theorem(el)
        elif tag == "p":
            if spans := self.inline.spans(el):
                self.blocks.append(Paragraph(spans))
        elif tag in ("ul", "ol", "dl"):
            self._list(el)
        elif tag == "table" and cls & {"ltx_equation", "ltx_equationgroup"}:
            self._equations(el)
        elif tag == "figure":
            self._figure(el, cls)
        elif tag == "math":
            self.blocks.append(_equation([el], "", el.get("id") or ""))
        elif tag in ("header", "nav", "footer") or (tag[0] == "h" and tag[1:].isdigit()):
            return
        elif any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
            self.blocks_of(el)
        elif spans := self.inline.spans(el):
            self.blocks.append(Paragraph(spans))

    def _section(self, el: html.HtmlElement, level: int) -> None:
        titles = [c for c in el if isinstance(c.tag, str) and "ltx_title" in classes(c)]
        if titles:
            tags = titles[0].find_class("ltx_tag")
            number = tags[0].text_content().strip() if tags else ""
            title = self.inline.text(titles[0], skip={"ltx_tag"})
            self.blocks.append(Heading(level, number, title, el.get("id") or ""))
        self.blocks_of(el)

    def _authors(self, el: html.HtmlElement) -> None:
        for person in el.find_class("ltx_personname"):
            parts = [person.text or ""]
            for child in person:  # the name is the first line; affiliations follow a <br>
                if child.tag == "br" or "ltx_author_notes" in classes(child):
                    break
                parts.append(child.text_content() + (child.tail or ""))
            name = " ".join("".join(parts).split()).strip(" ,")
            if name:
                self.authors.append(name)

    def _paragraphs_of(self, el: html.HtmlElement, *, skip_titles: bool) -> list[tuple[Span, ...]]:
        """The blocks inside `el` flattened to paragraphs of spans (for abstracts, theorems)."""
        outer, self.blocks = self.blocks, []
        try:
            for child in el:
                if not isinstance(child.tag, str):
                    continue
                if not (skip_titles and "ltx_title" in classes(child)):
                    self._block(child, classes(child))
            inner = self.blocks
        finally:
            self.blocks = outer
        paragraphs: list[tuple[Span, ...]] = []
        for block in inner:
            if isinstance(block, Paragraph):
                paragraphs.append(block.spans)
            elif isinstance(block, Equation):
                paragraphs.append((Span(block.text, TEX if block.is_tex else MATH),))
            elif isinstance(block, ListBlock):
                paragraphs.extend(tidy([Span(f"{m} "), *s]) for m, s in block.items)
        return paragraphs

    def _theorem(self, el: html.HtmlElement) -> None:
        titles = [c for c in el if isinstance(c.tag, str) and "ltx_title" in classes(c)]
        label = self.inline.text(titles[0]).rstrip(".").strip() if titles else ""
        paragraphs = self._paragraphs_of(el, skip_titles=True)
        self.blocks.append(Theorem(label, tuple(paragraphs), el.get("id") or ""))

    def _list(self, el: html.HtmlElement) -> None:
        items: list[tuple[str, tuple[Span, ...]]] = []
        if el.tag == "dl":
            pairs = [c for c in el if c.tag in ("dt", "dd")]
            for term, desc in zip(pairs[::2], pairs[1::2], strict=False):
                items.append((self.inline.text(term), self.inline.spans(desc)))
        else:
            for li in (c for c in el if c.tag == "li"):
                tags = [c for c in li if isinstance(c.tag, str) and "ltx_tag" in classes(c)]
                marker = tags[0].text_content().strip() if tags else "•"
                items.append((marker, self.inline.spans(li, skip={"ltx_tag_item", "ltx_tag"})))
        if items:
            self.blocks.append(ListBlock(tuple(items)))

    def _equations(self, table: html.HtmlElement) -> None:
        for row in table.iter("tr"):
            maths = list(row.iter("math"))
            if not maths:
                continue
            tags = row.find_class("ltx_tag_equation") or table.find_class("ltx_tag_equation")
            number = tags[0].text_content().strip() if tags else ""
            self.blocks.append(_equation(maths, number, table.get("id") or ""))

    def _figure(self, el: html.HtmlElement, cls: set[str]) -> None:
        captions = [c for c in el if c.tag == "figcaption"]
        number, caption = "", ""
        if captions:
            tags = captions[0].find_class("ltx_tag")
            number = tags[0].text_content().strip().rstrip(":").strip() if tags else ""
            caption = self.inline.text(captions[0], skip={"ltx_tag"})
        anchor = el.get("id") or ""
        images = tuple(
            url for img in el.iter("img") if (url := safe_url(self.base_url, img.get("src") or ""))
        )
        tabulars = el.find_class("ltx_tabular")
        if tabulars and ("ltx_table" in cls or not images):
            rows = tuple(
                tuple(self.inline.text(cell) for cell in tr if cell.tag in ("td", "th"))
                for tr in tabulars[0].iter("tr")
            )
            self.blocks.append(Table(number, caption, rows, anchor))
            return
        self.blocks.append(Figure(number, caption, images, anchor))
        for line in el.find_class("ltx_listingline"):  # algorithms: their lines as text
            if spans := self.inline.spans(line):
                self.blocks.append(Paragraph(spans))

    def _bibliography(self, el: html.HtmlElement) -> None:
        for item in el.find_class("ltx_bibitem"):
            tags = item.find_class("ltx_tag_bibitem")
            label = tags[0].text_content().strip() if tags else ""
            text = self.inline.text(item, skip={"ltx_tag_bibitem"})
            urls = tuple(
                url
                for a in item.iter("a")
                if (url := safe_url(self.base_url, a.get("href") or "")) and "://" in url
            )
            arxiv_id, doi = extract_ids(text, urls)
            key = item.get("id") or f"bib.{len(self.references) + 1}"
            self.references.append(Reference(key, label, text, arxiv_id, doi, urls))


def _equation(maths: list[html.HtmlElement], number: str, anchor: str) -> Equation:
    spans = [math_span(m) for m in maths]
    if all(s.style == MATH for s in spans):
        return Equation(" ".join(s.text for s in spans), False, number, anchor)
    tex = " ".join(" ".join((m.get("alttext") or m.text_content()).split()) for m in maths)
    unicode = tex_to_unicode(tex)
    return Equation(unicode or tex, unicode is None, number, anchor)
