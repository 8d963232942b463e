"""The reader's list following another papertui's import, at 100k papers (figures in
docs/BENCHMARKS.md, "TUI").

    python bench/bench_list_refresh.py DATA_DIR [--papers 100000] [--runs 10] [--query Q]

DATA_DIR is built with bench/synth.py papers if it holds fewer than --papers (and the
reader then builds its index first: minutes at 100k; a copy of an indexed library saves
them). The real reader runs headless (Textual's `run_test`, 120x32), browsing by date
(or listing the search `--query`) with the cursor three pages down.

Each run, another connection imports 2 papers; the reader's store check notices within
a second, the index catches up and `ListRefresh` re-lists the view in a worker.
Measured, per run:

- worker: `ListRefresh.start` → its answer reaching `ReaderSearch.refreshed` (the UI
  thread is free meanwhile);
- UI thread, after: `ReaderSearch.refreshed` applying it (`PaperList.relist`, the rows);
- UI thread, before (browsing only): `ReaderSearch.browse(keep=…)`, what listing the
  view again costs on the UI thread (and what `F` still does after a fetch).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{name:<40} p50 {pct(ms, 0.5):7.1f} ms   max {max(ms):7.1f} ms   (n={len(ms)})"


def build(data_dir: Path, count: int) -> None:
    from bench.synth import Corpus

    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with Library(paths.store) as library:
        if library.count() < count:
            library.import_papers(Corpus().papers(count))


async def run(data_dir: Path, runs: int, query: str) -> None:
    from papertui.config import Config
    from papertui.models import Author, Paper
    from papertui.paths import LibraryPaths
    from papertui.store import Library
    from papertui.ui.app import make_app
    from papertui.ui.list_refresh import ListRefresh
    from papertui.ui.reader_search import ReaderSearch
    from papertui.ui.screens.main import MainScreen
    from papertui.ui.widgets.paper_list import PaperList

    started: dict[int, float] = {}  # by refresh
    worker: list[float] = []
    applied: list[float] = []
    start, refreshed = ListRefresh.start, ReaderSearch.refreshed

    def timed_start(self, view) -> None:  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        start(self, view)
        started[self._asked] = began

    def timed_refreshed(self, message, *, counting: bool) -> None:  # type: ignore[no-untyped-def]
        entered = time.perf_counter()
        worker.append(entered - started[message.asked])
        refreshed(self, message, counting=counting)
        applied.append(time.perf_counter() - entered)

    ListRefresh.start = timed_start  # type: ignore[method-assign]
    ReaderSearch.refreshed = timed_refreshed  # type: ignore[method-assign]
    app = make_app(data_dir, config=Config(mark_read_after=0), prefs_file=data_dir / "p.json")
    before: list[float] = []
    said: list[str] = []  # the status line after each run
    stamp = time.time_ns()  # new papers every run of the bench
    async with app.run_test(size=(120, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        while app.session.index is None or screen.status.indexing:
            await pilot.pause(0.05)
        if query:
            await pilot.press("slash", *query, "enter")
            while screen.search.shown_query != query:
                await pilot.pause(0.05)
        await pilot.press("pagedown", "pagedown", "pagedown")
        plist = screen.query_one(PaperList)
        for n in range(runs):
            new = [
                Paper(
                    id=f"bench-arrival-{stamp}-{n}-{i}",
                    title=f"Bench arrival {stamp} {n} {i}",
                    authors=(Author("Bench Author"),),
                    published="2026-01-01",
                )
                for i in range(2)
            ]
            count = len(applied)
            with Library(LibraryPaths(data_dir).store) as other:
                other.import_papers(new)
            while len(applied) == count:
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            said.append(screen.status.arrivals)
            if not query:
                began = time.perf_counter()
                screen.search.browse(keep=plist.current_key)
                before.append(time.perf_counter() - began)
                await pilot.pause(0.2)
        print(f"{len(plist.keys):,} listed; the status line said: {sorted(set(said))}")
    print(line("worker: start -> answer at the handler", worker))
    print(line("UI thread, after: refreshed()", applied))
    if before:
        print(line("UI thread, before: browse(keep=...)", before))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--query", default="", help="list this search instead of browsing")
    args = parser.parse_args()
    build(args.data_dir, args.papers)
    asyncio.run(run(args.data_dir, args.runs, args.query))


if __name__ == "__main__":
    main()
