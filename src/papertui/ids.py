"""Stable paper ids.

arXiv papers are keyed by their arXiv id without version: new style `2401.12345`,
old style `hep-th/9901001` (subject-class suffixes dropped: `math.CA/0611800` ->
`math/0611800`). Any of these forms is accepted: `arXiv:` prefixes, version
suffixes, abs/pdf/html URLs, the `10.48550/arXiv.<id>` DOI, BibTeX `eprint`.
Papers without an arXiv id are keyed `doi:<lower-cased DOI>`, else
`title:<hash of the normalised title>`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NEW_STYLE = r"(?P<new>\d{4}\.\d{4,5})"
_OLD_STYLE = r"(?P<archive>[a-z][a-z\-]+)(?:\.[A-Za-z]{2})?/(?P<number>\d{7})"
_VERSION = r"(?:v(?P<version>\d+))?"
_ID_CORE = re.compile(rf"^(?:{_NEW_STYLE}|{_OLD_STYLE}){_VERSION}$", re.IGNORECASE)

_PREFIXES = re.compile(
    r"^(?:"
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/"
    r"|(?:https?://)?(?:dx\.)?doi\.org/10\.48550/arxiv\."
    r"|10\.48550/arxiv\."
    r"|arxiv:"
    r")",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z0-9]+")
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def parse_arxiv_id(text: str) -> tuple[str, int] | None:
    """Return `(id_without_version, version)` for any arXiv id form, else None.

    `version` is 0 when the input carried none.
    """
    candidate = text.strip()
    candidate = _PREFIXES.sub("", candidate, count=1)
    candidate = candidate.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if candidate.lower().endswith(".pdf"):
        candidate = candidate[:-4]
    match = _ID_CORE.match(candidate)
    if not match:
        return None
    version = int(match.group("version") or 0)
    if match.group("new"):
        return match.group("new"), version
    return f"{match.group('archive').lower()}/{match.group('number')}", version


def normalise_arxiv_id(text: str) -> str | None:
    parsed = parse_arxiv_id(text)
    return parsed[0] if parsed else None


def normalise_doi(text: str) -> str | None:
    """Lower-cased bare DOI (`10.xxxx/...`) or None."""
    match = _DOI.match(text.strip())
    return match.group(1).lower() if match else None


def arxiv_id_from_doi(doi: str) -> str | None:
    """The arXiv id inside a `10.48550/arXiv.<id>` DOI, else None."""
    bare = normalise_doi(doi)
    if bare and bare.startswith("10.48550/arxiv."):
        return normalise_arxiv_id(bare)
    return None


def normalise_title(title: str) -> str:
    """Accent-free, lower-case words only: the basis of title-hash ids."""
    if title.isascii():
        ascii_only = title
    else:
        decomposed = unicodedata.normalize("NFKD", title)
        ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _WORDS.findall(ascii_only.lower())
    return " ".join(words)


def title_key(title: str) -> str:
    digest = hashlib.sha1(normalise_title(title).encode()).hexdigest()[:16]
    return f"title:{digest}"


def paper_key(*, arxiv_id: str = "", doi: str = "", title: str = "") -> str:
    """The stable id for a paper given whatever identifiers are known."""
    if arxiv_id:
        normal = normalise_arxiv_id(arxiv_id)
        if normal:
            return normal
    if doi:
        from_doi = arxiv_id_from_doi(doi)
        if from_doi:
            return from_doi
        bare = normalise_doi(doi)
        if bare:
            return f"doi:{bare}"
    if not normalise_title(title):
        raise ValueError("a paper needs an arXiv id, a DOI or a title")
    return title_key(title)


def resolve_user_id(text: str) -> list[str]:
    """Candidate store keys for an id typed by a user (any form), best first."""
    text = text.strip()
    candidates: list[str] = []
    arxiv = normalise_arxiv_id(text)
    if arxiv:
        candidates.append(arxiv)
    bare_doi = normalise_doi(text)
    if bare_doi:
        candidates.append(f"doi:{bare_doi}")
    candidates.append(text)
    return list(dict.fromkeys(candidates))
