"""The bases the reader's screen and widgets take: ours, or Textual's own with
`PAPERTUI_STOCK_RENDER=1` (see the package's docstring)."""

from __future__ import annotations

from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widgets import Footer, Input

from papertui.ui.render import STOCK_RENDER

if STOCK_RENDER:

    class ReaderScreen(Screen[None]):
        def paint_promptly(self) -> None:
            """Stock Textual: the screen's next update tick paints the changes."""

    class LineView(ScrollView):
        pass

    class OneLineInput(Input):
        pass

    class KeyFooter(Footer):
        pass

else:
    from papertui.ui.render.fixed_input import FixedWidthInput
    from papertui.ui.render.prompt_paint import PromptPaintScreen
    from papertui.ui.render.reused_lines import ReusedLines
    from papertui.ui.render.scrollbars import QuietScrollbars
    from papertui.ui.render.steady_footer import SteadyFooter

    class ReaderScreen(PromptPaintScreen):  # type: ignore[no-redef]
        pass

    class LineView(QuietScrollbars, ReusedLines, ScrollView):  # type: ignore[no-redef]
        pass

    class OneLineInput(FixedWidthInput):  # type: ignore[no-redef]
        pass

    class KeyFooter(SteadyFooter):  # type: ignore[no-redef]
        pass


__all__ = ["KeyFooter", "LineView", "OneLineInput", "ReaderScreen"]
