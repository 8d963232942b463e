"""The user's note, drawn by the detail pane itself as a box under the paper's details.

A bar on the left (the `paper-detail--note-border` style), one cell of padding
each side, the text on the `paper-detail--note` style. The note is the user's
own text but still goes through `clean`: markup stays literal, escapes go.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from papertui.sanitize import shortened
from papertui.ui.safe_text import clean
from papertui.ui.widgets.detail_text import wrap

BAR = "▌"  # Textual's "outer" border, left edge
PADDING = 1


def note_text(note: str) -> Text:
    """The box's text: a heading, then the note line by line (its line breaks kept)."""
    text = Text("Note\n", end="")
    text.append("\n".join(clean(line) for line in shortened(note).splitlines()))
    return text


def note_box(console: Console, note: str, width: int, style: Style, bar: Style) -> list[Strip]:
    """`note` as lines `width` cells wide (none when the note is empty)."""
    if not note:
        return []
    inner = max(1, width - len(BAR) - 2 * PADDING)
    blank = Style.from_color(bgcolor=style.bgcolor)  # padding: the background only
    left = [Segment(BAR, bar), Segment(" " * PADDING, blank)]
    right = Segment(" " * PADDING, blank)
    box = []
    for line in wrap(console, note_text(note), inner):
        body = line.apply_style(style).adjust_cell_length(inner, blank)
        box.append(Strip([*left, *body, right], width))
    return box
