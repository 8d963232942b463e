"""TUI latency and memory on a large library (figures go to docs/BENCHMARKS.md, "TUI").

    .venv/bin/python bench/bench_tui.py DATA_DIR [--papers 100000] [--runs 5]
        [--only startup,floor,cursor,search,paging,inproc] [--json OUT] [--profile OUT]

Creates DATA_DIR with synthetic papers (bench/synth.py) if it is empty, then
drives the real reader in tmux (spawn / `send-keys`, poll `capture-pane` every
~2 ms until the change is on screen; Pilot is no use here: a bare Textual app
already takes ~63 ms per `pilot.press`, Pilot's own waiting):

1. startup: process start -> first list rows painted, with a bare Textual
   hello-world as the floor;
2. floor: a bare Textual app repainting one line per key (the method's own cost);
3. cursor: `j` -> detail pane shows the next paper (one key, then a rest), and a
   held-down `j` (a key every 30 ms) -> the last paper's details painted;
4. search: each keystroke of five queries -> results (status + list) painted;
5. paging: PageDown through search results (later pages load as the cursor nears);
6. peak RSS of the reader process (VmHWM);
7. inproc (only when asked for): the cursor bench again through
   bench/traced_reader.py, which stamps inside the process: key received ->
   first frame written after the detail changed, the CPU time of that span,
   and per move the layout passes, frames and lines painted (by widget class).
   Load-independent figures, next to the tmux ones. `--profile OUT` also
   writes cProfile stats of that run. BENCH_TRACER=script runs another
   tracer (e.g. one that patches an experiment in) instead.

BENCH_PYTHON=/path/to/wrapper runs the reader with another interpreter or
PYTHONPATH (e.g. a copy of the sources before a change) for A/B runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.tmux_control import TmuxControl  # noqa: E402  (after the path is set)

PYTHON = os.environ.get("BENCH_PYTHON", sys.executable)  # e.g. a wrapper for a baseline
POLLER = "control"  # or "spawn": a tmux process per key and per poll (sessions 1-3)
SESSION = f"papertui-bench-tui-{os.getpid()}"  # other benches may use tmux too

HELLO = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("hello-world-painted")
Hello().run()
"""


def build_library(data_dir: Path, count: int) -> None:
    from bench.synth import Corpus

    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with Library(paths.store) as library:
        if library.count() >= count:
            return
        started = time.perf_counter()
        library.import_papers(Corpus().papers(count))
        print(f"built {count:,} papers in {time.perf_counter() - started:.1f}s")


def build_index(data_dir: Path) -> None:
    from papertui.paths import LibraryPaths
    from papertui.store import Library
    from papertui.ui.search_session import SearchSession

    paths = LibraryPaths(data_dir)
    with Library(paths.store) as library:
        session = SearchSession(paths, library)
        started = time.perf_counter()
        session.open_index()
        print(f"index ready in {time.perf_counter() - started:.1f}s")
        session.close()


def first_title(data_dir: Path) -> str:
    from papertui.paths import LibraryPaths
    from papertui.store import Library
    from papertui.ui.safe_text import clean

    with Library(LibraryPaths(data_dir).store) as library:
        paper = library.get_by_nums(library.ordered_nums("date")[:1])[0]
    return clean(paper.display_title)[:20]


