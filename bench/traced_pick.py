"""Run `papertui pick` with `perf_counter` stamps, for bench_pick.py's `--phases`.

    python bench/traced_pick.py TRACE_FILE --data-dir DIR pick

Wraps (at run time; nothing in the package changes) the points of a keystroke's trip
and writes one line per point to TRACE_FILE: the time (`perf_counter`, the clock the
bench reads too), the thread and what happened:

- `key CHAR`: the app received the key;
- `changed` / `found`: the query box's change and the results reached the app's handlers;
- `search-start` / `asked` / `search-end`: the worker's search, its index part done, the
  rows read;
- `paint-start` / `paint-end`: a screen update (what is painted at a frame);
- `flushed`: the output thread flushed a frame to the terminal;
- `gc-start N` / `gc-stop`: a garbage collection of generation N.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO


def install(trace: TextIO) -> None:
    from textual import events
    from textual.drivers._writer_thread import WriterThread
    from textual.screen import Screen

    import papertui.picking as picking
    import papertui.ui.pick.app as pick_app

    lock = threading.Lock()

    def stamp(what: str) -> None:
        with lock:
            trace.write(f"{time.perf_counter():.6f} {threading.current_thread().name} {what}\n")

    def around(cls: Any, name: str, before: str, after: str | None = None) -> None:
        original = getattr(cls, name)

        def traced(*args: Any, **kwargs: Any) -> Any:
            stamp(before)
            result = original(*args, **kwargs)
            if after:
                stamp(after)
            return result

        setattr(cls, name, traced)

    around(picking.PickSource, "search", "search-start", "search-end")
    around(picking.PickSource, "_ask", "ask-start", "asked")
    around(Screen, "_on_timer_update", "paint-start", "paint-end")

    def handlers(names: dict[str, str]) -> None:
        for handlers in pick_app.PickApp._decorated_handlers.values():
            for n, (method, selectors) in enumerate(handlers):
                if method.__name__ in names:
                    handlers[n] = (_stamped(method, stamp, names[method.__name__]), selectors)

    handlers({"_found": "found"})
    around(pick_app.PickApp, "_query_changed", "changed")  # (watched: bound at mount)
    on_event = pick_app.PickApp.on_event

    async def traced_event(self: Any, event: Any) -> None:
        if isinstance(event, events.Key):
            stamp(f"key {event.key}")
        await on_event(self, event)

    pick_app.PickApp.on_event = traced_event  # type: ignore[method-assign]
    run = WriterThread.run

    def traced_run(self: Any) -> None:
        file = self._file

        class Flushed:
            def __getattr__(self, name: str) -> Any:
                return getattr(file, name)

            def flush(self) -> None:
                file.flush()
                stamp("flushed")

        self._file = Flushed()
        run(self)

    WriterThread.run = traced_run  # type: ignore[method-assign]

    def collected(phase: str, info: dict[str, int]) -> None:
        stamp(f"gc-start {info['generation']}" if phase == "start" else "gc-stop")

    gc.callbacks.append(collected)


def _stamped(method: Callable[..., Any], stamp: Callable[[str], None], what: str) -> Any:
    def traced(self: Any, *args: Any) -> Any:
        stamp(what)
        return method(self, *args)

    return traced


def main() -> int:
    trace = open(sys.argv[1], "a", buffering=1)  # noqa: SIM115  (open until the process ends)
    install(trace)
    from papertui.cli.main import main as papertui

    sys.argv = ["papertui", *sys.argv[2:]]
    return papertui()


if __name__ == "__main__":
    sys.exit(main())
