"""arXiv API responses: Atom 1.0 feeds, parsed incrementally with defusedxml.

The error feed arXiv sends for a bad query (one entry titled "Error" whose id is
under `arxiv.org/api/errors`) is a whole-file failure; an empty feed is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from papertui.ids import paper_key, parse_arxiv_id
from papertui.importers.base import BadRecord, ReadContext, Result, bare_doi, iso_date
from papertui.models import Author, Paper

SOURCE = "arxiv-api"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ENTRY = f"{ATOM}entry"
ERROR_ID_MARK = "arxiv.org/api/errors"


def looks_like(head: str) -> bool:
    text = head.lstrip()
    return text.startswith("<") and "<feed" in text and "http://www.w3.org/2005/Atom" in text


def _text(entry: Element, tag: str) -> str:
    found = entry.find(tag)
    return found.text.strip() if found is not None and found.text else ""


def _authors(entry: Element) -> tuple[Author, ...]:
    authors = []
    for node in entry.iterfind(f"{ATOM}author"):
        name = _text(node, f"{ATOM}name")
        if name:
            affiliations = tuple(
                text
                for a in node.iterfind(f"{ARXIV}affiliation")
                if (text := (a.text or "").strip())
            )
            authors.append(Author(name=name, affiliations=affiliations))
    return tuple(authors)


def _categories(entry: Element) -> tuple[str, ...]:
    terms: list[str] = []
    primary = entry.find(f"{ARXIV}primary_category")
    if primary is not None and primary.get("term"):
        terms.append(primary.get("term", "").strip())
    terms.extend(c.get("term", "").strip() for c in entry.iterfind(f"{ATOM}category"))
    return tuple(dict.fromkeys(t for t in terms if t))


def _links(entry: Element) -> tuple[str, str]:
    abs_url = pdf_url = ""
    for link in entry.iterfind(f"{ATOM}link"):
        href = (link.get("href") or "").strip()
        if link.get("rel") == "alternate" and not abs_url:
            abs_url = href
        elif link.get("title") == "pdf" and not pdf_url:
            pdf_url = href
    return abs_url, pdf_url


def entry_to_paper(entry: Element, location: str) -> Result:
    entry_id = _text(entry, f"{ATOM}id")
    title = _text(entry, f"{ATOM}title")
    if not title:
        return BadRecord(location, "no title")
    arxiv_id, version = parse_arxiv_id(entry_id) or ("", 0)
    doi = bare_doi(_text(entry, f"{ARXIV}doi"))
    try:
        key = paper_key(arxiv_id=arxiv_id, doi=doi, title=title)
    except ValueError as exc:
        return BadRecord(location, str(exc))
    abs_url, pdf_url = _links(entry)
    return Paper(
        id=key,
        title=title,
        authors=_authors(entry),
        abstract=_text(entry, f"{ATOM}summary"),
        published=iso_date(_text(entry, f"{ATOM}published")),
        updated=iso_date(_text(entry, f"{ATOM}updated")),
        categories=_categories(entry),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        doi=doi,
        journal_ref=_text(entry, f"{ARXIV}journal_ref"),
        comment=_text(entry, f"{ARXIV}comment"),
        abs_url=abs_url,
        pdf_url=pdf_url,
        sources=(SOURCE,),
    )


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    number = 0
    root_seen = False
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if element.tag != f"{ATOM}feed":
                        raise ctx.fail(f"not an Atom feed (root element {element.tag!r})")
                continue
            if element.tag != _ENTRY:
                continue
            number += 1
            if ERROR_ID_MARK in _text(element, f"{ATOM}id"):
                message = _text(element, f"{ATOM}summary") or "arXiv API error"
                raise ctx.fail(message)
            yield entry_to_paper(element, f"entry {number}")
            element.clear()
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":", 1)[0]
        if reason.startswith("no element found") or "unclosed token" in reason:
            reason = f"truncated XML ({reason})"
        raise ctx.fail(f"invalid XML: {reason}, column {column}", f"line {line}") from None
    except DefusedXmlException as exc:
        raise ctx.fail(f"refused unsafe XML: {exc}") from None
