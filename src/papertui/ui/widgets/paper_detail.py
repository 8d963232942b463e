"""The detail pane: everything about one paper, built from safe `Text` only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size

from papertui.models import Paper, PaperState
from papertui.ui.data import RelatedEntry
from papertui.ui.safe_text import clean, highlight_terms, safe_text
from papertui.ui.widgets.detail_text import DetailText


class PaperDetail(VerticalScroll, can_focus=True):
    """Scrollable view of one paper. The screen pushes data in; nothing is fetched here."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-detail--title",
        "paper-detail--label",
        "paper-detail--match",
        "paper-detail--link",
        "paper-detail--tag",
        "paper-detail--muted",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper: Paper | None = None
        # Line-API blocks: a new paper repaints them without re-wrapping a Static,
        # and without a layout pass when the heights stay the same.
        self._body = DetailText(Text("No paper selected.", end=""), id="detail-body")
        self._related = DetailText(id="detail-related")

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # See DetailText: no second layout pass just because the scroll height changed
        # (scrollbars that appear or vanish still ask for one themselves).
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def compose(self):  # type: ignore[override]
        yield self._body
        yield self._related

    def show(
        self,
        paper: Paper | None,
        state: PaperState | None = None,
        terms: Sequence[str] = (),
    ) -> None:
        """Display `paper` (None: a placeholder), highlighting `terms`."""
        self.paper = paper
        self._related.set_text(Text(end=""))
        if paper is None:
            self._body.set_text(Text("No paper selected.", end=""))
            return
        self._body.set_text(self._render_paper(paper, state, terms))
        self.scroll_home(animate=False, immediate=True)

    def show_related(
        self, paper_id: str, entries: Sequence[RelatedEntry] | None, note: str = ""
    ) -> None:
        """Fill the "Related papers" section; `None` means still loading."""
        if self.paper is None or self.paper.id != paper_id:
            return
        muted = self.get_component_rich_style("paper-detail--muted")
        text = Text(end="")
        text.append(
            "\nRelated papers\n", style=self.get_component_rich_style("paper-detail--label")
        )
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
        self._related.set_text(text)

    def _render_paper(self, paper: Paper, state: PaperState | None, terms: Sequence[str]) -> Text:
        style = self.get_component_rich_style
        label, muted = style("paper-detail--label"), style("paper-detail--muted")
        match = style("paper-detail--match")

        title = highlight_terms(
            safe_text(paper.display_title, style("paper-detail--title")), terms, match
        )
        authors = Text(end="")
        for i, author in enumerate(paper.authors):
            if i:
                authors.append(", ", style=muted)
            authors.append(clean(author.display_name))
        highlight_terms(authors, terms, match)

        meta = Text(end="")

        def field(name: str, value: str | Text, value_style: str | object = "") -> None:
            if not value:
                return
            meta.append(f"{name:<11}", style=label)
            if isinstance(value, Text):
                meta.append_text(value)
            else:
                meta.append(clean(value), style=value_style or "")  # type: ignore[arg-type]
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
        field("Page", paper.abstract_page, style("paper-detail--link"))
        field("PDF", paper.pdf_link, style("paper-detail--link"))
        code = paper.extras.get("github_repo")
        if isinstance(code, str):
            field("Code", code, style("paper-detail--link"))
        if paper.upvotes:
            field("Upvotes", str(paper.upvotes))
        if state is not None:
            if state.tags:
                field(
                    "Tags",
                    Text("  ".join(clean(t) for t in state.tags), style=style("paper-detail--tag")),
                )
            marks = [
                m for m, on in (("bookmarked", state.bookmarked), ("read", state.is_read)) if on
            ]
            field("Status", ", ".join(marks))
        field("Comment", paper.comment, muted)

        abstract = highlight_terms(
            safe_text(paper.display_abstract or "(no abstract)", multiline=True), terms, match
        )
        return Text("\n").join([title, authors, Text(end=""), meta, abstract])
