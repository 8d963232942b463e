"""When two records describe the same paper, and which key the merged record takes.

Two records are the same paper when their arXiv ids agree, when their DOIs agree
(a `10.48550/arXiv.<id>` DOI counts as the arXiv id), or when their normalised
titles agree and nothing contradicts it: no two different arXiv ids or published
DOIs, and, when both list authors, the first authors' family names agree. Short
generic titles ("Introduction", "Editorial", fewer than three significant words)
need that author agreement; a title alone is not enough for them. (Three
significant words are enough on their own: "Simplex Random Features" names one
paper, and the demo listing has five such titles without authors.)

The store keeps every record's `lookup_keys` in a table, so finding the records an
incoming paper may be is an index probe per key, not a scan.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import StrEnum

from papertui.ids import arxiv_id_from_doi, normalise_doi, normalise_title, paper_key
from papertui.models import Author, Paper

ARXIV_DOI_PREFIX = "10.48550/arxiv."
_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_LETTERS = re.compile(r"[a-z]+")

# Words that say nothing about which paper it is (title word counts skip them).
_STOP_WORDS = frozenset(
    (
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on",
        "or", "the", "to", "with", "via", "its", "their", "our", "vs", "versus",
    )
)  # fmt: skip
_GENERIC_TITLES = frozenset(
    (
        "introduction", "editorial", "preface", "foreword", "erratum", "errata",
        "corrigendum", "addendum", "reply", "comment", "comments", "discussion",
        "conclusion", "conclusions", "abstract", "abstracts", "book review",
        "book reviews", "index", "contents", "table of contents", "letter to the editor",
        "rejoinder", "acknowledgments", "acknowledgements", "obituary", "in memoriam",
    )
)  # fmt: skip
SIGNIFICANT_WORDS_FOR_TITLE_MATCH = 3


class Rule(StrEnum):
    """Why two records were taken for the same paper (shown by `dedupe --dry-run`)."""

    ID = "same id"
    ALIAS = "former id"
    ARXIV = "same arXiv id"
    DOI = "same DOI"
    TITLE = "same title, no contradiction"
    TITLE_AUTHOR = "same short title and first author"


def published_doi(paper: Paper) -> str:
    """The paper's DOI unless it is only arXiv's own (`10.48550/arXiv.<id>`)."""
    doi = normalise_doi(paper.doi) or ""
    return "" if doi.startswith(ARXIV_DOI_PREFIX) else doi


def arxiv_of(paper: Paper) -> str:
    """The paper's arXiv id from its `arxiv_id`, its DOI or its own key."""
    if paper.arxiv_id:
        return paper.arxiv_id
    from_doi = arxiv_id_from_doi(paper.doi) if paper.doi else None
    if from_doi:
        return from_doi
    if paper.id and ":" not in paper.id:
        return paper.id
    return ""


def dois_of(paper: Paper) -> list[str]:
    """Published DOIs the record names: its own, and one in its journal reference."""
    found = [published_doi(paper)]
    match = _DOI_IN_TEXT.search(paper.journal_ref) if paper.journal_ref else None
    if match:
        found.append(normalise_doi(match.group(1).rstrip(".,;)")) or "")
    return [d for d in dict.fromkeys(found) if d and not d.startswith(ARXIV_DOI_PREFIX)]


def title_hash(normal_title: str) -> str:
    """The hash of a normalised title (as `ids.title_key` makes it)."""
    return hashlib.sha1(normal_title.encode()).hexdigest()[:16]


def lookup_keys(paper: Paper) -> list[str]:
    """Keys under which the store finds this record: `a:<arXiv id>`, `d:<DOI>`, `t:<title>`."""
    keys = []
    arxiv = arxiv_of(paper)
    if arxiv:
        keys.append(f"a:{arxiv}")
    if paper.doi or paper.journal_ref:
        keys.extend(f"d:{doi}" for doi in dois_of(paper))
    normal = normalise_title(paper.title)
    if normal:
        keys.append(f"t:{title_hash(normal)}")
    return keys


def rule_for_key(key: str) -> Rule:
    return {"a": Rule.ARXIV, "d": Rule.DOI}.get(key[0], Rule.TITLE)


def best_id(paper: Paper) -> str:
    """The key a record takes: its arXiv id, else its DOI, else its title hash."""
    doi = published_doi(paper)
    return paper_key(arxiv_id=arxiv_of(paper), doi=doi, title=paper.title)


def significant_words(title: str) -> int:
    return sum(1 for word in normalise_title(title).split() if word not in _STOP_WORDS)


def is_generic_title(title: str) -> bool:
    normal = normalise_title(title)
    return normal in _GENERIC_TITLES or significant_words(title) < SIGNIFICANT_WORDS_FOR_TITLE_MATCH


def _fold(text: str) -> str:
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return text.lower()


def _family_words(author: Author) -> set[str]:
    family = author.family or (author.name.split()[-1] if author.name.split() else "")
    return set(_LETTERS.findall(_fold(family)))


def _name_words(author: Author) -> set[str]:
    return set(_LETTERS.findall(_fold(f"{author.name} {author.family} {author.given}")))


def first_authors_agree(a: Paper, b: Paper) -> bool | None:
    """Whether the first authors are the same person by family name; None if either
    record lists no authors. Name order varies between sources ("Wei Zhang" and
    "Zhang, Wei"), so one family name found among the other's name words agrees."""
    if not a.authors or not b.authors:
        return None
    first_a, first_b = a.authors[0], b.authors[0]
    return bool(
        _family_words(first_a) & _name_words(first_b)
        or _family_words(first_b) & _name_words(first_a)
    )


def contradiction(a: Paper, b: Paper) -> str:
    """Why `a` and `b` cannot be the same paper, or "" when nothing says so."""
    arxiv_a, arxiv_b = arxiv_of(a), arxiv_of(b)
    if arxiv_a and arxiv_b and arxiv_a != arxiv_b:
        return "different arXiv ids"
    doi_a, doi_b = published_doi(a), published_doi(b)
    if doi_a and doi_b and doi_a != doi_b:
        return "different DOIs"
    if first_authors_agree(a, b) is False:
        return "different first authors"
    return ""


def same_by_title(a: Paper, b: Paper) -> Rule | None:
    """The rule by which two records with the same normalised title are one paper."""
    if normalise_title(a.title) != normalise_title(b.title) or contradiction(a, b):
        return None
    if is_generic_title(a.title):
        return Rule.TITLE_AUTHOR if first_authors_agree(a, b) else None
    return Rule.TITLE
