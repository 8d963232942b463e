"""TUI latency and memory on a large library (figures go to docs/BENCHMARKS.md, "TUI").

    .venv/bin/python bench/bench_tui.py DATA_DIR [--papers 100000]

Creates DATA_DIR with synthetic papers (bench/synth.py) if it is empty, then:

1. startup: process start -> first list rows painted, in a real terminal (tmux:
   spawn, then poll `capture-pane` for the first row's title), with a bare
   Textual hello-world as the floor;
2. keystroke -> search results painted (tmux send-keys, poll capture-pane; p50/p95);
3. cursor move -> detail pane updated (same method; Pilot is no use here: a bare
   Textual app already takes ~63 ms per `pilot.press`, Pilot's own waiting);
4. peak RSS of the reader process (VmHWM) after startup + searches.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

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
    session = "papertui-bench"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    started = time.perf_counter()
    subprocess.run(
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
        ],
        check=True,
    )
    elapsed = float("nan")
    while time.perf_counter() - started < timeout:
        screen = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout
        if marker in screen:
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
        subprocess.run(["tmux", "kill-session", "-t", "papertui-bench"], capture_output=True)
    return {
        "hello_world_s": statistics.median(hello),
        "reader_first_rows_s": statistics.median(reader),
        "reader_idle_rss_mb": max(rss),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _capture(session: str) -> list[str]:
    out = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout
    return out.splitlines()


def bench_interaction(data_dir: Path) -> dict[str, float]:
    """Real terminal (tmux): send a key, poll the screen until the change is painted."""
    session = "papertui-bench"
    _, pid = tmux_time_to_text(
        [PYTHON, "-m", "papertui", "--data-dir", str(data_dir)], first_title(data_dir)
    )
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline and "indexing" in "\n".join(_capture(session)[:3]):
        time.sleep(0.2)
    time.sleep(0.5)
    results: dict[str, float] = {}

    def detail(screen: list[str]) -> list[str]:
        return [line[62:] for line in screen[4:8]]

    moves = []
    for _ in range(60):
        before = _capture(session)
        t0 = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, "j"], check=True)
        elapsed = None
        while time.perf_counter() - t0 < 3:
            if detail(_capture(session)) != detail(before):
                elapsed = time.perf_counter() - t0
                break
            time.sleep(0.002)
        if elapsed is not None:
            moves.append(elapsed)
        time.sleep(0.6)  # let the debounced related-papers lookup finish
    results["cursor_to_detail_p50_ms"] = 1000 * statistics.median(moves)
    results["cursor_to_detail_p95_ms"] = 1000 * pct(moves, 0.95)

    keystrokes, unchanged = [], 0
    subprocess.run(["tmux", "send-keys", "-t", session, "/"], check=True)
    time.sleep(0.3)
    for word in ("graph neural", "quantum spin", "diffusion", "bayesian inference", "robust"):
        subprocess.run(["tmux", "send-keys", "-t", session, "C-u"], check=True)
        time.sleep(1.0)
        for char in word:
            before = _capture(session)
            t0 = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", char], check=True)
            elapsed = None
            while time.perf_counter() - t0 < 3:
                screen = _capture(session)
                if "searching" not in screen[1] and [screen[1], *screen[3:]] != [
                    before[1],
                    *before[3:],
                ]:
                    elapsed = time.perf_counter() - t0
                    break
                time.sleep(0.002)
            if elapsed is None:
                unchanged += 1
            else:
                keystrokes.append(elapsed)
            time.sleep(0.05)
    results["keystroke_to_results_p50_ms"] = 1000 * statistics.median(keystrokes)
    results["keystroke_to_results_p95_ms"] = 1000 * pct(keystrokes, 0.95)
    results["keystrokes_measured"] = len(keystrokes)
    results["keystrokes_without_visible_change"] = unchanged
    results["reader_peak_rss_mb"] = peak_rss_mb(pid)
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    build_library(args.data_dir, args.papers)
    try:
        build_index(args.data_dir)
    except ImportError as exc:
        print(f"search layer missing ({exc}); search figures skipped")
    figures: dict[str, float] = {}
    if shutil.which("tmux"):
        figures.update(bench_startup(args.data_dir, args.runs))
        figures.update(bench_interaction(args.data_dir))
    for name, value in figures.items():
        print(f"{name:32} {value:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
