"""Search benchmark: build, query latency, suggestions, related, cold start, size.

    python bench/bench_search.py 10000 100000 --workdir /tmp/papertui-bench

Builds a library of synthetic papers (bench/synth.py) per size, indexes it
with `papertui.search.sync.rebuild`, then times queries through `SearchIndex`
(top 50, highlights for the first 20 using texts from the store) and the same
queries on SQLite FTS5 over the same corpus as a yardstick. Wall and CPU
times are both reported: CPU time is what the code costs, wall time is what
a user waits for on a shared machine; the load average is recorded too.

Each query set is timed twice: "cold" drops the searcher's cached term
postings before every query (what a never-seen query costs), "warm" repeats
the queries (words already used recently, e.g. while typing). As-you-type
replays every keystroke of a few words. With PAPERTUI_STOCK_WHOOSH=1 the
same figures are taken with Whoosh's own writer and searcher. Not part of the
test suite.
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

from papertui.search import whoosh_internals
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
# the first one or two letters of a query: the most expanded prefixes (session 3)
SHORT = ["g", "q", "d", "b", "r", "gr", "qu", "di", "ba", "ro"]
KEYSTROKES = ["transformers", "neural networks", "diffusion models", "quantum", "graph learning"]
PHRASES = ['"neural network" ', '"deep learning" model ', '"graph neural" ', '"language model" ']
TYPOS = ["gausian splating", "quantm", "reinforcment learning", "difusion", "netwrk pruning"]
SORTED = [("model", "date"), ("quantum", "title"), ("graph neural", "upvotes")]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def keystrokes(text: str) -> list[str]:
    """What the search box holds after each key from the third character on."""
    return [text[:n] for n in range(3, len(text) + 1)]


def measure_many(calls: list, reps: int, before=None) -> dict[str, float]:  # type: ignore[no-untyped-def]
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(reps):
        for fn in calls:
            if before is not None:
                before()
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
        "load": os.getloadavg()[0],
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
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
from papertui.search.index import SearchIndex
from papertui.store import Library
lib = Library(Path(sys.argv[2]))
ix = SearchIndex(Path(sys.argv[1]))
t1, c1 = time.perf_counter(), time.process_time()
def texts(ids):
    return {k: (p.display_title, p.display_abstract) for k, p in lib.get_many(ids).items()}
r = ix.search("neural network ", texts=texts)
t2, c2 = time.perf_counter(), time.process_time()
def rss():  # current resident set (ru_maxrss would include the parent's, kept over exec)
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
rss1 = rss()
for q in ("model ", "deep learning model ", "transf", "graph neural "):
    ix.search(q, texts=texts)
rss2 = rss()
print((t1 - t0) * 1000, (t2 - t1) * 1000, (c2 - c1) * 1000, r.total, rss1, rss2)
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
            "cpu_s": time.process_time() - c,
            "per_cpu_s": count / (time.process_time() - c),
            "load": os.getloadavg()[0],
        }
    size = sum(f.stat().st_size for f in index_dir.iterdir())
    out["index_bytes"] = size
    out["bytes_per_paper"] = size / library.count()
    text = sum(
        len(p.title.encode()) + len(p.abstract.encode()) + sum(len(a.name) + 2 for a in p.authors)
        for p in library.iter_changed(0)
    )
    out["text_bytes_per_paper"] = text / library.count()

    def texts(ids: list[str]) -> dict[str, tuple[str, str]]:
        return {k: (p.display_title, p.display_abstract) for k, p in library.get_many(ids).items()}

    index.search("warm up", texts=texts)

    def q(text: str, sort: str = "relevance"):  # type: ignore[no-untyped-def]
        return lambda: index.search(text, sort=sort, texts=texts)

    cold = index.clear_caches
    sets = {
        "common": [q(s + " ") for s in COMMON],
        "middle": [q(s + " ") for s in MIDDLE],
        "rare": [q(s + " ") for s in RARE],
        "phrases": [q(s) for s in PHRASES],
        "as_you_type": [q(s) for s in TYPING],
        "short_prefixes": [q(s) for s in SHORT],
        "sorted": [q(s + " ", sort) for s, sort in SORTED],
    }
    for name, calls in sets.items():
        out[name + "_cold"] = measure_many(calls, max(1, reps // 2), before=cold)
        out[name] = measure_many(calls, reps)
    typed = [q(k) for word in KEYSTROKES for k in keystrokes(word)]
    index.clear_caches()
    out["keystrokes"] = measure_many(typed, 1)
    out["suggest"] = measure_many([lambda s=s: index.suggest(s) for s in TYPOS], reps)
    rng = random.Random(7)
    ids = [p.id for p in library.get_by_nums(rng.sample(range(1, library.count() + 1), 20))]
    rel = [lambda i=i: index.related(i) for i in ids]
    out["related_cold"] = measure_many(rel, 1, before=cold)
    out["related"] = measure_many(rel, max(1, reps // 2))
    out["totals"] = {s: index.search(s + " ").total for s in COMMON[:3]}
    # peak of this process, which also built the index (see "cold" for a reader's RSS)
    out["rss_mb_peak_bench"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index.close()
    colds = []
    for _ in range(3):
        res = subprocess.run(
            [sys.executable, "-c", COLD, str(index_dir), str(base / "library.sqlite3")],
            capture_output=True,
            text=True,
            check=True,
        )
        imp, first, cpu, _total, rss, rss2 = res.stdout.split()
        colds.append((float(imp), float(first), float(cpu), float(rss), float(rss2)))
    out["cold"] = {
        "import_ms": statistics.median(c[0] for c in colds),
        "open_and_first_query_ms": statistics.median(c[1] for c in colds),
        "open_and_first_query_cpu_ms": statistics.median(c[2] for c in colds),
        "rss_mb_after_first_query": statistics.median(c[3] for c in colds),
        "rss_mb_after_5_queries": statistics.median(c[4] for c in colds),
        "load": os.getloadavg()[0],
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
    out["phrases"] = measure_many([q(s) for s in PHRASES], reps)
    out["as_you_type"] = measure_many([q(s + "*") for s in TYPING], reps)
    typed = [q(k + "*") for word in KEYSTROKES for k in keystrokes(word)]
    out["keystrokes"] = measure_many(typed, 1)
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
        # "stock" with PAPERTUI_STOCK_WHOOSH=1: Whoosh's own writer and searcher
        "index_format": whoosh_internals.index_format(),
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
