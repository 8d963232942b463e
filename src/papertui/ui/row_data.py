"""Display-ready values passed from screens to widgets (plain data, no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text


@dataclass(frozen=True, slots=True)
class Row:
    """One list row. `title` is already a safe `Text` (see safe_text)."""

    key: int
    paper_id: str
    title: Text
    authors: str = ""
    date: str = ""
    category: str = ""
    bookmarked: bool = False
    tagged: bool = False
    unread: bool = False
    new: bool = False  # arrived since the last visit or by a fetch in this session
    fulltext: bool = False  # its full text is downloaded (▤)
    watched: bool = False  # a watch flagged it new and it is still unread (!)
    in_full_text: bool = False  # a search hit found mainly in its full text


@dataclass(frozen=True, slots=True)
class RelatedEntry:
    paper_id: str
    title: str
    authors: str = ""
    date: str = ""
