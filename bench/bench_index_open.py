"""Opening the index as a command does: the checks on open, before/after, in fresh processes.

    python bench/bench_index_open.py 10000 100000 --workdir /tmp/papertui-open \\
        --before /work/main/src --after src

Builds (once) a synthetic library of each size (bench/synth.py) and its index
with the `--after` code. Then, alternating, fresh processes of each source tree
time `ensure_index` on the up-to-date index (open + checks + an empty catch-up),
the first query after it, and a second query; "after" also times the daily full
CRC check (forced by clearing the meta file's `checked` stamp). Wall and CPU
time; medians and maxima of `--reps` runs. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

CHILD = """
import json, sys, time
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
from papertui.search.index import SearchIndex
from papertui.search import sync
from papertui.store import Library
base = Path(sys.argv[1])
if sys.argv[2] == "full":
    meta = sync.read_meta(base / "index")
    meta["checked"] = 0
    (base / "index" / sync.META_FILE).write_text(json.dumps(meta))
t1, c1 = time.perf_counter(), time.process_time()
library = Library(base / "library.sqlite3", readonly=True)
index = SearchIndex(base / "index")
status = sync.ensure_index(library, index)
t2, c2 = time.perf_counter(), time.process_time()
index.search("neural network ", limit=50, highlight_limit=0)
t3 = time.perf_counter()
index.search("diffusion model ", limit=50, highlight_limit=0)
t4 = time.perf_counter()
assert not getattr(status, "rebuilt", ""), status
print(json.dumps({"import": t1 - t0, "ensure": t2 - t1, "ensure_cpu": c2 - c1,
                  "first_query": t3 - t2, "second_query": t4 - t3}))
"""


def prepare(size: int, workdir: Path, after: Path) -> Path:
    base = workdir / str(size)
    if (base / "index").exists():
        return base
    base.mkdir(parents=True, exist_ok=True)
    script = "\n".join(
        [
            "import sys; sys.path.insert(0, 'bench')",
            "from pathlib import Path",
            "from synth import Corpus",
            "from papertui.store import Library",
            "from papertui.search.index import SearchIndex",
            "from papertui.search.sync import rebuild",
            f"lib = Library(Path('{base}') / 'library.sqlite3')",
            f"lib.import_papers(Corpus().papers({size}))",
            f"rebuild(lib, SearchIndex(Path('{base}') / 'index'))",
        ]
    )
    subprocess.run([sys.executable, "-c", script], env=_env(after), check=True)
    return base


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src.resolve())}


def run(src: Path, base: Path, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(base), mode],
        env=_env(src),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/papertui-open"))
    parser.add_argument("--before", type=Path, required=True, help="src/ of the old code")
    parser.add_argument("--after", type=Path, default=Path("src"))
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for size in args.sizes:
        base = prepare(size, args.workdir, args.after)
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": [], "full": []}
        for _ in range(args.reps):
            runs["before"].append(run(args.before, base, "open"))
            runs["after"].append(run(args.after, base, "open"))
        for _ in range(max(args.reps // 2, 1)):
            runs["full"].append(run(args.after, base, "full"))
        for name, results in runs.items():
            line = ", ".join(
                f"{key} {1000 * statistics.median(r[key] for r in results):.0f}"
                f"/{1000 * max(r[key] for r in results):.0f} ms"
                for key in ("ensure", "ensure_cpu", "first_query", "second_query")
            )
            print(f"{size:>7} {name:>6}: {line}  (median/max of {len(results)})")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
