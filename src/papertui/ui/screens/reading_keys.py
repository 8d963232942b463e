"""The reading view's keys (help lists them under "Reading view (r)").

`b` and `enter` act on a shown bibliography entry only: otherwise they are the text's
page up and the focused widget's enter. `y` copies the paragraphs selected (v), else
the shown entry's citation.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType


def _key(key: str, action: str, title: str, name: str, tip: str, show: bool = False) -> Binding:
    return Binding(key, action, title, show=show, id=f"reading.{name}", tooltip=tip)


READING_KEYS: list[BindingType] = [
    _key("escape", "back", "Back", "back", "Back to the list (or close the search)", True),
    _key("q", "quit", "Quit", "quit", "Quit papertui (the position is kept)"),
    _key("T", "toggle_outline", "Outline", "outline", "Show or hide the outline", True),
    # priority, as in the reader: "/sort" typed fast lands entirely in the box
    Binding(
        "slash",
        "find",
        "Find",
        id="reading.find",
        tooltip="Search inside the paper",
        priority=True,
    ),
    # priority: "enter n" typed fast ends the search, then goes to the next match
    Binding("enter", "find_done", "Done", show=False, id="reading.find_done", priority=True),
    _key("v", "select", "Select", "select", "Select paragraphs to quote (j k extend)", True),
    _key("tab", "next_cite(1)", "Citations", "next_cite", "The next citation on screen", True),
    _key("shift+tab", "next_cite(-1)", "Prev. citation", "prev_cite", "The one before"),
    _key("O", "open_pdf", "PDF", "pdf", "Open the downloaded PDF in the system's viewer"),
    _key("R", "references", "References", "references", "Every reference (● in library)"),
    _key("enter", "open_reference", "Read it", "open_reference", "Read the cited paper"),
    # priority over the text's b (page up) while a reference is shown
    Binding(
        "b",
        "bookmark_reference",
        "Bookmark it",
        show=False,
        id="reading.bookmark_reference",
        tooltip="Bookmark the cited paper (fetched into the library)",
        priority=True,
    ),
    _key(
        "y",
        "copy",
        "Copy",
        "quote",
        "Copy the selection as a quote, or the cited paper's citation",
    ),
    # priority while selecting (over the text's scrolling): they move the selection
    Binding("j,down", "extend(1)", "Extend", show=False, id="reading.extend", priority=True),
    Binding("k,up", "extend(-1)", "Shrink", show=False, id="reading.shrink", priority=True),
    _key("n", "next_match", "Next match", "next_match", "The next match"),
    _key("N", "previous_match", "Previous match", "previous_match", "The previous match"),
    _key(
        "right_square_bracket",
        "next_section",
        "Next section",
        "next_section",
        "Jump to the next section",
    ),
    _key("left_square_bracket", "previous_section", "Prev. section", "prev_section", "Jump"),
    _key("right_curly_bracket", "next_float", "Next figure", "next_float", "Or table"),
    _key("left_curly_bracket", "previous_float", "Prev. figure", "prev_float", "Or table"),
]
