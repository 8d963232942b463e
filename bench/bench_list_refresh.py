"""The reader's list following another papertui's import, or its own fetch (`F`), at
100k papers (figures in docs/BENCHMARKS.md, "TUI").

    python bench/bench_list_refresh.py DATA_DIR [--papers 100000] [--runs 10] [--query Q]
        [--fetch | --edit [--sort date|title|upvotes]]

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
  view again costs on the UI thread (what `F`'s handler ran before it asked
  `ListRefresh`), timed in the same run after each refresh.

With `--fetch`, each run presses `F` instead: the reader fetches 2 new papers from a
local HTTP server standing in for Hugging Face (`PAPERTUI_HF_URL`), and its `FetchDone`
handler (`PaperActions.fetch_done`, timed whole, and the `refresh_list` it calls) asks
the refresh; the run ends when the list holds the 2 papers. The same script runs the
sources before that change (PYTHONPATH=their src: their handler re-listed in place).

With `--edit`, each run another connection raises the upvotes of the paper five rows
below the cursor (no paper comes or goes), and each refresh's worker job is timed
whole: browsing by date it only checks the order around that paper (`listed_order`)
and answers nothing; by upvotes the paper moves to the top and the view is listed again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_state import build, pct  # noqa: E402


def line(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:<40} none"
    ms = [v * 1000 for v in values]
    return f"{name:<40} p50 {pct(ms, 0.5):7.1f} ms   max {max(ms):7.1f} ms   (n={len(ms)})"


class DailyPapers:
    """A local stand-in for Hugging Face's daily papers: 2 papers never seen before
    on every request."""

    def __init__(self) -> None:
        stamp, served = time.time_ns(), iter(range(1_000_000))

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                n = next(served)
                items = [
                    {
                        "paper": {
                            "id": f"bench-fetch-{stamp}-{n}-{i}",
                            "title": f"Bench fetch {stamp} {n} {i}",
                            "authors": [{"name": "Bench Author"}],
                            "publishedAt": "2026-01-01T00:00:00.000Z",
                            "summary": "A paper the bench fetched.",
                            "upvotes": 1,
                        },
                        "publishedAt": "2026-01-01T00:00:00.000Z",
                    }
                    for i in range(2)
                ]
                body = json.dumps(items).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        os.environ["PAPERTUI_HF_URL"] = f"http://127.0.0.1:{self.server.server_address[1]}"


async def run(data_dir: Path, runs: int, query: str, fetch: bool) -> None:
    from papertui.config import Config
    from papertui.models import Author, Paper
    from papertui.paths import LibraryPaths
    from papertui.store import Library
    from papertui.ui.app import make_app
    from papertui.ui.list_refresh import ListRefresh
    from papertui.ui.paper_actions import PaperActions
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

    def timed_refreshed(self, message, **kwargs) -> None:  # type: ignore[no-untyped-def]
        entered = time.perf_counter()
        worker.append(entered - started[message.asked])
        refreshed(self, message, **kwargs)  # (kwargs: the sources before F's change)
        applied.append(time.perf_counter() - entered)

    handled: list[float] = []  # F's FetchDone handler, whole
    asking: list[float] = []  # the refresh_list it calls
    fetch_done, refresh_list = PaperActions.fetch_done, ReaderSearch.refresh_list
    in_fetch_done = False

    def timed_fetch_done(self, message) -> None:  # type: ignore[no-untyped-def]
        nonlocal in_fetch_done
        began, in_fetch_done = time.perf_counter(), True
        try:
            fetch_done(self, message)
        finally:
            in_fetch_done = False
        handled.append(time.perf_counter() - began)

    def timed_refresh_list(self) -> None:  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        refresh_list(self)
        if in_fetch_done:
            asking.append(time.perf_counter() - began)

    ListRefresh.start = timed_start  # type: ignore[method-assign]
    ReaderSearch.refreshed = timed_refreshed  # type: ignore[method-assign]
    if fetch:
        DailyPapers()
        PaperActions.fetch_done = timed_fetch_done  # type: ignore[method-assign]
        ReaderSearch.refresh_list = timed_refresh_list  # type: ignore[method-assign]
    app = make_app(data_dir, config=Config(mark_read_after=0), prefs_file=data_dir / "p.json")
    before: list[float] = []
    per_run: list[float] = []  # UI thread per fetch: fetch_done and every refresh answer
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
            screen.search.set_status(arrivals="")
            if fetch:
                fetches, size = len(handled), len(plist.keys)
                await pilot.press("F")
                while len(handled) == fetches or len(plist.keys) != size + 2:
                    await pilot.pause(0.01)
            else:
                with Library(LibraryPaths(data_dir).store) as other:
                    other.import_papers(new)
                while len(applied) == count or not screen.status.arrivals:  # the answer shown
                    await pilot.pause(0.01)
            await pilot.pause(0.2)
            if fetch:
                per_run.append(handled[-1] + sum(applied[count:]))
            said.append(screen.status.arrivals)
            if not query:
                began = time.perf_counter()
                screen.search.browse(keep=plist.current_key)
                before.append(time.perf_counter() - began)
                await pilot.pause(0.2)
        print(f"{len(plist.keys):,} listed; the status line said: {sorted(set(said))}")
    print(line("worker: start -> answer at the handler", worker))
    print(line("UI thread: refreshed()", applied))
    if fetch:
        print(line("UI thread: F's fetch_done()", handled))
        print(line("  of which refresh_list()", asking))
        print(line("UI thread: per fetch, all of it", per_run))
    if before:
        print(line("UI thread: browse(keep=...) (old reload)", before))


async def run_edits(data_dir: Path, runs: int, sort: str) -> None:
    import papertui.ui.list_refresh as list_refresh
    from papertui.config import Config
    from papertui.paths import LibraryPaths
    from papertui.store import Library
    from papertui.ui.app import make_app
    from papertui.ui.list_refresh import ListRefresh
    from papertui.ui.screens.main import MainScreen
    from papertui.ui.widgets.paper_list import PaperList

    jobs: list[tuple[float, bool]] = []  # (seconds, whether it answered)
    answered: set[int] = set()  # the refreshes that posted an answer
    job, answer = ListRefresh._job, list_refresh.ListRefreshed

    def recorded_answer(*args):  # type: ignore[no-untyped-def]
        answered.add(args[0])
        return answer(*args)

    def timed_job(self, asked, *args) -> None:  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        job(self, asked, *args)
        jobs.append((time.perf_counter() - began, asked in answered))

    list_refresh.ListRefreshed = recorded_answer  # type: ignore[misc]
    ListRefresh._job = timed_job  # type: ignore[method-assign]
    app = make_app(data_dir, config=Config(mark_read_after=0), prefs_file=data_dir / "p.json")
    async with app.run_test(size=(120, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        while app.session.index is None or screen.status.indexing:
            await pilot.pause(0.05)
        while screen.status.sort != sort:
            await pilot.press("s")
        await pilot.press("pagedown", "pagedown", "pagedown")
        plist = screen.query_one(PaperList)
        moved = 0
        for _ in range(runs):
            key = plist.keys[plist.cursor + 5]
            count = len(jobs)
            with Library(LibraryPaths(data_dir).store) as other:
                top, paper = other.get_by_nums([plist.keys[0], key])
                extras = {**paper.extras, "upvotes": max(top.upvotes, paper.upvotes) + 1}
                other.import_papers([paper.with_changes(extras=extras)])
            while len(jobs) == count:
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause(0.5)
            moved += plist.keys[0] == key
    print(f"browsing by {sort}, {len(plist.keys):,} listed; the paper moved to the top {moved}x")
    print(line("worker: a refresh that answered", [t for t, a in jobs if a]))
    print(line("worker: a refresh that found the order held", [t for t, a in jobs if not a]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--query", default="", help="list this search instead of browsing")
    parser.add_argument("--fetch", action="store_true", help="the papers come from F")
    parser.add_argument("--edit", action="store_true", help="a paper's upvotes change")
    parser.add_argument("--sort", default="date", choices=("date", "title", "upvotes"))
    args = parser.parse_args()
    build(args.data_dir, args.papers)
    if args.edit:
        asyncio.run(run_edits(args.data_dir, args.runs, args.sort))
    else:
        asyncio.run(run(args.data_dir, args.runs, args.query, args.fetch))


if __name__ == "__main__":
    main()
