"""Citations and exports of papers in every common format.

    format_citation(paper, "bibtex")                  # one paper, no user data
    format_citation(paper, "apa", state=state)
    format_many(papers, "ris", states={paper.id: state, ...})
    for chunk in iter_formatted(papers, "csl-json", states=...): fh.write(chunk)

`FORMATS` maps a format name to its `CitationFormat` (label, file extension,
renderer). Citation keys are unique within one call (`papertui.cite.keys`).
User state (tags, note) is included only when given: a citation copied for a
manuscript carries none; an export of the library carries it.

BibTeX and BibLaTeX leave out characters pdflatex cannot typeset; wrap the
call in `collect_dropped()` to learn which, per paper (else they are logged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from papertui.cite import bibtex, machine, styles, text
from papertui.cite.common import CiteItem
from papertui.cite.dropped import Dropped, collect_dropped, rendering, summary
from papertui.cite.keys import KeyMaker
from papertui.models import Paper, PaperState

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "CitationFormat",
    "CiteItem",
    "Dropped",
    "UnknownFormat",
    "collect_dropped",
    "format_citation",
    "format_many",
    "get_format",
    "iter_formatted",
    "summary",
]


@dataclass(frozen=True)
class CitationFormat:
    name: str
    label: str  # shown in menus
    extension: str  # for export files
    render: Callable[[CiteItem], str]
    separator: str = "\n"  # between papers
    header: str = ""
    footer: str = ""


FORMATS: dict[str, CitationFormat] = {
    f.name: f
    for f in (
        CitationFormat("bibtex", "BibTeX", ".bib", bibtex.render_bibtex, "\n\n"),
        CitationFormat("biblatex", "BibLaTeX", ".bib", bibtex.render_biblatex, "\n\n"),
        CitationFormat("apa", "APA 7", ".txt", styles.render_apa),
        CitationFormat("mla", "MLA 9", ".txt", styles.render_mla),
        CitationFormat("chicago", "Chicago author-date", ".txt", styles.render_chicago),
        CitationFormat("ris", "RIS", ".ris", machine.render_ris, "\n\n"),
        CitationFormat("csl-json", "CSL-JSON", ".json", machine.render_csl, ",\n", "[\n", "\n]"),
        CitationFormat("plain", "Plain text", ".txt", text.render_plain),
        CitationFormat("markdown", "Markdown link", ".md", text.render_markdown),
        CitationFormat("arxiv-id", "arXiv id", ".txt", text.render_id),
    )
}
DEFAULT_FORMAT = "bibtex"


class UnknownFormat(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown citation format {name!r} (known: {', '.join(FORMATS)})")


def get_format(name: str) -> CitationFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormat(name) from None


def iter_formatted(
    papers: Iterable[Paper],
    fmt: str,
    *,
    states: Mapping[str, PaperState] | None = None,
) -> Iterator[str]:
    """The formatted text in pieces (header, papers with separators, footer): streams."""
    spec = get_format(fmt)
    keys = KeyMaker()
    yield spec.header
    for number, paper in enumerate(papers):
        state = states.get(paper.id) if states else None
        item = CiteItem(paper, state, keys.key_for(paper))
        with rendering(paper.id):
            text = spec.render(item)
        yield (spec.separator if number else "") + text
    yield spec.footer


def format_many(
    papers: Iterable[Paper],
    fmt: str,
    *,
    states: Mapping[str, PaperState] | None = None,
) -> str:
    """All papers in one text (no trailing newline); keys unique across the text."""
    return "".join(iter_formatted(papers, fmt, states=states))


def format_citation(paper: Paper, fmt: str, state: PaperState | None = None) -> str:
    """One paper in format `fmt` (a `FORMATS` name); no trailing newline."""
    return format_many([paper], fmt, states={paper.id: state} if state else None)
