"""Search benchmark: build, query latency, suggestions, related, cold start, size.

    python bench/bench_search.py 10000 100000 --workdir /tmp/papertui-bench

Builds a library of synthetic papers (bench/synth.py) per size, indexes it
with `papertui.search.sync.rebuild`, then times queries through `SearchIndex`
(top 50, highlights for the first 20 using texts from the store) and the same
queries on SQLite FTS5 over the same corpus as a yardstick. Wall and CPU
times are both reported: CPU time is what the code costs, wall time is what
a user waits for on a shared machine. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import Corpus

from papertui.search.index import SearchIndex
from papertui.search.sync import rebuild
from papertui.store import Library

COMMON = ["model", "learning", "neural network", "deep learning model", "data", "results"]
MIDDLE = [
    "gaussian splatting",
    "quantum",
    "graph neural",
    "diffusion model",
    "pruning",
    "reinforcement learning policy",
    "dark matter",
    "privacy federated",
]
RARE = ["splatting radiance", "equilibrium market game", "galaxy stellar", "protein molecular"]
TYPING = ["transf", "neural netw", "grap", "diffusion mod", "quant", "reinforcement lea"]
TYPOS = ["gausian splating", "quantm", "reinforcment learning", "difusion", "netwrk pruning"]
SORTED = [("model", "date"), ("quantum", "title"), ("graph neural", "upvotes")]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def measure_many(calls: list, reps: int) -> dict[str, float]:  # type: ignore[type-arg]
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(reps):
        for fn in calls:
            w, c = time.perf_counter(), time.process_time()
            fn()
            walls.append((time.perf_counter() - w) * 1000)
            cpus.append((time.process_time() - c) * 1000)
    return {
        "p50": statistics.median(walls),
        "p95": pct(walls, 95),
        "cpu_p50": statistics.median(cpus),
        "cpu_p95": pct(cpus, 95),
        "n": len(walls),
    }


def prepare(size: int, workdir: Path) -> tuple[Library, Path]:
    base = workdir / f"lib{size}"
    base.mkdir(parents=True, exist_ok=True)
    library = Library(base / "library.sqlite3")
    if library.count() != size:
        library.import_papers(Corpus().papers(size))
    return library, base


COLD = """
import time, sys
t0 = time.perf_counter()
from papertui.search.index import SearchIndex
ix = SearchIndex(__import__('pathlib').Path(sys.argv[1]))
t1 = time.perf_counter()
r = ix.search("neural network ")
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, r.total)
"""


def bench_whoosh(library: Library, base: Path, reps: int, skip_build: bool) -> dict:
    out: dict = {}
    index_dir = base / "index"
    index = SearchIndex(index_dir)
    if not skip_build or not index_dir.exists():
        w, c = time.perf_counter(), time.process_time()
        count = rebuild(library, index)
        wall = time.perf_counter() - w
        out["build"] = {
            "papers": count,
            "wall_s": wall,
            "per_s": count / wall,
            "main_cpu_s": time.process_time() - c,
        }
    size = sum(f.stat().st_size for f in index_dir.iterdir())
    out["index_bytes"] = size
    out["bytes_per_paper"] = size / library.count()

    def texts(ids: list[str]) -> dict[str, tuple[str, str]]:
        return {k: (p.display_title, p.display_abstract) for k, p in library.get_many(ids).items()}

    index.search("warm up", texts=texts)

    def q(text: str, sort: str = "relevance"):  # type: ignore[no-untyped-def]
        return lambda: index.search(text, sort=sort, texts=texts)

    out["common"] = measure_many([q(s + " ") for s in COMMON], reps)
    out["middle"] = measure_many([q(s + " ") for s in MIDDLE], reps)
    out["rare"] = measure_many([q(s + " ") for s in RARE], reps)
    out["as_you_type"] = measure_many([q(s) for s in TYPING], reps)
    out["sorted"] = measure_many([q(s + " ", sort) for s, sort in SORTED], reps)
    out["suggest"] = measure_many([lambda s=s: index.suggest(s) for s in TYPOS], reps)
    rng = random.Random(7)
    ids = [p.id for p in library.get_by_nums(rng.sample(range(1, library.count() + 1), 20))]
    out["related"] = measure_many([lambda i=i: index.related(i) for i in ids], max(1, reps // 2))
    out["totals"] = {s: index.search(s + " ").total for s in COMMON[:3]}
    out["rss_mb_after_queries"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index.close()
    colds = []
    for _ in range(3):
        res = subprocess.run(
            [sys.executable, "-c", COLD, str(index_dir)], capture_output=True, text=True, check=True
        )
        imp, first, _total = res.stdout.split()
        colds.append((float(imp), float(first)))
    out["cold"] = {
        "import_ms": statistics.median(c[0] for c in colds),
        "open_and_first_query_ms": statistics.median(c[1] for c in colds),
    }
    return out


def bench_fts5(library: Library, base: Path, reps: int) -> dict:
    path = base / "fts5.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, authors, abstract, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    w = time.perf_counter()
    rows = (
        (p.id, p.title, " ; ".join(a.name for a in p.authors), p.abstract)
        for p in library.iter_changed(0)
    )
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
    db.commit()
    wall = time.perf_counter() - w
    out: dict = {
        "build": {"wall_s": wall, "per_s": library.count() / wall},
        "bytes_per_paper": path.stat().st_size / library.count(),
    }
    sql = (
        "SELECT id, highlight(t, 1, '[', ']'), snippet(t, 3, '[', ']', '…', 30) FROM t "
        "WHERE t MATCH ? ORDER BY bm25(t, 0, 3.0, 2.0, 1.0) LIMIT 50"
    )

    def q(text: str):  # type: ignore[no-untyped-def]
        return lambda: db.execute(sql, (text,)).fetchall()

    out["common"] = measure_many([q(s) for s in COMMON], reps)
    out["middle"] = measure_many([q(s) for s in MIDDLE], reps)
    out["rare"] = measure_many([q(s) for s in RARE], reps)
    out["as_you_type"] = measure_many([q(s + "*") for s in TYPING], reps)
    db.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/papertui-bench"))
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true", help="reuse an existing index")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    report: dict = {
        "python": sys.version.split()[0],
        "nproc": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
        "load_before": os.getloadavg(),
    }
    for size in args.sizes:
        library, base = prepare(size, args.workdir)
        report[str(size)] = {
            "whoosh": bench_whoosh(library, base, args.reps, args.skip_build),
            "fts5": bench_fts5(library, base, args.reps),
        }
        report["load_after"] = os.getloadavg()
        library.close()
        print(json.dumps(report[str(size)], indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
