"""`papertui search` start-up: whole-process wall and CPU time, beside `papertui --version`.

    python bench/bench_cli_search.py 10000 100000 --workdir /tmp/papertui-cli-bench

Per size, a synthetic library (bench/synth.py) is made once in the work directory
and indexed by a first `papertui search` (not timed); then each command runs
`--runs` times as a fresh process and the median and 90th percentile wall time
and the median CPU time (user + system of the child) are printed, beside
`python -c pass` (the interpreter alone) and `papertui --version`. Queries: a
rare word, a common word, two words, a fielded query, a misspelling and a word
with no match at all (both look for a did-you-mean). With `--before SRC`, every
command also runs with SRC first on the children's PYTHONPATH (an older
checkout's `src`), on its own copy of the library (index formats may differ),
alternating run by run so both see the same machine load.

The children may write bytecode caches (PYTHONDONTWRITEBYTECODE is dropped from
their environment), as an installed papertui has them: otherwise every run
would compile papertui's modules again. `python -X importtime` on one of the
commands shows where the import time goes. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synth import Corpus

from papertui.store import Library

FIELDED = ["author:silva", "cat:cs.LG", "year:2015..2020"]
COMMANDS: list[tuple[str, list[str]]] = [
    ("python -c pass", []),  # no arguments: the interpreter alone, the floor
    ("papertui --version", ["--version"]),
    ("search rare word (colrabe)", ["search", "--limit", "5", "colrabe"]),
    ("search common word (model)", ["search", "--limit", "5", "model"]),
    ("search two words", ["search", "--limit", "5", "neural", "network"]),
    ("search fielded (author: cat: year:)", ["search", "--limit", "5", *FIELDED]),
    ("search misspelt (netwrok)", ["search", "--limit", "5", "netwrok"]),
    ("search no match (qqqzzz)", ["search", "--limit", "5", "qqqzzz"]),
]


def prepare(size: int, workdir: Path, name: str, env: dict[str, str]) -> Path:
    data = workdir / f"{name}{size}"
    data.mkdir(parents=True, exist_ok=True)
    store = data / "library.sqlite3"
    first = workdir / f"data{size}" / "library.sqlite3"
    if not store.exists() and first.exists() and name != "data":
        shutil.copy(first, store)
    with Library(store) as library:
        if library.count() != size:
            library.import_papers(Corpus().papers(size))
    run(data, ["search", "--limit", "1", "warmup"], env)  # builds or catches up the index
    return data


def run(data: Path, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "papertui.cli.main", "--data-dir", str(data), *args]
    start = time.perf_counter()
    subprocess.run(
        command if args else [sys.executable, "-c", "pass"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _row(label: str, times: list[tuple[float, float]]) -> str:
    walls, cpus = zip(*times, strict=True)
    p90 = statistics.quantiles(walls, n=10, method="inclusive")[-1]
    return (
        f"  {label:<44} {statistics.median(walls):6.3f} s  {p90:6.3f} s  "
        f"{statistics.median(cpus):6.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/papertui-cli-bench"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="the older code's src directory")
    args = parser.parse_args()
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    envs = {"after": cached}
    if args.before:
        old_path = [str(args.before.resolve()), os.environ.get("PYTHONPATH", "")]
        envs = {"before": {**cached, "PYTHONPATH": os.pathsep.join(old_path)}, **envs}
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    for size in args.sizes:
        dirs = {
            name: prepare(size, args.workdir, "data" if name == "after" else name, env)
            for name, env in envs.items()
        }
        print(f"\n{size:,} papers, {args.runs} runs each: wall median, wall p90, CPU median")
        for label, command in COMMANDS:
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in envs}
            for name, env in envs.items():
                run(dirs[name], command, env)  # page cache warm, like a second query
            for _ in range(args.runs):
                for name, env in envs.items():
                    times[name].append(run(dirs[name], command, env))
            for name in envs:
                print(_row(f"{label} [{name}]" if args.before else label, times[name]))
        print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
