"""User-state latency on a large library (figures go to docs/BENCHMARKS.md, "User state").

    .venv/bin/python bench/bench_state.py DATA_DIR [--papers 100000] [--tagged 10000]

DATA_DIR is built with bench/synth.py papers if it holds fewer than --papers.

1. store: one bookmark toggle / one tag change, committed (WAL, synchronous=FULL);
2. reader: `b` pressed in a real terminal (tmux) until the ★ marker is repainted
   on the row (toggled on and off again; poll `capture-pane` every ~2 ms);
3. search: `tag:x`, `is:bookmarked` and filters combined with words, with
   --tagged papers tagged and bookmarked, through `SearchIndex.search` exactly as
   the reader calls it (top 50, highlights for the first 20 from the store).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SESSION = f"papertui-bench-state-{os.getpid()}"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{name:<44} p50 {pct(ms, 0.5):7.1f} ms   p95 {pct(ms, 0.95):7.1f} ms   (n={len(ms)})"


def build(data_dir: Path, count: int) -> None:
    from bench.synth import Corpus

    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with Library(paths.store) as library:
        if library.count() < count:
            library.import_papers(Corpus().papers(count))


def bench_store(data_dir: Path) -> None:
    from papertui.paths import LibraryPaths
    from papertui.store import Library

    with Library(LibraryPaths(data_dir).store) as library:
        ids = [p.id for p in library.get_by_nums(library.ordered_nums("date")[:200])]
        bookmark, tag = [], []
        for i, paper_id in enumerate(ids):
            started = time.perf_counter()
            library.set_bookmarked([paper_id], i % 2 == 0)
            bookmark.append(time.perf_counter() - started)
            started = time.perf_counter()
            library.change_tags([paper_id], add=["bench-tag"])
            tag.append(time.perf_counter() - started)
        library.change_tags(ids, remove=["bench-tag"])
        library.set_bookmarked(ids, False)
    print(line("store: bookmark toggle, committed", bookmark))
    print(line("store: add a tag, committed", tag))


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def first_row(data_dir: Path) -> str:
    del data_dir
    screen = tmux("capture-pane", "-p", "-t", SESSION).splitlines()
    return screen[3] if len(screen) > 3 else ""


def bench_reader(data_dir: Path, presses: int) -> None:
    env = f"PAPERTUI_CONFIG={data_dir}/bench-config.toml"
    trace = data_dir / "bench-trace.log"
    trace.unlink(missing_ok=True)
    command = f"cd {ROOT} && {env} {sys.executable} bench/traced_reader.py {data_dir} {trace}"
    tmux("new-session", "-d", "-s", SESSION, "-x", "140", "-y", "40", command)
    try:
        deadline = time.monotonic() + 120
        while "papers" not in tmux("capture-pane", "-p", "-t", SESSION):
            if time.monotonic() > deadline:
                raise SystemExit("the reader did not start")
            time.sleep(0.05)
        time.sleep(3.0)  # let start-up work (index check, backups) settle
        times: list[float] = []
        for _ in range(presses):
            before = first_row(data_dir).lstrip().startswith("★")
            started = time.perf_counter()
            tmux("send-keys", "-t", SESSION, "b")
            while first_row(data_dir).lstrip().startswith("★") == before:
                if time.perf_counter() - started > 5:
                    raise SystemExit("the marker never changed")
                time.sleep(0.002)
            times.append(time.perf_counter() - started)
            time.sleep(0.15)
        print(line("reader: `b` pressed -> ★ repainted (tmux)", times))
        print(line("reader: `b` handled -> ★ row rendered (in process)", in_process(trace)))
    finally:
        tmux("send-keys", "-t", SESSION, "q")
        time.sleep(0.5)
        tmux("kill-session", "-t", SESSION)


def in_process(trace: Path) -> list[float]:
    """Seconds from each bookmark action to the first render of the top row that shows
    the new state (stamps written by bench/traced_reader.py)."""
    spans: list[float] = []
    started: float | None = None
    shown: str | None = None
    for stamp, what, *rest in (line.split() for line in trace.read_text().splitlines()):
        if what == "action":
            started = float(stamp)
        elif what == "render":
            if started is not None and shown is not None and rest[0] != shown:
                spans.append(float(stamp) - started)
                started = None
            shown = rest[0]
    return spans


def bench_search(data_dir: Path, tagged: int) -> None:
    from papertui.paths import LibraryPaths
    from papertui.search.index import SearchIndex
    from papertui.search.sync import ensure_index, sync
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    with Library(paths.store) as library:
        nums = library.ordered_nums("date")
        chosen = random.Random(7).sample(range(len(nums)), tagged)
        ids = [p.id for p in library.get_by_nums(nums[i] for i in chosen)]
        library.change_tags(ids, add=["x"])
        library.set_bookmarked(ids[: tagged // 2], True)
        index = SearchIndex(paths.index_dir)
        started = time.perf_counter()
        ensure_index(library, index)
        sync(library, index)
        print(
            f"index caught up with {tagged:,} state changes in "
            f"{time.perf_counter() - started:.1f} s"
        )

        def texts(wanted: list[str]) -> dict[str, tuple[str, str]]:
            return {i: (p.title, p.abstract) for i, p in library.get_many(wanted).items()}

        queries = [
            "tag:x",
            "is:bookmarked",
            "tag:x model",
            "is:bookmarked neural network",
            "tag:x is:unread",
            "-tag:x gaussian",
        ]
        for query in queries:
            index.search(query, texts=texts)  # warm
            times = []
            for _ in range(15):
                started = time.perf_counter()
                index.search(query, texts=texts)
                times.append(time.perf_counter() - started)
            print(line(f"search: {query}", times))
        library.change_tags(ids, remove=["x"])
        library.set_bookmarked(ids, False)
        sync(library, index)
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--tagged", type=int, default=10_000)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--skip-reader", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
        f"{time.strftime('%Y-%m-%d')}"
    )
    build(args.data_dir, args.papers)
    bench_store(args.data_dir)
    bench_search(args.data_dir, args.tagged)
    if not args.skip_reader:
        bench_reader(args.data_dir, args.presses)
    print(f"load at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
