"""The reading view through tmux, as bench_tui.py measures the detail pane: a scroll key
(`j`, one line; `space`, a page; `tab`, the next citation) → the change on screen, and the
reader's memory before and after opening a 60-page paper (VmRSS, MB).

    python bench/bench_reading_scroll.py [--moves 150] [--paper long60.html]

The reader runs in a tmux session (120x36) on a library of one paper whose full text
(tests/fixtures/papers/long60*.html) is saved, through bench/traced_reader.py (reading
mode), which stamps inside the process each moving key received and each frame written:
key → first frame after it ("inproc", with the CPU time of that span) is the figure that
does not depend on the machine's load; the tmux figures are what a user sees. bench_floor
is the method's own floor (a bare Textual app repainting a line per key), in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_tui  # noqa: E402  (after the path is set)
from bench.bench_tui import (  # noqa: E402
    PYTHON,
    SESSION,
    _capture,
    _kill_session,
    _send,
    _summary,
    _time_change,
    bench_floor,
    pct,
    tmux_time_to_text,
)

PAPERS = ROOT / "tests" / "fixtures" / "papers"
ARXIV_ID = "2401.00001"
SIZE = (120, 36)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_data(tmp: Path, paper: str) -> Path:
    from papertui.models import Paper
    from papertui.paths import LibraryPaths
    from papertui.reading.fulltext_store import FullTextStore
    from papertui.reading.sources import Download, Source, parse_source
    from papertui.store import Library

    data = tmp / "data"
    paths = LibraryPaths(data)
    paths.ensure()
    with Library(paths.store) as library:
        library.import_papers([Paper(id=ARXIV_ID, title="Bench paper", arxiv_id=ARXIV_ID)])
    body = (PAPERS / paper).read_bytes()
    source = Source("arXiv HTML", "html", f"https://arxiv.org/html/{ARXIV_ID}")
    download = Download(source, body, parse_source(source, body), ())
    FullTextStore.for_data_dir(data).save(ARXIV_ID, download)
    return data


def text_lines(screen: list[str]) -> list[str]:
    return screen[: SIZE[1] - 3]  # the paper's text (status line and footer apart)


def moves(key: str, count: int, rest: float) -> list[float]:
    times = []
    for _ in range(count):
        times.append(_time_change([key], text_lines))
        time.sleep(rest)
    return times


def inproc(lines: list[str], counts: dict[str, int]) -> dict[str, float]:
    """Per key, from the reader's own stamps: key received → the first frame written after
    it, and the process's CPU time over that span; keys in the order they were sent."""
    keys: list[tuple[float, float]] = []
    frames: list[tuple[float, float]] = []
    for stamp, what, *rest in (line.split() for line in lines):
        if what == "key":
            keys.append((float(stamp), float(rest[0])))
        elif what == "frame":
            frames.append((float(stamp), float(rest[0])))
    latency, cpu = [], []
    for n, (t, c) in enumerate(keys):
        until = keys[n + 1][0] if n + 1 < len(keys) else float("inf")
        first = next(((f, fc) for f, fc in frames if t < f < until), None)
        latency.append(1000 * (first[0] - t) if first else float("nan"))
        cpu.append(1000 * (first[1] - c) if first else float("nan"))
    results: dict[str, float] = {}
    start = 0
    for name, count in counts.items():
        for label, values in (("inproc", latency), ("cpu", cpu)):
            done = [v for v in values[start : start + count] if v == v]
            results[f"{name}_{label}_p50_ms"] = statistics.median(done) if done else float("nan")
            results[f"{name}_{label}_p95_ms"] = pct(done, 0.95) if done else float("nan")
        start += count
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=150)
    parser.add_argument("--paper", default="long60.html")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papertui-bench-scroll-") as tmp_name:
        tmp = Path(tmp_name)
        env = {
            "PAPERTUI_CONFIG": str(tmp / "config.toml"),
            "PAPERTUI_CACHE_DIR": str(tmp / "cache"),
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        }
        os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
        data = make_data(tmp, args.paper)
        results: dict[str, float] = {}
        results.update(bench_floor())
        trace = tmp / "trace.log"
        tracer = str(ROOT / "bench" / "traced_reader.py")
        command = ["env", *(f"{k}={v}" for k, v in env.items()), PYTHON, tracer]
        command += [str(data), str(trace), "reading"]
        _, pid = tmux_time_to_text(command, "Bench paper", SIZE)
        time.sleep(2.0)  # the index opens in the background
        results["reader_rss_mb"] = rss_mb(pid)
        _send("r")
        deadline = time.perf_counter() + 30
        while "A Long Test Paper" not in "\n".join(_capture(SESSION)):
            if time.perf_counter() > deadline:
                raise SystemExit("the paper did not open")
            time.sleep(0.01)
        time.sleep(3.0)  # the rest of the paper wrapped a slice at a time
        results["paper_open_rss_mb"] = rss_mb(pid)
        counts = {"j_line": args.moves, "space_page": args.moves // 5, "tab_citation": 30}
        results.update(_summary("j_line", moves("j", counts["j_line"], 0.05)))
        results.update(_summary("space_page", moves("space", counts["space_page"], 0.1)))
        _send("g")
        time.sleep(0.3)
        results.update(_summary("tab_citation", moves("tab", counts["tab_citation"], 0.1)))
        results["after_scrolling_rss_mb"] = rss_mb(pid)
        results["peak_rss_mb"] = rss_mb(pid, "VmHWM")
        _send("q")  # (killing the session alone can leave the reader waiting on its pty)
        deadline = time.perf_counter() + 10
        while Path(f"/proc/{pid}").exists() and time.perf_counter() < deadline:
            time.sleep(0.05)
        _kill_session()
        results.update(inproc(trace.read_text().splitlines(), counts))
    results["open_paper_extra_mb"] = results["after_scrolling_rss_mb"] - results["reader_rss_mb"]
    print(f"tmux poller: {bench_tui.POLLER}; {args.paper}; {SIZE[0]}x{SIZE[1]}")
    for name, value in results.items():
        print(f"{name:28} {value:8.1f}")
    if statistics.fmean([results["j_line_missed"], results["space_page_missed"]]):
        print("some keys changed nothing on screen within 3 s (missed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
