"""The reader's keys: its own, and those acting on papers (help lists them apart)."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def paper_binding(
    key: str, action: str, title: str, name: str, tip: str, show: bool = True
) -> Binding:
    return Binding(key, action, title, show=show, id=f"papers.{name}", tooltip=tip)


READER_KEYS: list[BindingType] = [
    # priority: handled before later keys of the same burst are routed, so
    # "/diffusion" typed fast lands entirely in the search box.
    Binding(
        "slash",
        "focus_search",
        "Search",
        id="main.search",
        tooltip="Search as you type",
        priority=True,
    ),
    Binding("s", "cycle_sort", "Sort", id="main.sort", tooltip="Cycle the sort order"),
    Binding(
        "o",
        "open_page",
        "Web page",
        show=False,  # listed in help; the footer keeps room for quit and help
        id="main.open",
        tooltip="Open the paper's page in the browser",
    ),
    Binding("escape", "clear_search", "Clear search", show=False, id="main.clear_search"),
    Binding(
        "ctrl+y",
        "accept_suggestion",
        "Use suggestion",
        id="main.accept_suggestion",
        tooltip='Search for the "did you mean" suggestion',
    ),
    # Not under "marked, else current": they act on one paper, or on none.
    paper_binding("r", "read_paper", "Read", "read_text", "Read the paper's full text", False),
    paper_binding("n", "edit_note", "Note", "note", "Write a note on the current paper", False),
    paper_binding("ctrl+z", "undo", "Undo", "undo", "Undo the last change", show=False),
    paper_binding("F", "fetch_today", "Fetch", "fetch", "Fetch today's HF papers", show=False),
    paper_binding(
        "w",
        "watch_author",
        "Watch this author",
        "watch_author",
        "Watch an author of the shown paper (new papers: !)",
        show=False,
    ),
    Binding(
        "K,ctrl+up",
        "move_in_list(-1)",
        "Move up the list",
        show=False,
        id="main.list_up",
        tooltip="Move up in the reading list shown",
    ),
    Binding(
        "J,ctrl+down",
        "move_in_list(1)",
        "Move down the list",
        show=False,
        id="main.list_down",
        tooltip="Move down in the reading list shown",
    ),
]

# On the marked papers, else the current one.
PAPER_KEYS: list[BindingType] = [
    paper_binding("b", "toggle_bookmark", "Bookmark", "bookmark", "Bookmark or unbookmark (★)"),
    paper_binding("t", "edit_tags", "Tags", "tags", "Add and remove tags (#)"),
    paper_binding("u", "toggle_read", "Read", "read", "Mark read or unread (•)", show=False),
    paper_binding("y", "copy_citation", "Cite", "cite", "Copy the citation in the default style"),
    paper_binding(
        "Y", "pick_citation", "Cite as…", "cite_as", "Pick a style, with a preview", False
    ),
    paper_binding(
        "L",
        "add_to_list",
        "Add to list…",
        "add_to_list",
        "Add to a reading list (or a new one)",
        False,
    ),
]
