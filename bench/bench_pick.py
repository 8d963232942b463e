"""`papertui pick` start-up and filtering on a large library (docs/BENCHMARKS.md, "pick").

    python bench/bench_pick.py DATA_DIR [--papers 100000] [--runs 5] [--json OUT]
        [--only first,cpu,keys,floor,search] [--passes 5] [--phases TRACE_FILE]

BENCH_PYTHON=/path/to/wrapper runs the picker with another interpreter or PYTHONPATH
(e.g. a copy of the sources before a change) for A/B runs.

Creates DATA_DIR with synthetic papers (bench/synth.py, as bench_tui.py) if it is empty
and builds its index, then runs the real command in tmux with stdout redirected to a
file, as an editor runs it, and watches the screen through one control-mode client
(bench/tmux_control.py):

1. first frame: process start -> the newest paper's title on screen (the frame painted
   before Textual starts, `ui/pick/first_frame.py`, where it is painted); beside it, a
   bare Textual hello-world (the floor: Python and Textual starting on this machine,
   now), the same command on a library of 10 papers (what does not depend on the size);
   interactive: process start -> a key typed as soon as the frame shows is in the query
   box (Textual running and reading keys); process start -> index open (the status line
   stops saying "opening": typing is answered with results from then); and the CPU time
   the process used until the painted frame and until Textual's first frame
   (load-independent), with hello-world's;
2. keystrokes: each key of the queries below typed one at a time, in `--passes` new
   pickers; per key, the time until the status line names the query typed so far (the
   list and the status line change in the same handler, so the results are on screen
   then), over all the keys of all passes, and each pass's p95; with `--phases`, each
   key split at stamps the picker writes (`traced_pick.py`), and the slowest keys so
   split; beside it, a bare Textual app repainting one line per key (the floor of this
   way of measuring);
3. in-process: the same prefixes through `PickSource.search` alone (no terminal),
   the search's own share.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.bench_tui import (  # noqa: E402
    FLOOR,
    HELLO,
    build_index,
    build_library,
    first_title,
    pct,
)
from bench.tmux_control import TmuxControl  # noqa: E402

PYTHON = os.environ.get("BENCH_PYTHON", sys.executable)
# A tmux server of our own (the default one is shared: other benches, tests, people).
os.environ["TMUX_TMPDIR"] = tempfile.mkdtemp(prefix="papertui-bench-pick-")
SESSION = f"papertui-bench-pick-{os.getpid()}"
QUERIES = ("diffusion", "graph neural", "transformer 2019", "bayesian inference", "robust")
TIMEOUT = 20.0
OPENING = "opening the search index"


class Session:
    """One tmux session running `command`, watched through a control-mode client."""

    def __init__(self, command: str) -> None:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
        self.started = time.perf_counter()
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", command],
            check=True,
        )
        self.control = TmuxControl(SESSION)

    def wait(self, seen: str, *, gone: bool = False, since: float | None = None) -> float:
        """Seconds from `since` (the start) until `seen` is on screen (or is not)."""
        start = self.started if since is None else since
        while time.perf_counter() - start < TIMEOUT:
            if (seen in "\n".join(self.control.capture())) != gone:
                return time.perf_counter() - start
            time.sleep(0.002)
        return float("nan")

    def wait_query(self, text: str) -> float:
        """Seconds from the start until the query box shows `text`."""
        while time.perf_counter() - self.started < TIMEOUT:
            if self.control.capture()[0].strip() == text:
                return time.perf_counter() - self.started
            time.sleep(0.002)
        return float("nan")

    def close(self) -> None:
        self.control.close()
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def pick_command(data_dir: Path, trace: Path | None = None) -> str:
    # A tmux server's sessions get the environment it started with, not ours.
    env = f"env PYTHONPATH={shlex.quote(os.environ.get('PYTHONPATH', ''))} "
    run = f"{ROOT / 'bench' / 'traced_pick.py'} {trace}" if trace else "-m papertui"
    return f"{env}{PYTHON} {run} --data-dir {data_dir} pick > /dev/null"


def bench_first_frame(data_dir: Path, runs: int) -> dict[str, float]:
    marker = first_title(data_dir)
    small_dir = data_dir.parent / "pick-bench-small"
    build_library(small_dir, 10)
    small_marker = first_title(small_dir)
    hello, small, first, typed, index = [], [], [], [], []
    for _ in range(runs):
        floor = Session(f"{PYTHON} -c '{HELLO}'")
        hello.append(floor.wait("hello-world-painted"))
        floor.close()
        picker = Session(pick_command(small_dir))
        small.append(picker.wait(small_marker))
        picker.close()
        picker = Session(pick_command(data_dir))
        first.append(picker.wait(marker))
        picker.control.send("-l", "z")
        typed.append(picker.wait_query("z"))
        picker.wait(OPENING)  # (shown with the first rows)
        index.append(picker.wait(OPENING, gone=True))
        picker.close()
    return {
        "hello_world_s": statistics.median(hello),
        "first_frame_10_papers_s": statistics.median(small),
        "first_frame_s": statistics.median(first),
        "first_frame_max_s": max(first),
        "interactive_s": statistics.median(typed),
        "index_open_s": statistics.median(index),
    }


CPU_PICK = """
import os, sys, time

