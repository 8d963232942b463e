"""arXiv ids and DOIs in a bibliography entry's text and links.

Recognised: `arXiv:1706.03762`, `arXiv:hep-th/9901001`, arxiv.org abs/pdf/html URLs,
`10.48550/arXiv.<id>` DOIs (an arXiv id, not a publisher DOI) and other DOIs, bare
or as doi.org URLs. These run over plain text, never over HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from papertui.ids import normalise_arxiv_id

_ARXIV_TEXT = re.compile(
    r"arxiv(?:\s*:\s*|\s+(?:preprint\s+)?(?:arxiv\s*:\s*)?)"
    r"((?:\d{4}\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)",
    re.IGNORECASE,
)
_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)",
    re.IGNORECASE,
)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_TRAILING = ".,;:)]}'"


def extract_ids(text: str, urls: Iterable[str] = ()) -> tuple[str, str]:
    """(arXiv id without version or "", other DOI lower-cased or "")."""
    haystacks = [text, *urls]
    arxiv_id = ""
    for pattern in (_ARXIV_URL, _ARXIV_DOI, _ARXIV_TEXT):
        for hay in haystacks:
            match = pattern.search(hay)
            if match and (found := normalise_arxiv_id(match.group(1))):
                arxiv_id = found
                break
        if arxiv_id:
            break
    doi = ""
    for hay in haystacks:
        for match in _DOI.finditer(hay):
            candidate = match.group(1).rstrip(_TRAILING).lower()
            if not candidate.startswith("10.48550/"):
                doi = candidate
                break
        if doi:
            break
    return arxiv_id, doi