def tmux_time_to_text(
    command: list[str], marker: str, size: tuple[int, int] = (120, 40), timeout: float = 20
) -> tuple[float, int]:
    """Seconds from spawning `command` in tmux until `marker` is on screen; and the pane pid."""
    session = SESSION
    _kill_session()
    time.sleep(0.2)  # a server shutting down refuses new sessions for a moment
    started = time.perf_counter()
    _tmux_retry(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            *command,
        ]
    )
    _connect()
    elapsed = float("nan")
    while time.perf_counter() - started < timeout:
        if marker in "\n".join(_capture(session)):
            elapsed = time.perf_counter() - started
            break
        time.sleep(0.005)
    pid = int(
        subprocess.run(
            ["tmux", "display", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True
        ).stdout.strip()
        or 0
    )
    return elapsed, pid


def _tmux_retry(args: list[str], attempts: int = 5) -> None:
    for attempt in range(attempts):
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode == 0:
            return
        time.sleep(0.2 * (attempt + 1))
    raise RuntimeError(f"tmux failed: {done.stderr.strip()}")


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def bench_startup(data_dir: Path, runs: int) -> dict[str, float]:
    marker = first_title(data_dir)
    hello, reader, rss = [], [], []
    for _ in range(runs):
        seconds, _ = tmux_time_to_text([PYTHON, "-c", HELLO], "hello-world-painted")
        hello.append(seconds)
        seconds, pid = tmux_time_to_text(
            [PYTHON, "-m", "papertui", "--data-dir", str(data_dir)], marker
        )
        reader.append(seconds)
        time.sleep(1.5)  # let the index open in the background
        rss.append(peak_rss_mb(pid))
        _kill_session()
    return {
        "hello_world_s": statistics.median(hello),
        "reader_first_rows_s": statistics.median(reader),
        "reader_idle_rss_mb": max(rss),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


_control: TmuxControl | None = None  # the control-mode client, unless --poller spawn


def _connect() -> None:
    """Attach the control-mode client to the session just started (--poller control)."""
    global _control
    _disconnect()
    if POLLER == "control":
        _control = TmuxControl(SESSION)


def _disconnect() -> None:
    global _control
    if _control is not None:
        _control.close()
        _control = None


def _kill_session() -> None:
    _disconnect()
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def _capture(session: str) -> list[str]:
    if _control is not None:
        return _control.capture()
    out = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout
    return out.splitlines()


FLOOR = """
from textual.app import App
from textual.widgets import Static
class Floor(App):
    BINDINGS = [("j", "bump")]
    n = 0
    def compose(self):
        yield Static("floor-ready 0", id="s")
    def action_bump(self):
        self.n += 1
        self.query_one("#s", Static).update(f"floor-ready {self.n}")
Floor().run()
"""


def _send(*keys: str) -> None:
    if _control is not None:
        _control.send(*keys)
        return
    subprocess.run(["tmux", "send-keys", "-t", SESSION, *keys], check=True)


def _time_change(keys: list[str], view: Callable[[list[str]], object], timeout: float = 3) -> float:
    """Seconds from sending `keys` until `view(screen)` differs from before (nan: never)."""
    before = view(_capture(SESSION))
    t0 = time.perf_counter()
    _send(*keys)
    while time.perf_counter() - t0 < timeout:
        if view(_capture(SESSION)) != before:
            return time.perf_counter() - t0
        time.sleep(0.002)
    return float("nan")


def _summary(name: str, values: list[float]) -> dict[str, float]:
    done = [v for v in values if v == v]
    return {
        f"{name}_p50_ms": 1000 * statistics.median(done) if done else float("nan"),
        f"{name}_p95_ms": 1000 * pct(done, 0.95) if done else float("nan"),
        f"{name}_missed": len(values) - len(done),
    }


def bench_floor(moves: int = 40) -> dict[str, float]:
    """The method's own floor: a bare Textual app repainting one line per key."""
    tmux_time_to_text([PYTHON, "-c", FLOOR], "floor-ready")
    time.sleep(0.5)
    times = []
    for _ in range(moves):
        times.append(_time_change(["j"], lambda screen: screen[:1]))
        time.sleep(0.1)
    _kill_session()
    return _summary("floor_key_to_paint", times)


def start_reader(data_dir: Path, command: list[str] | None = None) -> int:
    command = command or [PYTHON, "-m", "papertui", "--data-dir", str(data_dir)]
    _, pid = tmux_time_to_text(command, first_title(data_dir))
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline and "indexing" in "\n".join(_capture(SESSION)[:3]):
        time.sleep(0.2)
    time.sleep(0.5)
    return pid


def _detail(screen: list[str]) -> list[str]:
    return [line[LIST_COLUMNS:] for line in screen[4:8]]


def bench_cursor(moves: int = 120, rest: float = 0.6) -> dict[str, float]:
    """`j`, then wait until the detail pane shows the next paper; `rest` s between moves."""
    times = []
    for _ in range(moves):
        times.append(_time_change(["j"], _detail))
        time.sleep(rest)  # long enough for the related-papers lookup to run in between
    return _summary("cursor_to_detail", times)


def bench_cursor_burst(bursts: int = 8, keys: int = 20, gap: float = 0.03) -> dict[str, float]:
    """Held-down `j` (a key every `gap` s): last key sent -> the final paper's details painted."""
    times = []
    for _ in range(bursts):
        for _ in range(keys - 1):
            _send("j")
            time.sleep(gap)
        t0 = time.perf_counter()
        _send("j")
        seen: list[tuple[float, list[str]]] = []
        while time.perf_counter() - t0 < 2.0:  # record every change; the last one is final
            view = _detail(_capture(SESSION))
            if not seen or seen[-1][1] != view:
                seen.append((time.perf_counter() - t0, view))
            time.sleep(0.002)
        times.append(seen[-1][0])
        time.sleep(0.3)
    return _summary("burst_last_key_to_detail", times)


LIST_COLUMNS = 62  # the list pane's width at the bench's 160 columns
# Ten queries (~120 keys, ~55 with visible changes) since session 3: with the first five
# alone, p95 was the second-worst key and moved 30-50 ms between identical runs.
QUERIES = (
    "graph neural", "quantum spin", "diffusion", "bayesian inference", "robust",
    "language model", "sparse attention", "policy agent", "semantic segmentation",
    "efficient transformer",
)  # fmt: skip


def bench_search(queries: tuple[str, ...] = QUERIES, gap: float = 0.05) -> dict[str, float]:
    """Type each query a key at a time; per key, time until its results are on screen.

    Answered: the screen (status line + panes) settles on something new, or it
    showed "searching" after the key and has settled since (a query whose results
    equal the previous query's changes nothing else on screen). Keys whose results
    look exactly like the previous key's are counted apart, not timed."""
    times: list[float] = []
    unchanged = 0
    _send("/")
    time.sleep(0.3)

    def results(screen: list[str]) -> object:
        if len(screen) < 4 or "searching" in screen[1]:
            return None  # not settled: compare as "unchanged" until it is
        # status line and list pane only: the detail pane changes again ~0.3 s later
        # (related papers), which would pass for the results of a key that changed none
        return [screen[1], *(line[:LIST_COLUMNS] for line in screen[3:])]

    for word in queries:
        _send("C-u")
        time.sleep(1.0)
        for char in word:
            before = results(_capture(SESSION))
            t0 = time.perf_counter()
            _send("-l", char)
            elapsed = float("nan")
            searching = False
            # 1 s: later changes (the paper marked read after 1.5 s) are not results
            while time.perf_counter() - t0 < 1.0:
                now = results(_capture(SESSION))
                searching = searching or now is None
                if now is not None and (now != before or searching):
                    elapsed = time.perf_counter() - t0
                    break
                time.sleep(0.002)
            if elapsed != elapsed:
                unchanged += 1
            else:
                times.append(elapsed)
            time.sleep(gap)
    out = _summary("keystroke_to_results", times)
    out["keystrokes_measured"] = len(times)
    out["keystrokes_without_visible_change"] = unchanged
    _send("Escape")
    return out


def bench_paging(pages: int = 6) -> dict[str, float]:
    """In search results: page down repeatedly; count rows reachable beyond the first page."""
    _send("/")
    time.sleep(0.2)
    _send("C-u")
    _send("-l", "network")
    time.sleep(1.5)
    _send("Escape")
    time.sleep(0.3)
    times = []
    for _ in range(pages * 4):
        times.append(_time_change(["PageDown"], lambda screen: screen[3:]))
        time.sleep(0.15)
    _send("End")
    time.sleep(1.0)
    return _summary("pagedown_to_paint", times)


def bench_inproc(data_dir: Path, moves: int = 120, profile: Path | None = None) -> dict[str, float]:
    """The cursor bench again, with the reader stamping inside the process
    (bench/traced_reader.py): key received -> first frame written after the
    detail pane changed, CPU time over that span, and per move (key to next
    key, related papers included) the layout passes and the lines painted."""
    trace = data_dir / "cursor-trace.log"  # kept for a look at single moves
    trace.unlink(missing_ok=True)
    tracer = os.environ.get("BENCH_TRACER", str(ROOT / "bench" / "traced_reader.py"))
    command = [PYTHON, tracer, str(data_dir), str(trace)]
    command += ["cursor", str(profile)] if profile else ["cursor"]
    start_reader(data_dir, command)
    results = bench_cursor(moves)
    _send("q")
    _wait_for_exit(profile)
    _kill_session()
    results.update(summarise_trace(trace.read_text().splitlines()))
    return results


def _wait_for_exit(profile: Path | None) -> None:
    """After `q`: give the reader time to quit (and to write its profile: seconds)."""
    deadline = time.perf_counter() + (15.0 if profile else 0.5)
    while time.perf_counter() < deadline:
        if profile is not None and profile.exists():
            time.sleep(0.5)  # let it finish writing
            return
        time.sleep(0.1)


def summarise_trace(lines: list[str]) -> dict[str, float]:
    """Per-move figures from the stamps of traced_reader.py's cursor mode."""
    moves: list[dict[str, float]] = []
    move: dict[str, float] | None = None
    for stamp, what, *rest in (line.split() for line in lines):
        if what == "key":
            move = {"t": float(stamp), "cpu": float(rest[0]), "shown": 0, "done": 0}
            moves.append(move)
        elif move is None:
            continue
        elif what == "show":
            move["shown"] = 1
            move["show_ms"] = move.get("show_ms", 0) + 1000 * float(rest[0])
        elif what == "frame":
            move["frames"] = move.get("frames", 0) + 1
            if move["shown"] and not move["done"]:
                move["done"] = 1
                move["latency_ms"] = 1000 * (float(stamp) - move["t"])
                move["cpu_ms"] = 1000 * (float(rest[0]) - move["cpu"])
                move["frames_to_paint"] = move["frames"]
                move["layouts_to_paint"] = move.get("layouts", 0)
                move["lines_to_paint"] = move.get("lines", 0)
        elif what == "layout":
            move["layouts"] = move.get("layouts", 0) + 1
            move[f"layout_{rest[0]}"] = move.get(f"layout_{rest[0]}", 0) + 1
            move["layout_ms"] = move.get("layout_ms", 0) + 1000 * float(rest[1])
        elif what == "lines":
            move["lines"] = move.get("lines", 0) + int(rest[1])
            move[f"lines_{rest[0]}"] = move.get(f"lines_{rest[0]}", 0) + int(rest[1])
    moves = [m for m in moves[1:] if m["done"]]  # the first move pays for warm-up
    if not moves:
        return {}
    latency = [m["latency_ms"] / 1000 for m in moves]
    out = _summary("inproc_key_to_frame", latency)
    cpu = [m["cpu_ms"] for m in moves]
    out["inproc_cpu_key_to_frame_p50_ms"] = statistics.median(cpu)
    out["inproc_cpu_key_to_frame_p95_ms"] = pct(cpu, 0.95)
    keys = sorted({k for m in moves for k in m} - {"t", "cpu", "shown", "done", "latency_ms"})
    for key in keys:
        if key != "cpu_ms":
            out[f"per_move_{key}"] = statistics.mean(m.get(key, 0) for m in moves)
    return out


def bench_inproc_search(data_dir: Path, profile: Path | None = None) -> dict[str, float]:
    """The search bench again through bench/traced_reader.py (search mode): per typed
    key, the time to the search starting in its worker, the search itself, the
    results reaching the screen and the next frame written."""
    trace = data_dir / "search-trace.log"
    trace.unlink(missing_ok=True)
    tracer = os.environ.get("BENCH_TRACER", str(ROOT / "bench" / "traced_reader.py"))
    command = [PYTHON, tracer, str(data_dir), str(trace), "search"]
    start_reader(data_dir, command + ([str(profile)] if profile else []))
    results = bench_search()
    time.sleep(0.5)  # the Escape that left the search first: else `q` is typed into it
    _send("q")
    _wait_for_exit(profile)
    _kill_session()
    results = {f"tmux_{k}": v for k, v in results.items()}
    results.update(summarise_search_trace(trace.read_text().splitlines()))
    return results


def summarise_search_trace(lines: list[str]) -> dict[str, float]:
    """Per key: key -> search start, search time, key -> results handed over, key -> frame."""
    keys: list[dict[str, float]] = []
    for stamp, what, *rest in (line.split() for line in lines):
        t = float(stamp)
        if what == "key":
            keys.append({"t": t})
        elif not keys:
            continue
        elif what == "search-start":
            keys[-1].setdefault("start", t)
        elif what == "search-end":
            keys[-1]["searches"] = keys[-1].get("searches", 0) + 1
        elif what == "results":
            keys[-1].setdefault("results", t)
            keys[-1]["show_ms"] = 1000 * float(rest[1])
        elif what == "frame" and "results" in keys[-1] and "frame" not in keys[-1]:
            keys[-1]["frame"] = t
        elif what == "gc-start" and rest[0] == "2":
            keys[-1]["full_gc"] = keys[-1].get("full_gc", 0) + 1
    done = [k for k in keys[1:] if "frame" in k]
    out: dict[str, float] = {
        "inproc_search_keys_answered": len(done),
        "inproc_search_keys": len(keys),
    }
    for name, begin, end in (
        ("key_to_search_start", "t", "start"),
        ("key_to_results", "t", "results"),
        ("key_to_frame", "t", "frame"),
    ):
        values = [(k[end] - k[begin]) for k in done if begin in k and end in k]
        if values:
            out.update(_summary(f"inproc_search_{name}", values))
    out["inproc_search_full_gcs"] = sum(k.get("full_gc", 0) for k in keys)
    return out


def bench_interaction(data_dir: Path, only: set[str]) -> dict[str, float]:
    """Real terminal (tmux): send a key, poll the screen until the change is painted."""
    results: dict[str, float] = {}
    pid = start_reader(data_dir)
    if "cursor" in only:
        results.update(bench_cursor())
        results.update(bench_cursor_burst())
    if "search" in only:
        results.update(bench_search())
    if "paging" in only:
        results.update(bench_paging())
    results["reader_peak_rss_mb"] = peak_rss_mb(pid)
    _kill_session()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        default="startup,floor,cursor,search,paging",
        help="comma-separated parts to run (default: all)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", type=Path, help="inproc: also write cProfile stats here")
    parser.add_argument(
        "--poller",
        choices=("control", "spawn"),
        default="control",
        help="drive tmux through one control-mode client (default) or a process per command",
    )
    args = parser.parse_args()
    global POLLER
    POLLER = args.poller
    only = set(args.only.split(","))
    build_library(args.data_dir, args.papers)
    try:
        build_index(args.data_dir)
    except ImportError as exc:
        print(f"search layer missing ({exc}); search figures skipped")
    figures: dict[str, float] = {}
    if shutil.which("tmux"):
        if "startup" in only:
            figures.update(bench_startup(args.data_dir, args.runs))
        if "floor" in only:
            figures.update(bench_floor())
        if only & {"cursor", "search", "paging"}:
            figures.update(bench_interaction(args.data_dir, only))
        if "inproc" in only:
            figures.update(bench_inproc(args.data_dir, profile=args.profile))
        if "inproc-search" in only:
            figures.update(bench_inproc_search(args.data_dir, profile=args.profile))
    figures["load_average_1min"] = os.getloadavg()[0]
    for name, value in figures.items():
        print(f"{name:36} {value:10.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
