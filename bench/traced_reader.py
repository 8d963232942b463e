"""Run the reader with timestamps at two points, for bench_state.py's in-process figure.

    python bench/traced_reader.py DATA_DIR TRACE_FILE

Wraps (at run time, nothing in the package changes) the bookmark action and the
list's `render_line` for the top row, writing `perf_counter` stamps to TRACE_FILE.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from papertui.launch import launch_tui
from papertui.ui.screens.paper_actions import PaperActionsScreen
from papertui.ui.widgets.paper_list import PaperList


def main() -> int:
    data_dir, trace_path = Path(sys.argv[1]), Path(sys.argv[2])
    trace = trace_path.open("a", buffering=1)
    toggle = PaperActionsScreen.action_toggle_bookmark
    render_line = PaperList.render_line

    def traced_toggle(self: PaperActionsScreen) -> None:
        trace.write(f"{time.perf_counter():.6f} action\n")
        toggle(self)

    def traced_render_line(self: PaperList, y: int):  # type: ignore[no-untyped-def]
        strip = render_line(self, y)
        if y == 0:
            row = self.row_at(round(self.scroll_offset.y))
            trace.write(f"{time.perf_counter():.6f} render {bool(row and row.bookmarked)}\n")
        return strip

    PaperActionsScreen.action_toggle_bookmark = traced_toggle  # type: ignore[method-assign]
    PaperList.render_line = traced_render_line  # type: ignore[method-assign]
    return launch_tui(data_dir=data_dir)


if __name__ == "__main__":
    sys.exit(main())
