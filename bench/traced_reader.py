"""Run the reader with timestamps at a few points, for the in-process figures of the benches.

    python bench/traced_reader.py DATA_DIR TRACE_FILE [bookmark|cursor|search|reading]
        [PROFILE_FILE]

Wraps (at run time, nothing in the package changes) a few methods and writes
`perf_counter` stamps to TRACE_FILE:

- bookmark (bench_state.py): the bookmark action and the list's `render_line`
  for the top row;
- cursor (bench_tui.py): each `j` key the app receives, each `PaperDetail.show`,
  each screen update tick and layout pass, each garbage collection, each
  widget's `render_lines` (lines painted, by class) and each frame written to
  the terminal, with the process CPU time.

With PROFILE_FILE the whole run is profiled (cProfile) and the stats written
there when the reader quits (`q`).
"""

from __future__ import annotations

import cProfile
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from papertui.launch import launch_tui


def trace_bookmark(trace: TextIO) -> None:
    from papertui.ui.screens.main import MainScreen
    from papertui.ui.widgets.paper_list import PaperList

    toggle = MainScreen.action_toggle_bookmark
    render_line = PaperList.render_line

    def traced_toggle(self: MainScreen) -> None:
        trace.write(f"{time.perf_counter():.6f} action\n")
        toggle(self)

    def traced_render_line(self: PaperList, y: int):  # type: ignore[no-untyped-def]
        strip = render_line(self, y)
        if y == 0:
            row = self.row_at(round(self.scroll_offset.y))
            trace.write(f"{time.perf_counter():.6f} render {bool(row and row.bookmarked)}\n")
        return strip

    MainScreen.action_toggle_bookmark = traced_toggle  # type: ignore[method-assign]
    PaperList.render_line = traced_render_line  # type: ignore[method-assign]


def trace_painting(trace: TextIO, is_traced_key: Callable[[Any], bool]) -> None:
    """Stamps shared by the cursor and search modes: each traced key (with CPU time),
    update tick, layout pass, garbage collection, widget `render_lines` (lines
    painted, by class) and frame written to the terminal (with CPU time)."""
    from textual import events
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    now, cpu = time.perf_counter, time.process_time
    on_event, display = App.on_event, App._display
    refresh_layout, render_lines = Screen._refresh_layout, Widget.render_lines
    tick = Screen._on_timer_update

    async def traced_on_event(self: App, event: events.Event) -> None:  # type: ignore[type-arg]
        if isinstance(event, events.Key) and not event.is_forwarded and is_traced_key(event):
            trace.write(f"{now():.6f} key {cpu():.6f}\n")
        await on_event(self, event)

    def traced_layout(self: Screen, *args, **kwargs) -> None:  # type: ignore[no-untyped-def,type-arg]
        started = now()
        refresh_layout(self, *args, **kwargs)
        kind = "scroll" if kwargs.get("scroll") and not self._layout_widgets else "full"
        trace.write(f"{now():.6f} layout {kind} {now() - started:.6f}\n")

    def traced_lines(self: Widget, crop):  # type: ignore[no-untyped-def]
        started = now()
        strips = render_lines(self, crop)
        name = type(self).__name__
        trace.write(f"{now():.6f} lines {name} {len(strips)} {now() - started:.6f}\n")
        return strips

    def traced_display(self: App, screen: Screen, renderable) -> None:  # type: ignore[no-untyped-def,type-arg]
        started = now()
        display(self, screen, renderable)
        if renderable is not None:
            trace.write(f"{now():.6f} frame {cpu():.6f} {now() - started:.6f}\n")

    def traced_tick(self: Screen) -> None:  # type: ignore[type-arg]
        trace.write(f"{now():.6f} tick {int(self._layout_required)}\n")
        tick(self)

    def traced_gc(phase: str, info: dict[str, int]) -> None:
        trace.write(f"{now():.6f} gc-{phase} {info['generation']}\n")

    Screen._on_timer_update = traced_tick  # type: ignore[method-assign]
    gc.callbacks.append(traced_gc)
    App.on_event = traced_on_event  # type: ignore[method-assign]
    App._display = traced_display  # type: ignore[method-assign]
    Screen._refresh_layout = traced_layout  # type: ignore[method-assign]
    Widget.render_lines = traced_lines  # type: ignore[method-assign]


def trace_cursor(trace: TextIO) -> None:
    """Stamps: `j` keys, detail shows, refreshes and the painting stamps (see bench_tui.py's
    `inproc` summary)."""
    from textual.widget import Widget

    from papertui.ui.widgets.paper_detail import PaperDetail

    now = time.perf_counter
    show, refresh = PaperDetail.show, Widget.refresh

    def traced_show(self: PaperDetail, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        started = now()
        show(self, *args, **kwargs)
        trace.write(f"{now():.6f} show {now() - started:.6f}\n")

    def traced_refresh(self: Widget, *regions, **kwargs):  # type: ignore[no-untyped-def]
        flags = "".join(k[0] for k, v in kwargs.items() if v)
        trace.write(f"{now():.6f} refresh {type(self).__name__} {flags or '-'} {len(regions)}\n")
        return refresh(self, *regions, **kwargs)

    trace_painting(trace, lambda event: event.key == "j")
    Widget.refresh = traced_refresh  # type: ignore[method-assign]
    PaperDetail.show = traced_show  # type: ignore[method-assign]


def trace_search(trace: TextIO) -> None:
    """Stamps: typed keys, the search in its worker (start, end), the results handed to
    the screen, idles and the painting stamps (see bench_tui.py's `inproc-search`)."""
    from textual.screen import Screen

    from papertui.ui.reader_search import ReaderSearch
    from papertui.ui.search_session import SearchSession

    now = time.perf_counter
    search, show_results = SearchSession.search, ReaderSearch.show_results
    idle = Screen._on_idle

    def traced_search(self: SearchSession, query: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        trace.write(f"{now():.6f} search-start {len(query)}\n")
        outcome = search(self, query, *args, **kwargs)
        trace.write(f"{now():.6f} search-end {len(query)}\n")
        return outcome

    def traced_show(self: ReaderSearch, query: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        started = now()
        show_results(self, query, *args, **kwargs)
        trace.write(f"{now():.6f} results {len(query)} {now() - started:.6f}\n")

    async def traced_idle(self: Screen, event) -> None:  # type: ignore[no-untyped-def,type-arg]
        trace.write(f"{now():.6f} idle {len(self._dirty_widgets)}\n")
        await idle(self, event)

    trace_painting(trace, lambda event: event.is_printable)
    Screen._on_idle = traced_idle  # type: ignore[method-assign]
    SearchSession.search = traced_search  # type: ignore[method-assign]
    ReaderSearch.show_results = traced_show  # type: ignore[method-assign]


def trace_reading(trace: TextIO) -> None:
    """Stamps: the reading view's moving keys (j, space, tab) and the painting stamps (see
    bench_reading_scroll.py)."""
    trace_painting(trace, lambda event: event.key in ("j", "space", "tab"))


def main() -> int:
    data_dir, trace_path = Path(sys.argv[1]), Path(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 else "bookmark"
    profile_path = sys.argv[4] if len(sys.argv) > 4 else ""
    trace = trace_path.open("a", buffering=1)
    modes = {
        "bookmark": trace_bookmark,
        "cursor": trace_cursor,
        "search": trace_search,
        "reading": trace_reading,
    }
    modes[mode](trace)
    if not profile_path:
        return launch_tui(data_dir=data_dir)
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(launch_tui, data_dir=data_dir)
    finally:
        profiler.dump_stats(profile_path)


if __name__ == "__main__":
    sys.exit(main())
