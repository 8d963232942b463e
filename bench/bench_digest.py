"""Watches and the digest on a large library (figures go to docs/BENCHMARKS.md, "Digest").

    python bench/bench_digest.py DATA_DIR [--papers 100000] [--new 1000] [--runs 5]

DATA_DIR gets --papers synthetic papers (bench/synth.py, seed 42) and its index if it
has fewer. Three watches are added (a frequent title word, an author, a category with
a word) and run once (their baseline); --new papers (seed 7) are imported, which runs
the watches and flags what they match. Then whole `papertui` processes are timed:
`watch run` (every watch searched over the library, nothing new) and
`digest --format html -o FILE` (the watches again, then the digest written).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))  # this checkout's papertui, as the timed processes use


def build(data_dir: Path, count: int) -> None:
    from bench.synth import Corpus

    from papertui.paths import LibraryPaths
    from papertui.search.index import SearchIndex
    from papertui.search.sync import ensure_index
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with Library(paths.store) as library:
        if library.count() < count:
            library.import_papers(Corpus().papers(count))
        index = SearchIndex(paths.index_dir)
        ensure_index(library, index)
        index.close()


def new_papers_file(path: Path, count: int) -> None:
    """--new papers of another seed, with ids of their own, as papertui JSON."""
    from bench.synth import Corpus

    from papertui.importers import write_papertui_json

    papers = [
        p.with_changes(id=f"2601.{n:05d}", arxiv_id=f"2601.{n:05d}", published="2026-01-05")
        for n, p in enumerate(Corpus(seed=7).papers(count))
    ]
    with path.open("w", encoding="utf-8") as fh:
        write_papertui_json(iter(papers), fh, {})


def timed(env: dict[str, str], *args: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "papertui", *args], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        times.append(time.perf_counter() - started)
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(
        f"{name:<52} median {statistics.median(ms):7.0f} ms   max {ms[-1]:7.0f} ms  (n={len(ms)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    build(args.data_dir, args.papers)
    from bench.synth import Corpus

    words = Corpus().title_words
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PAPERTUI_DATA_DIR": str(args.data_dir),
            "PAPERTUI_CONFIG": f"{tmp}/config.toml",
            "PYTHONPATH": str(ROOT / "src"),
        }

        def run(*words: str) -> str:
            command = [sys.executable, "-m", "papertui", *words]
            return subprocess.run(
                command, env=env, check=True, capture_output=True, text=True
            ).stdout

        print(run("watch", "add", "frequent", words[40]).strip())
        print(run("watch", "add", "author", "--author", "María Wang").strip())
        print(run("watch", "add", "category", f"cat:cs.LG {words[300]}").strip())
        new_file = Path(tmp) / "new.json"
        new_papers_file(new_file, args.new)
        started = time.perf_counter()
        print(run("import", str(new_file)).strip())
        print(f"import of {args.new} new papers, index update and 3 watches: "
              f"{time.perf_counter() - started:.2f} s (one run)")  # fmt: skip
        report("papertui watch run (3 watches, nothing new)", timed(env, "watch", "run",
                                                                    runs=args.runs))  # fmt: skip
        report("papertui digest --format html -o FILE", timed(
            env, "digest", "--since", "2000-01-01", "--format", "html", "-o", f"{tmp}/d.html",
            runs=args.runs))  # fmt: skip
        print(f"digest size: {Path(tmp, 'd.html').stat().st_size / 1024:.0f} kB")


if __name__ == "__main__":
    main()
