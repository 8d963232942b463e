"""The paper record: one typed model shared by importers, store, search and UI.

Text fields keep the TeX exactly as the source gave it; `display_*` helpers give
the readable Unicode form (see `papertui.texify`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from papertui.texify import tex_to_unicode

# Where a record came from, lowest to highest authority. When the same paper is
# imported from two sources, a non-empty field from the higher-ranked source wins.
SOURCE_RANK: dict[str, int] = {
    "hf-listing": 10,
    "hf-api": 20,
    "bibtex": 30,
    "papertui-json": 35,
    "arxiv-snapshot": 40,
    "arxiv-api": 50,
}


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    family: str = ""
    given: str = ""
    affiliations: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return tex_to_unicode(self.name)

    @property
    def family_or_name(self) -> str:
        """The family name when known, else the last word of the full name."""
        if self.family:
            return self.family
        parts = self.name.split()
        return parts[-1] if parts else ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name}
        if self.family:
            data["family"] = self.family
        if self.given:
            data["given"] = self.given
        if self.affiliations:
            data["affiliations"] = list(self.affiliations)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str) -> Author:
        if isinstance(data, str):
            return cls(name=data)
        return cls(
            name=str(data.get("name") or "").strip()
            or " ".join(p for p in (data.get("given"), data.get("family")) if p),
            family=str(data.get("family") or ""),
            given=str(data.get("given") or ""),
            affiliations=tuple(str(a) for a in data.get("affiliations") or ()),
        )


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper as papertui knows it. `id` is the stable key (see `papertui.ids`)."""

    id: str
    title: str
    authors: tuple[Author, ...] = ()
    abstract: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) of the first version, "" when unknown
    updated: str = ""  # ISO date of the latest version
    categories: tuple[str, ...] = ()  # primary first
    arxiv_id: str = ""  # without version
    arxiv_version: int = 0  # 0 when unknown
    doi: str = ""
    journal_ref: str = ""
    comment: str = ""
    abs_url: str = ""
    pdf_url: str = ""
    sources: tuple[str, ...] = ()  # e.g. ("hf-listing", "arxiv-api")
    # Source extras: upvotes, num_comments, github_repo, github_stars,
    # project_page, featured_at, ai_summary, ai_keywords, ...
    extras: dict[str, Any] = field(default_factory=dict)

    # ---- derived, display-ready values -------------------------------------
    @property
    def display_title(self) -> str:
        return tex_to_unicode(self.title)

    @property
    def display_abstract(self) -> str:
        return tex_to_unicode(self.abstract)

    @property
    def date_precision(self) -> str:
        """"day", "month" or "year": how much of `published` the source knew."""
        precision = self.extras.get("date_precision")
        return precision if precision in ("month", "year") else "day"

    @property
    def display_published(self) -> str:
        """`published` cut to what is known: "2025-02" for a month, not a made-up "-01"."""
        return self.published[: _DATE_LENGTH[self.date_precision]]

    @property
    def primary_category(self) -> str:
        return self.categories[0] if self.categories else ""

    @property
    def year(self) -> int | None:
        return int(self.published[:4]) if self.published[:4].isdigit() else None

    @property
    def upvotes(self) -> int:
        value = self.extras.get("upvotes")
        return value if isinstance(value, int) else 0

    @property
    def abstract_page(self) -> str:
        if self.abs_url:
            return self.abs_url
        if self.arxiv_id:
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return ""

    @property
    def pdf_link(self) -> str:
        if self.pdf_url:
            return self.pdf_url
        if self.arxiv_id:
            return f"https://arxiv.org/pdf/{self.arxiv_id}"
        return ""

    def authors_short(self) -> str:
        """ "First Author", "A and B", or "First Author et al."."""
        names = [a.display_name for a in self.authors]
        if not names:
            return ""
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} and {names[1]}"
        return f"{names[0]} et al."

    # ---- serialisation ----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict, which deep-copies and was
        # half the cost of a bulk import.
        return {
            "id": self.id,
            "title": self.title,
            "authors": [a.to_dict() for a in self.authors],
            "abstract": self.abstract,
            "published": self.published,
            "updated": self.updated,
            "categories": list(self.categories),
            "arxiv_id": self.arxiv_id,
            "arxiv_version": self.arxiv_version,
            "doi": self.doi,
            "journal_ref": self.journal_ref,
            "comment": self.comment,
            "abs_url": self.abs_url,
            "pdf_url": self.pdf_url,
            "sources": list(self.sources),
            "extras": dict(self.extras),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["authors"] = tuple(Author.from_dict(a) for a in data.get("authors") or ())
        values["categories"] = tuple(data.get("categories") or ())
        values["sources"] = tuple(data.get("sources") or ())
        values["extras"] = dict(data.get("extras") or {})
        values["arxiv_version"] = int(data.get("arxiv_version") or 0)
        return cls(**values)

    def with_changes(self, **changes: Any) -> Paper:
        return replace(self, **changes)


def _rank(sources: tuple[str, ...]) -> int:
    return max((SOURCE_RANK.get(s, 0) for s in sources), default=0)


def _has_structure(authors: tuple[Author, ...]) -> int:
    return sum(1 for a in authors if a.family)


_DATE_LENGTH = {"day": 10, "month": 7, "year": 4}

# Importers mark dates known only to the month/year (stored as YYYY-MM-01 / YYYY-01-01)
# with extras["date_precision"]; a day-precise date always beats them in a merge.
_DATE_PRECISION = {"month": 1, "year": 2}


def _merge_published(old: Paper, new: Paper) -> tuple[str, str]:
    """The earliest of the most precise `published` dates, and its precision ("" = day)."""
    dated = [
        (_DATE_PRECISION.get(p.extras.get("date_precision"), 0), p.published, p)
        for p in (old, new)
        if p.published
    ]
    if not dated:
        return "", ""
    _, date, paper = min(dated, key=lambda d: (d[0], d[1]))
    precision = paper.extras.get("date_precision")
    return date, precision if precision in _DATE_PRECISION else ""


def merge_papers(old: Paper, new: Paper) -> Paper:
    """Combine two records of the same paper: richer fields win, nothing is dropped.

    A non-empty field replaces an empty one. When both are set, the value from
    the higher-ranked source wins (arXiv beats Hugging Face beats the listing),
    except that author lists with family/given names beat bare names, and the
    earliest `published` / latest `updated` date is kept.
    """
    new_wins = _rank(new.sources) >= _rank(old.sources)
    merged: dict[str, Any] = {}
    precision = ""
    for f in fields(Paper):
        name = f.name
        a, b = getattr(old, name), getattr(new, name)
        if name in ("id",):
            merged[name] = a
        elif name == "sources":
            merged[name] = tuple(dict.fromkeys(a + b))
        elif name == "extras":
            merged[name] = {**a, **{k: v for k, v in b.items() if v not in (None, "", [], {})}}
        elif name == "published":
            merged[name], precision = _merge_published(old, new)
        elif name == "arxiv_version":
            merged[name] = max(a, b)
        elif name == "updated":
            merged[name] = max((d for d in (a, b) if d), default="")
        elif name == "authors":
            if not a or not b:
                merged[name] = a or b
            elif _has_structure(a) != _has_structure(b):
                merged[name] = a if _has_structure(a) > _has_structure(b) else b
            else:
                merged[name] = b if new_wins else a
        elif not a or not b:
            merged[name] = a or b
        else:
            merged[name] = b if new_wins else a
    merged["extras"].pop("date_precision", None)
    if precision:
        merged["extras"]["date_precision"] = precision
    return Paper(**merged)


@dataclass(frozen=True, slots=True)
class PaperState:
    """What the user added to a paper: never re-fetchable, never touched by imports."""

    paper_id: str
    tags: tuple[str, ...] = ()  # as typed; compared case-insensitively
    bookmarked_at: str = ""  # ISO timestamp, "" when not bookmarked
    read_at: str = ""  # ISO timestamp, "" when unread
    note: str = ""
    note_updated_at: str = ""

    @property
    def bookmarked(self) -> bool:
        return bool(self.bookmarked_at)

    @property
    def is_read(self) -> bool:
        return bool(self.read_at)

    def to_dict(self) -> dict[str, Any]:
        """The user's fields as state files, JSON exports and `show --json` spell them."""
        return {
            "bookmarked_at": self.bookmarked_at,
            "read_at": self.read_at,
            "tags": list(self.tags),
            "note": self.note,
            "note_updated_at": self.note_updated_at,
        }


@dataclass(frozen=True, slots=True)
class ImportedPaper:
    """A paper with the user state its file carries (a papertui export's bookmark and
    tags, a BibTeX entry's keywords and annotation), merged into the user's own."""

    paper: Paper
    state: PaperState
