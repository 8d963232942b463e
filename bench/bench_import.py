"""Import and CLI-latency benchmark for the library core.

Measures, on a synthetic arXiv bulk snapshot (bench/synth.py):
- import speed into the store (papers/s), whole `papertui import` process,
  without the search index (`--no-index`) and, separately, a re-import;
- `papertui show ID` and `papertui stats` wall time, whole process, on the
  resulting library.

    python bench/bench_import.py            # 100k papers (default)
    python bench/bench_import.py 10000      # smaller
    python bench/bench_import.py --imports-only   # the two imports, not show/stats

Figures go to docs/BENCHMARKS.md by hand, with the machine and date printed here.
"""

from __future__ import annotations

import os
import platform
import resource
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


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(*args: str) -> float:
    return run_timed(*args)[0]


def run_timed(*args: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole papertui process. On a shared machine the CPU
    seconds are the steadier figure: other jobs stretch the wall time, not them."""
    started, cpu = time.perf_counter(), child_cpu()
    subprocess.run(
        [sys.executable, "-m", "papertui.cli.main", *args], check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started, child_cpu() - cpu


def rate(label: str, count: int, wall: float, cpu: float) -> None:
    print(
        f"{label}: {wall:6.2f} s {count / wall:8,.0f} papers/s; "
        f"{cpu:6.2f} CPU-s {count / cpu:8,.0f} papers per CPU-second"
    )


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    count = int(numbers[0]) if numbers else 100_000
    work = Path(tempfile.mkdtemp(prefix="papertui-bench-"))
    try:
        snapshot = work / "snapshot.jsonl"
        write_snapshot(snapshot, count)
        size_mb = snapshot.stat().st_size / 1e6
        data = str(work / "data")
        print(f"machine: {machine()}")
        print(f"corpus: {count:,} papers, {size_mb:,.0f} MB of snapshot JSON lines")

        rate(
            "import (empty library)",
            count,
            *run_timed("--data-dir", data, "import", "--no-index", str(snapshot)),
        )
        rate("re-import (all unchanged)", count,
             *run_timed("--data-dir", data, "import", "--no-index", str(snapshot)))  # fmt: skip
        if "--imports-only" in sys.argv:
            return
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