def stamp_textuals_frame():
    from papertui.ui.pick.app import PickApp
    shown = PickApp.on_mount
    def on_mount(self):
        shown(self)
        def stamp():
            with open(os.environ["STAMP"], "w") as stamp:
                stamp.write(f"cpu-at-first-frame {time.process_time():.3f}")
            self.exit(None)
        self.call_after_refresh(stamp)
    PickApp.on_mount = on_mount

try:
    from papertui.ui.pick.first_frame import FirstFrame
except ImportError:  # sources from before the painted frame
    stamp_textuals_frame()
else:
    paint = FirstFrame.paint.__func__
    def painted(cls, *args):
        frame = paint(cls, *args)
        with open(os.environ["STAMP"] + ".painted", "w") as stamp:
            stamp.write(f"{time.process_time():.3f}" if frame else "nan")
        stamp_textuals_frame()  # (Textual is imported after the frame)
        return frame
    FirstFrame.paint = classmethod(painted)
from papertui.cli.main import main
main(sys.argv[1:])
"""
CPU_HELLO = """
import os, time
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("hello-world-painted")
    def on_mount(self):
        self.call_after_refresh(self.stamp)
    def stamp(self):
        with open(os.environ["STAMP"], "w") as stamp:
            stamp.write(f"cpu-at-first-frame {time.process_time():.3f}")
        self.exit()
Hello().run()
"""


def bench_first_frame_cpu(data_dir: Path, runs: int) -> dict[str, float]:
    """CPU time of the process (all threads) from its start to its first frame: what a
    busy machine's waiting for a core does not inflate."""
    out = data_dir.parent / "pick-bench-cpu.txt"

    def cpu(script: str, *args: str) -> float:
        out.unlink(missing_ok=True)
        env = f"env STAMP={out} PYTHONPATH={shlex.quote(os.environ.get('PYTHONPATH', ''))}"
        session = Session(f"{env} {PYTHON} -c {shlex.quote(script)} {' '.join(args)} > /dev/null")
        deadline = time.perf_counter() + TIMEOUT
        while "cpu-at-first-frame" not in (out.read_text() if out.exists() else ""):
            assert time.perf_counter() < deadline, "no first frame"
            time.sleep(0.01)
        session.close()
        return float(out.read_text().split("cpu-at-first-frame")[1].split()[0])

    hello = [cpu(CPU_HELLO) for _ in range(runs)]
    pick, painted = [], []
    for _ in range(runs):
        Path(f"{out}.painted").unlink(missing_ok=True)
        pick.append(cpu(CPU_PICK, "--data-dir", str(data_dir), "pick"))
        stamp = Path(f"{out}.painted")
        painted.append(float(stamp.read_text()) if stamp.exists() else float("nan"))
    return {
        "hello_world_cpu_s": statistics.median(hello),
        "painted_frame_cpu_s": statistics.median(painted),
        "textual_frame_cpu_s": statistics.median(pick),
    }


def bench_keystrokes(data_dir: Path, passes: int, trace: Path | None) -> dict[str, Any]:
    """`passes` times, in a new picker each time, the queries typed a key at a time: the
    figures are over every key of every pass (and each pass's p95 beside them). With
    `trace`, the picker runs under `traced_pick.py` and each key's time is split into
    its phases (`phases`)."""
    times: list[float] = []
    per_pass: list[float] = []
    keys: list[tuple[str, float, float]] = []  # (typed, sent, seconds until on screen)
    if trace is not None:
        trace.unlink(missing_ok=True)  # (each picker appends its stamps)
    for _ in range(passes):
        picker = Session(pick_command(data_dir, trace))
        picker.wait(OPENING)
        picker.wait(OPENING, gone=True)
        typed_now: list[float] = []
        for query in QUERIES:
            typed = ""
            for char in query:
                typed += char
                sent = time.perf_counter()
                picker.control.send("-l", char)
                seen = picker.wait(f"“{typed}”", since=sent)
                typed_now.append(seen)
                keys.append((typed, sent, seen))
            picker.control.send("C-u")
            picker.wait("“", gone=True)
        picker.close()
        done_now = [t for t in typed_now if t == t]
        per_pass.append(1000 * pct(done_now, 0.95))
        times += typed_now
    done = [t for t in times if t == t]
    results: dict[str, Any] = {
        "keys": len(times),
        "key_p50_ms": 1000 * statistics.median(done),
        "key_p95_ms": 1000 * pct(done, 0.95),
        "key_max_ms": 1000 * max(done),
        "pass_p95_ms": " ".join(f"{p:.1f}" for p in per_pass),
        "missed": len(times) - len(done),
    }
    if trace is not None:
        results.update(phases(trace, keys))
    return results


