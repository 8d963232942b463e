"""What the detail pane says about a paper, as safe `Text`, and that text wrapped into strips.

The builders take a `style` lookup (the pane's component styles), so colours
come from the theme; every untrusted string goes through `safe_text`/`clean`.
`wrap` turns a `Text` into lines once per (text, width) and remembers recent
results, so moving back to a paper seen a moment ago wraps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip

from papertui.models import Paper, PaperState
from papertui.sanitize import shortened
from papertui.ui.row_data import RelatedEntry
from papertui.ui.safe_text import clean, highlight_terms, safe_text

SHOWN_AUTHORS = 1_000
StyleOf = Callable[[str], Style]  # component name (without the "paper-detail--") -> style

# Wrapped lines of recently shown texts, shared by every pane. Small: strips are
# many objects each, and every full garbage collection walks them all.
_wrapped: LRUCache[tuple[Hashable, int], list[Strip]] = LRUCache(16)


def wrap(console: Console, text: Text, width: int) -> list[Strip]:
    """`text` wrapped to `width` cells, one strip per line (not padded)."""
    if not text.plain:
        return []
    key = ((text.plain, tuple(text.spans), str(text.style)), width)
    lines = _wrapped.get(key)
    if lines is None:
        lines = _wrapped[key] = wrap_uncached(console, text, width)
    return lines


def wrap_uncached(console: Console, text: Text, width: int) -> list[Strip]:
    """`text` wrapped to `width` cells, not kept (for a caller that keeps its lines)."""
    options = console.options.update_width(max(1, width))
    rendered = console.render_lines(text, options, pad=False, new_lines=False)
    return [Strip(line, Segment.get_line_length(line)) for line in rendered]


def paper_text(
    paper: Paper, state: PaperState | None, terms: Sequence[str], style: StyleOf
) -> Text:
    """Title, authors, the metadata fields and the abstract, `terms` highlighted."""
    label, muted, match = style("label"), style("muted"), style("match")

    title = highlight_terms(
        safe_text(shortened(paper.display_title), style("title")), terms, match
    )
    authors = Text(end="")
    for i, author in enumerate(paper.authors[:SHOWN_AUTHORS]):
        if i:
            authors.append(", ", style=muted)
        authors.append(clean(author.display_name))
    if len(paper.authors) > SHOWN_AUTHORS:
        authors.append(f" … and {len(paper.authors) - SHOWN_AUTHORS:,} more", style=muted)
    highlight_terms(authors, terms, match)

    meta = Text(end="")

    def field(name: str, value: str | Text, value_style: Style | None = None) -> None:
        if not value:
            return
        meta.append(f"{name:<11}", style=label)
        if isinstance(value, Text):
            meta.append_text(value)
        else:
            meta.append(clean(value), style=value_style or "")
        meta.append("\n")

    dates = paper.published or ""
    if paper.updated and paper.updated != paper.published:
        dates = f"{dates} (updated {paper.updated})".strip()
    field("Published", dates)
    field("Categories", " ".join(paper.categories))
    if paper.arxiv_id:
        version = f"v{paper.arxiv_version}" if paper.arxiv_version else ""
        field("arXiv", f"{paper.arxiv_id}{version}")
    field("DOI", paper.doi)
    field("Journal", paper.journal_ref)
    field("Page", paper.abstract_page, style("link"))
    field("PDF", paper.pdf_link, style("link"))
    code = paper.extras.get("github_repo")
    if isinstance(code, str):
        field("Code", code, style("link"))
    if paper.upvotes:
        field("Upvotes", str(paper.upvotes))
    if state is not None:
        if state.tags:
            field("Tags", Text("  ".join(clean(t) for t in state.tags), style=style("tag")))
        marks = [m for m, on in (("bookmarked", state.bookmarked), ("read", state.is_read)) if on]
        field("Status", ", ".join(marks))
    field("Comment", paper.comment, muted)

    abstract = highlight_terms(
        safe_text(shortened(paper.display_abstract) or "(no abstract)", multiline=True),
        terms,
        match,
    )
    return Text("\n").join([title, authors, Text(end=""), meta, abstract])


def related_text(entries: Sequence[RelatedEntry] | None, note: str, style: StyleOf) -> Text:
    """The "Related papers" section; `None` entries: still looking them up."""
    muted = style("muted")
    text = Text(end="")
    text.append("\nRelated papers\n", style=style("label"))
    if entries is None:
        text.append("searching…", style=muted)
    elif not entries:
        text.append(note or "none found", style=muted)
    for entry in entries or ():
        text.append("• ")
        text.append_text(safe_text(entry.title))
        extra = " · ".join(x for x in (clean(entry.authors), entry.date) if x)
        if extra:
            text.append(f"  {extra}", style=muted)
        text.append("\n")
    return text
