"""A one-line input whose typing asks for no layout pass (private: `Input._watch_value`)."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input


class FixedWidthInput(Input):
    def _watch_value(self, value: str) -> None:
        # Input grows its virtual width with the text (for horizontal scrolling), and
        # that reactive asks for a layout pass on every keystroke: ~4 ms, plus a
        # repaint of every scrollbar on screen in the next frame (Textual's
        # `ScrollView._size_updated`), while the search runs. This input's size is
        # fixed by CSS, so set the width quietly; the value's own refresh repaints it.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