PHASES = ("to_search", "index", "rows", "to_handler", "paint", "to_flush", "terminal")


def phases(trace: Path, keys: list[tuple[str, float, float]]) -> dict[str, Any]:
    """Each key's time split at the stamps `traced_pick.py` wrote: sent -> the search's
    start (the key's way in, the query box's own frame) -> its index part done ->
    its rows read -> the results' handler -> the frame painting them -> flushed to
    the terminal -> on screen (tmux, this bench's client); the slowest keys also show
    the garbage collections' time within them."""
    stamps = []
    for line in trace.read_text().splitlines():
        at, _, what = line.split(" ", 2)
        stamps.append((float(at), what))
    split: dict[str, list[float]] = {name: [] for name in PHASES}
    slowest = []
    for typed, sent, seen in keys:
        if seen != seen:
            continue
        after = [(at - sent, what) for at, what in stamps if sent <= at <= sent + seen]
        bounds: list[float] = [0.0]
        for name in ("search-start", "asked", "search-end", "found", "paint-end", "flushed"):
            at = next((t for t, w in after if w.startswith(name) and t >= bounds[-1]), None)
            if at is None:
                break
            bounds.append(at)
        else:
            bounds.append(seen)
        if len(bounds) != len(PHASES) + 1:
            continue
        parts = [1000 * (b - a) for a, b in itertools.pairwise(bounds)]
        for name, part in zip(PHASES, parts, strict=True):
            split[name].append(part)
        collecting = [t for t, w in after if w.startswith(("gc-start", "gc-stop"))]
        gc_ms = 1000 * sum(b - a for a, b in zip(collecting[::2], collecting[1::2], strict=False))
        slowest.append((1000 * seen, typed, [*parts, gc_ms]))
    results: dict[str, Any] = {"traced_keys": len(slowest)}
    for name, values in split.items():
        results[f"{name}_p50_ms"] = statistics.median(values)
        results[f"{name}_p95_ms"] = pct(values, 0.95)
    for n, (ms, typed, parts) in enumerate(sorted(slowest, reverse=True)[:8], 1):
        shown = " ".join(f"{p:.1f}" for p in parts)
        results[f"slowest_{n}"] = f"{typed!r} {ms:.1f} ms = {shown} (gc)"
    return results


def bench_floor(keys: int = 40) -> dict[str, float]:
    """A bare Textual app repainting one line per key: this method's own cost, now."""
    floor = Session(f"{PYTHON} -c '{FLOOR}'")
    floor.wait("floor-ready 0")
    times = []
    for n in range(1, keys + 1):
        sent = time.perf_counter()
        floor.control.send("j")
        times.append(floor.wait(f"floor-ready {n}", since=sent))
    floor.close()
    return {"floor_key_p50_ms": 1000 * statistics.median(times),
            "floor_key_p95_ms": 1000 * pct(times, 0.95)}  # fmt: skip


def bench_in_process(data_dir: Path) -> dict[str, float]:
    from papertui.paths import LibraryPaths
    from papertui.picking import PickSource
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    times: list[float] = []
    with Library(paths.store) as library:
        source = PickSource(paths, library)
        source.open_index()
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                started = time.perf_counter()
                source.search(query[:end])
                times.append(time.perf_counter() - started)
        source.close()
    return {
        "search_p50_ms": 1000 * statistics.median(times),
        "search_p95_ms": 1000 * pct(times, 0.95),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", default="first,cpu,keys,floor,search", help="parts to run")
    parser.add_argument("--passes", type=int, default=5, help="times the queries are typed")
    parser.add_argument("--phases", type=Path, help="trace file: split each key's time")
    args = parser.parse_args()
    build_library(args.data_dir, args.papers)
    build_index(args.data_dir)
    # One idle session keeps the server up: a server ending with its last session
    # refuses the next session for a moment ("server exited unexpectedly").
    subprocess.run(["tmux", "new-session", "-d", "-s", "keep-alive", "sleep 86400"], check=True)
    try:
        results = run_all(args)
    finally:
        subprocess.run(["tmux", "kill-server"], capture_output=True)
        shutil.rmtree(os.environ["TMUX_TMPDIR"], ignore_errors=True)
    for name, value in results.items():
        print(f"{name:>20}: {value:.3f}" if isinstance(value, float) else f"{name:>20}: {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


def run_all(args: argparse.Namespace) -> dict[str, Any]:
    parts = {
        "first": lambda: bench_first_frame(args.data_dir, args.runs),
        "cpu": lambda: bench_first_frame_cpu(args.data_dir, args.runs),
        "keys": lambda: bench_keystrokes(args.data_dir, args.passes, args.phases),
        "floor": bench_floor,
        "search": lambda: bench_in_process(args.data_dir),
    }
    results: dict[str, Any] = {}
    for name in args.only.split(","):
        results.update(parts[name]())
    return {**results, "load_avg_1m": os.getloadavg()[0]}


if __name__ == "__main__":
    sys.exit(main())
