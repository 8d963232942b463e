"""Gather a digest's content from the library (plain, display-ready text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from papertui.models import Paper
from papertui.sanitize import printable
from papertui.watch_config import Watch

ABSTRACT_CHARS = 700  # one paragraph: longer abstracts are cut at a word
HF_SOURCES = ("hf-listing", "hf-api")


@dataclass(frozen=True)
class Item:
    paper_id: str
    title: str
    authors: str
    abstract: str
    links: tuple[tuple[str, str], ...]  # (label, http(s) URL)
    upvotes: int = 0


@dataclass(frozen=True)
class Section:
    name: str
    items: tuple[Item, ...] = ()
    more: int = 0  # items left out to keep the digest short


@dataclass(frozen=True)
class Digest:
    since: str  # ISO time: what is new at or after it
    made: str  # ISO time the digest was made
    watches: tuple[Section, ...] = ()
    top: Section = Section("Top Hugging Face papers")

    @property
    def empty(self) -> bool:
        return not self.top.items and not any(s.items for s in self.watches)


def collect(
    library: Any,
    watches: tuple[Watch, ...],
    since: str,
    made: str,
    *,
    per_watch: int = 20,
    top: int = 10,
) -> Digest:
    """Papers flagged new by each watch since `since`, grouped by watch (in config order;
    flags of a watch no longer configured are shown under its key), then the most
    upvoted papers added since then."""
    names = {w.key: w.name for w in watches}
    grouped: dict[str, list[str]] = {w.key: [] for w in watches}
    for hit in library.watch_hits_since(since):
        grouped.setdefault(hit.watch, []).append(hit.paper_id)
    papers = library.get_many(i for ids in grouped.values() for i in ids[:per_watch])
    sections = tuple(
        Section(
            names.get(key, key),
            tuple(item(papers[i]) for i in ids[:per_watch] if i in papers),
            max(len(ids) - per_watch, 0),
        )
        for key, ids in grouped.items()
    )
    # papers' added_at has whole seconds: a paper added in the digest's second is kept
    upvoted = library.top_upvoted_added_since(since[:19], top)
    return Digest(
        since, made, sections, Section("Top Hugging Face papers", tuple(map(item, upvoted)))
    )


def item(paper: Paper) -> Item:
    links = [("abstract", paper.abstract_page), ("PDF", paper.pdf_link)]
    if paper.arxiv_id and any(s in HF_SOURCES for s in paper.sources):
        links.append(("Hugging Face", f"https://huggingface.co/papers/{paper.arxiv_id}"))
    return Item(
        paper_id=paper.id,
        title=printable(paper.display_title, single_line=True),
        authors=printable(", ".join(a.display_name for a in paper.authors), single_line=True),
        abstract=one_paragraph(paper.display_abstract),
        links=tuple((label, url) for label, url in links if _web_url(url)),
        upvotes=paper.upvotes,
    )


def one_paragraph(text: str, limit: int = ABSTRACT_CHARS) -> str:
    flat = printable(text, single_line=True)
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _web_url(url: str) -> bool:
    """Only plain web links go into a digest (never javascript:, data:, or a broken URL)."""
    return url.startswith(("https://", "http://")) and not any(
        c.isspace() or c in '<>"`' for c in url
    )
