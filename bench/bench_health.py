"""What the library health check costs (figures go to docs/BENCHMARKS.md, "Library health").

    python bench/bench_health.py DATA_DIR [--papers 100000] [--runs 7]

DATA_DIR is filled with bench/synth.py papers if it holds fewer than --papers. Then
opening the library for writing (in this process, and whole `papertui show ID`
processes):

1. as papertui left it (the health record matches: no check);
2. after the file changed behind papertui's back (its time touched: `quick_check` runs);

and `backup create` (the snapshot is checked before it is kept).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(data_dir: Path, count: int) -> str:
    from bench.synth import Corpus

    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with Library(paths.store) as library:
        if library.count() < count:
            library.import_papers(Corpus().papers(count))
        return library.get_by_nums(library.ordered_nums("date")[:1])[0].id


def timed(*args: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "papertui", *args], check=True, capture_output=True)
    return time.perf_counter() - began


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    middle = statistics.median(ms)
    return f"{name:<52} median {middle:7.1f} ms   max {ms[-1]:7.1f} ms  (n={len(ms)})"


def opened(store: Path, touch: bool) -> float:
    from papertui.store import Library

    if touch:
        os.utime(store)  # as if another program had written it
    began = time.perf_counter()
    Library(store).close()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    paper_id = build(args.data_dir, args.papers)
    store = args.data_dir / "library.sqlite3"
    base = ("--data-dir", str(args.data_dir))
    opened(store, touch=True)  # writes the health record
    print(f"{args.papers:,} papers, store {store.stat().st_size / 1e6:.0f} MB, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    same = [opened(store, touch=False) for _ in range(args.runs)]
    changed = [opened(store, touch=True) for _ in range(args.runs)]
    shows_same, shows_changed = [], []
    for _ in range(args.runs):
        shows_same.append(timed(*base, "show", paper_id))
        os.utime(store)
        shows_changed.append(timed(*base, "show", paper_id))
    backups = [timed(*base, "backup", "create") for _ in range(3)]
    print(summary("open, record matches (no check)", same))
    print(summary("open, file changed (quick_check)", changed))
    print(summary("`show ID` process, record matches", shows_same))
    print(summary("`show ID` process, file changed (quick_check)", shows_changed))
    print(summary("`backup create` process (snapshot + quick_check)", backups))


if __name__ == "__main__":
    main()
