"""The detail pane on huge abstracts: UI-thread CPU time per show, and cursor moves across
a list where every third paper has a 120k-character abstract (the pane wraps 100k).

"before" wraps every abstract on the UI thread (`paper_detail.LARGE` raised past any
abstract: the code path of every abstract before the worker existed), "after" is the
code as it is (abstracts over `LARGE` characters wrapped in the pane's worker).
Headless, 120x36, in-process.

Run: `python bench/bench_detail_wrap.py [MOVES [ROUNDS]]`.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from papertui.ui.widgets.late_wrap import LARGE, PIECE

SIZES = (1_500, 4_000, 6_000, 16_000, 120_000)  # abstract characters, for one show
PAPERS = 30
HUGE = 120_000
PACE = 0.08  # seconds between keys of the walk
TERMS = ("hypergraph",)  # a search term matching every sentence: highlights cost too


# (label, wrap every abstract on the UI thread, characters per piece: None = PIECE)
VARIANTS = [
    ("before (all on the UI thread)", True, None),
    ("after", False, None),
    ("after, pieces of 2,000 characters", False, 2_000),
]


def abstract(chars: int, n: int) -> str:
    sentence = f"Hypergraph models of case {n} repeat words. "
    return (sentence * (chars // len(sentence) + 1))[:chars]


def build(data: Path) -> list[str]:
    from papertui.models import Paper
    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data)
    paths.ensure()
    papers = [
        Paper(
            id=f"2401.{n:05d}",
            title=f"Paper {n}",
            abstract=abstract(HUGE if n % 3 == 0 else 1_200, n),
            published=f"2024-01-{1 + n % 28:02d}",
            arxiv_id=f"2401.{n:05d}",
        )
        for n in range(1, PAPERS + 1)
    ]
    papers += [
        Paper(
            id=f"2402.{c:05d}", title=f"Size {c}", abstract=abstract(c, c), published="2020-01-01"
        )
        for c in SIZES
    ]
    with Library(paths.store) as library:
        library.import_papers(papers)
    return [p.id for p in papers]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(data: Path, sync: bool, moves: int, piece: int | None) -> dict[str, object]:
    from papertui.store import Library
    from papertui.texify import tex_to_unicode
    from papertui.ui.app import make_app
    from papertui.ui.widgets import detail_text, late_wrap, paper_detail
    from papertui.ui.widgets.paper_detail import PaperDetail
    from papertui.ui.widgets.paper_list import PaperList

    paper_detail.LARGE = sys.maxsize if sync else LARGE
    late_wrap.PIECE = piece or PIECE
    results: dict[str, object] = {}
    app = make_app(data)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        pane = app.screen.query_one(PaperDetail)
        with Library(data / "library.sqlite3") as library:
            by_size = {c: library.get(f"2402.{c:05d}") for c in SIZES}
        shows: dict[int, float] = {}
        for chars, paper in by_size.items():
            times = []
            for _ in range(5):
                detail_text._wrapped.clear()
                pane._late._done.clear()  # (each show wraps anew, as a first visit does)
                tex_to_unicode.cache_clear()
                start = time.thread_time()  # CPU time: what the keys behind it wait for
                pane.show(paper, None, TERMS)
                times.append((time.thread_time() - start) * 1000)
                await app.workers.wait_for_complete()
                await pilot.pause()
            shows[chars] = statistics.median(times)
        results["show"] = shows
        # The huge one in full: when the worker's lines are shown (after: else at once).
        times = []
        for _ in range(5):
            pane._late._done.clear()
            start = time.perf_counter()
            pane.show(by_size[SIZES[-1]], None, TERMS)
            while pane.wrapping:
                await asyncio.sleep(0.0005)
            times.append((time.perf_counter() - start) * 1000)
        results["full"] = statistics.median(times)

        plist = app.screen.query_one(PaperList)
        plist.cursor = 0
        await pilot.pause()
        await app.workers.wait_for_complete()
        lags: list[float] = []
        for _ in range(moves):  # a quick typist: a key every PACE seconds
            if plist.cursor >= PAPERS - 1:
                plist.cursor = 0
                await app.workers.wait_for_complete()
                await pilot.pause()
            before = plist.cursor
            start = time.perf_counter()
            app.post_message(_key("j"))
            while plist.cursor == before or not shows_current(pane, plist):
                await asyncio.sleep(0.0005)
            lags.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(max(0.0, PACE - (time.perf_counter() - start)))
        results["moves"] = lags

        # A held-down key: 20 presses at once, then until the last paper is shown.
        plist.cursor = 0
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        for _ in range(20):
            app.post_message(_key("j"))
        while plist.cursor < 20 or not shows_current(pane, plist):
            await pilot.pause(0.001)
        results["held"] = (time.perf_counter() - start) * 1000
        await app.workers.wait_for_complete()
    return results


def shows_current(pane, plist) -> bool:  # type: ignore[no-untyped-def]
    row = plist.row_at(plist.cursor)
    return pane.paper is not None and row is not None and pane.paper.id == row.paper_id


def _key(name: str):  # type: ignore[no-untyped-def]
    from textual import events

    return events.Key(name, name)


def main() -> int:
    moves = int(sys.argv[1]) if len(sys.argv) > 1 else 45
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory(prefix="papertui-bench-") as tmp:
        os.environ["PAPERTUI_CONFIG"] = str(Path(tmp) / "config.toml")
        os.environ["PAPERTUI_CACHE_DIR"] = str(Path(tmp) / "cache")
        data = Path(tmp) / "data"
        build(data)
        print(
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"load {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )
        for round_ in range(1, rounds + 1):  # interleaved: a busy machine disturbs all alike
            for label, sync, piece in VARIANTS:
                r = asyncio.run(measure(data, sync, moves, piece))
                shows = ", ".join(f"{c:,}: {ms:.1f}" for c, ms in r["show"].items())  # type: ignore[attr-defined]
                lags: list[float] = r["moves"]  # type: ignore[assignment]
                print(f"round {round_}, {label} (load {os.getloadavg()[0]:.1f})")
                print(f"  UI-thread CPU ms per show, by abstract characters: {shows}")
                print(f"  {SIZES[-1]:,} characters shown in full after {r['full']:.0f} ms")
                print(
                    f"  j → pane shows the paper (a key every {PACE * 1000:.0f} ms, {len(lags)} "
                    "moves, every 3rd onto a huge one): "
                    f"p50 {pct(lags, 0.5):.0f} ms, p95 {pct(lags, 0.95):.0f} ms, "
                    f"max {max(lags):.0f} ms"
                )
                print(f"  20 j at once → the 21st paper shown: {r['held']:.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
