"""Full-text reading: parse a 60-page LaTeXML paper, open a saved 20-page one, search
inside a paper, and the memory an open paper holds.

Run: `python bench/bench_reading.py` (uses tests/fixtures/papers/long60.html, made by
tests/fixtures/papers/make.sh from gen_long.py --pages 60). Results: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from papertui.reading.document import Heading
from papertui.reading.find import block_text, find
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.latexml import parse_latexml
from papertui.reading.sources import Download, Source

PAPERS = Path(__file__).parents[1] / "tests" / "fixtures" / "papers"
LONG = PAPERS / "long60.html"
LONG_MATH = PAPERS / "long60math.html"  # the same shape with nine formulas a paragraph


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, max) wall milliseconds over `runs` calls, after one warm-up call."""
    return timed_cpu(fn, runs)[:2]


def timed_cpu(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(median wall, max wall, median CPU) milliseconds: CPU time is steadier on a busy machine."""
    fn()
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_memory() -> None:
    """In a fresh process: what parsing and holding the 60-page paper costs in RSS."""
    data = LONG.read_bytes()
    parse_latexml(b'<html><article class="ltx_document"><p>warm</p></article></html>')
    gc.collect()
    before = rss_mb()
    doc = parse_latexml(data, source="bench")
    texts = [block_text(b) for b in doc.blocks]
    gc.collect()
    held, peak = rss_mb() - before, rss_mb("VmHWM") - before
    print(f"memory: an open 60-page paper (document + {len(texts)} block texts) holds "
          f"{held:.1f} MB of RSS; parsing peaked {peak:.1f} MB above the start "
          "(target < 100 MB)")  # fmt: skip


def main() -> int:
    if "--memory" in sys.argv:
        measure_memory()
        return 0
    data = LONG.read_bytes()
    doc = parse_latexml(data, source="bench")
    sections = sum(1 for b in doc.blocks if isinstance(b, Heading) and b.level == 1)
    print(f"60-page paper: {len(data) / 1024:.0f} kB of HTML, {len(doc.blocks)} blocks, "
          f"{sections} sections, {len(doc.references)} references")  # fmt: skip

    for path in (LONG, LONG_MATH):
        page = path.read_bytes()
        median, worst, cpu = timed_cpu(lambda p=page: parse_latexml(p, source="bench"), 7)
        print(f"parse 60-page LaTeXML paper {path.name} ({len(page) / 1024:.0f} kB): "
              f"{median:.0f} ms median, {worst:.0f} ms max, {cpu:.0f} ms CPU "
              "(target < 1 s)")  # fmt: skip

    with tempfile.TemporaryDirectory() as temp:
        store = FullTextStore(Path(temp) / "raw", Path(temp) / "parsed")
        third = sections // 3
        cut = next(i for i, (_, h) in enumerate(doc.headings()) if h.number == str(third + 1))
        short = parse_latexml(data, source="bench")
        short.blocks = short.blocks[: doc.headings()[cut][0]]
        source = Source("arXiv HTML", "html", "http://bench/html/2501.00020")
        store.save("2501.00020", Download(source, data, short, ()))
        store.save("2501.00060", Download(source, data, doc, ()))
        for name, paper_id in (("20-page", "2501.00020"), ("60-page", "2501.00060")):
            median, worst = timed(lambda i=paper_id: store.load(i), 15)
            print(f"open saved {name} paper (parsed copy from disk): {median:.1f} ms median, "
                  f"{worst:.1f} ms max (target < 200 ms)")  # fmt: skip

    texts = [block_text(b) for b in doc.blocks]
    for query in ("gradient bound", "sorting", "zzz-no-match"):
        median, worst = timed(lambda q=query: find(doc, q, texts), 25)
        hits = len(find(doc, query, texts))
        print(f"search 60-page paper for {query!r} ({hits} matches): {median:.2f} ms median, "
              f"{worst:.2f} ms max (target < 50 ms)")  # fmt: skip
    median, _ = timed(lambda: find(doc, "gradient bound"), 10)
    print(f"  the same without the view's block texts kept: {median:.2f} ms median")

    memory = subprocess.run(
        [sys.executable, __file__, "--memory"], capture_output=True, text=True, check=True
    )
    print(memory.stdout.strip())
    print(f"Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
