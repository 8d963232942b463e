"""The bibliography entry of the citation selected in the reading view (tab), and the
References list (R): every entry, marked ● in the library or ○ not.

Both get their data pushed in; the list answers the chosen entry's key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from papertui.reading.document import Reference
from papertui.ui.widgets.document_text import IN_LIBRARY, NOT_IN_LIBRARY, shown


def doi_url(ref: Reference) -> str:
    return f"https://doi.org/{ref.doi}" if ref.doi else ""


def entry_status(ref: Reference, library_id: str) -> str:
    """Whether the cited paper is in the library, and what the keys will do with it."""
    if library_id:
        return f"{IN_LIBRARY} in your library ({library_id}): enter read · b bookmark · y cite"
    if ref.arxiv_id:
        return (
            f"{NOT_IN_LIBRARY} not in your library (arXiv:{ref.arxiv_id}): enter fetch and "
            "read · b fetch and bookmark · y fetch and cite"
        )
    if ref.doi:
        return (
            f"{NOT_IN_LIBRARY} not in your library; no arXiv id, so papertui cannot fetch it: "
            f"enter opens {doi_url(ref)}"
        )
    return f"{NOT_IN_LIBRARY} no arXiv id or DOI in this entry: nothing to open or fetch"


class ReferencePanel(Static):
    """One entry: its text as printed, then its status and keys (plain text, never markup)."""

    def show_entry(self, ref: Reference, library_id: str) -> None:
        label = f"{ref.label} " if ref.label else ""
        text = Text(shown(f"{label}{ref.text}"), end="")
        text.append("\n")
        text.append(shown(entry_status(ref, library_id)), "dim")
        text.append(" · esc close", "dim")
        self.update(text)
        self.display = True


def reference_options(
    references: tuple[Reference, ...], in_library: Mapping[str, str]
) -> list[Option]:
    options = []
    for ref in references:
        mark = IN_LIBRARY if in_library.get(ref.key) else NOT_IN_LIBRARY
        label = f"{ref.label} " if ref.label else ""
        options.append(Option(Text(shown(f"{mark} {label}{ref.text}")), id=ref.key))
    return options


class ReferencesPicker(ModalScreen[str | None]):
    """The paper's references; answers the key of the one chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,R", "dismiss", "Close", id="references.close", tooltip="Close the list"),
    ]

    def __init__(self, references: tuple[Reference, ...], in_library: Mapping[str, str]) -> None:
        super().__init__()
        self._options = reference_options(references, in_library)
        in_lib = sum(1 for r in references if in_library.get(r.key))
        self._title = f"References: {len(references)}, {in_lib} in your library ({IN_LIBRARY})"

    def compose(self) -> ComposeResult:
        picker = OptionList(*self._options, id="references-picker")
        picker.border_title = self._title
        picker.border_subtitle = "enter choose · esc close"
        yield picker

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
