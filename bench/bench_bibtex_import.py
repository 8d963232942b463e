"""Streamed BibTeX import: rate, CPU time and peak memory of the whole process.

Writes a synthetic BibTeX file (bench/synth.py `write_bibtex`: @string journal
macros, `#` concatenation, month macros, 1-8 authors with TeX accents, 150-250
word abstracts, keywords on half the entries, an annote on a tenth), then runs
`python -m papertui --data-dir FRESH import --no-index FILE` once per source
tree and reports wall time, CPU time (user + system, of that process alone, via
os.wait4), peak RSS and entries/s. CPU time is given because the machine may be
shared: wall time then includes waiting for a core.

    python bench/bench_bibtex_import.py                     # 100k entries, this tree
    python bench/bench_bibtex_import.py 100000 --src before=/work/main/src --src after=src

Figures go to docs/BENCHMARKS.md ("BibTeX import") by hand.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_import import machine
from synth import write_bibtex

BENCH = Path(__file__).resolve().parent


def measure(src: Path, bib: Path, data: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one `papertui import` process."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "papertui", "--data-dir", str(data)]
    command += ["import", "--no-index", str(bib)]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"import with {src} failed (exit {child.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument(
        "--src",
        action="append",
        metavar="LABEL=DIR",
        help="a source tree to run (repeatable; default: this tree's src)",
    )
    args = parser.parse_args()
    trees = [s.split("=", 1) for s in args.src or [f"this={BENCH.parent / 'src'}"]]
    work = Path(tempfile.mkdtemp(prefix="papertui-bench-bib-"))
    try:
        bib = work / "refs.bib"
        write_bibtex(bib, args.count)
        print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f}")
        print(f"corpus: {args.count:,} entries, {bib.stat().st_size / 1e6:,.0f} MB of BibTeX")
        for label, src in trees:
            wall, cpu, rss = measure(Path(src).resolve(), bib, work / f"data-{label}")
            print(
                f"{label:>8}: wall {wall:6.1f} s  CPU {cpu:6.1f} s  peak RSS {rss:6.0f} MB  "
                f"{args.count / wall:6,.0f} entries/s ({args.count / cpu:,.0f} per CPU-s)  "
                f"load {os.getloadavg()[0]:.1f}"
            )
            shutil.rmtree(work / f"data-{label}", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
