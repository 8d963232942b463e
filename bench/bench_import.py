"""Import and CLI-latency benchmark for the library core.

Measures, on a synthetic arXiv bulk snapshot (bench/synth.py):
- import speed into the store (papers/s), whole `papertui import` process,
  without the search index (`--no-index`) and, separately, a re-import;
- `papertui show ID` and `papertui stats` wall time, whole process, on the
  resulting library.

    python bench/bench_import.py            # 100k papers (default)
    python bench/bench_import.py 10000      # smaller

Figures go to docs/BENCHMARKS.md by hand, with the machine and date printed here.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_snapshot


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {date.today()}"


def run(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "papertui.cli.main", *args], check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = Path(tempfile.mkdtemp(prefix="papertui-bench-"))
    try:
        snapshot = work / "snapshot.jsonl"
        write_snapshot(snapshot, count)
        size_mb = snapshot.stat().st_size / 1e6
        data = str(work / "data")
        print(f"machine: {machine()}")
        print(f"corpus: {count:,} papers, {size_mb:,.0f} MB of snapshot JSON lines")

        first = run("--data-dir", data, "import", "--no-index", str(snapshot))
        print(f"import (empty library): {first:6.2f} s  {count / first:8,.0f} papers/s")
        again = run("--data-dir", data, "import", "--no-index", str(snapshot))
        print(f"re-import (all unchanged): {again:6.2f} s  {count / again:8,.0f} papers/s")
        store_mb = (work / "data" / "library.sqlite3").stat().st_size / 1e6
        print(f"store size: {store_mb:,.0f} MB ({store_mb * 1e6 / count:,.0f} bytes/paper)")

        for name, args in (("show", ("show", "0701.00000")), ("stats", ("stats",))):
            times = [run("--data-dir", data, *args) for _ in range(7)]
            print(
                f"papertui {name}: median {statistics.median(times) * 1000:5.0f} ms, "
                f"max {max(times) * 1000:5.0f} ms (whole process, 7 runs)"
            )
        floor = [run("--version") for _ in range(7)]
        print(
            f"papertui --version (interpreter + import floor): "
            f"median {statistics.median(floor) * 1000:5.0f} ms"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
