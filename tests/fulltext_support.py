"""Saving a full text the way `papertui download` does, from a document made in code."""

from __future__ import annotations

from papertui.reading.document import Document, Paragraph, Span
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.sources import Download, Source


def save_body(store: FullTextStore, arxiv_id: str, *paragraphs: str) -> None:
    """Save `paragraphs` as the full text of `arxiv_id` (raw page, meta, parsed copy)."""
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    document = Document(
        title=f"Paper {arxiv_id}",
        authors=(),
        abstract=(),
        blocks=[Paragraph((Span(p),)) for p in paragraphs],
        source="arXiv HTML",
    )
    source = Source("arXiv HTML", "html", f"http://127.0.0.1/html/{arxiv_id}")
    store.save(arxiv_id, Download(source, html.encode(), document, ()))
