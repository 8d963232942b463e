"""The real `papertui pick` in a real terminal (tmux), stdout redirected to a file as an
editor captures it: the picker must draw on the terminal and print only the result."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from papertui.models import Author
from test_ui_support import isolated, make_library, paper  # noqa: F401

DEADLINE = 60.0  # seconds: far beyond any real start, so a slow machine is never a failure


class Tmux:
    """One tmux server of our own (its own socket) running one session."""

    def __init__(self, socket: str) -> None:
        tmux = shutil.which("tmux")
        assert tmux, "tmux is not installed (.ci/run installs it)"
        self.base = [tmux, "-L", socket, "-f", "/dev/null"]

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "pick", "-x", "120", "-y", "24", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "pick")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "pick", *keys)

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=30)


def wait_for(condition: Callable[[], object], what: str, tmux: Tmux) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{tmux.screen()}"
        time.sleep(0.05)  # the poll's interval; the wait ends on the event


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(f"papertui-pick-test-{os.getpid()}-{tmp_path.name}")
    yield server
    server.kill()


def pick_command(data: Path, out: Path, status: Path, *args: str) -> str:
    """A shell line running the real command with stdout to `out`, as `:r !` would."""
    env = {k: os.environ[k] for k in ("PYTHONPATH", "PAPERTUI_CONFIG", "PAPERTUI_CACHE_DIR")
           if k in os.environ}  # fmt: skip
    words = [
        "env", *(f"{k}={v}" for k, v in env.items()), "TERM=xterm-256color",
        sys.executable, "-m", "papertui", "--data-dir", str(data), "pick", *args,
    ]  # fmt: skip
    line = " ".join(shlex.quote(w) for w in words)
    return f"{line} > {shlex.quote(str(out))}; echo $? > {shlex.quote(str(status))}; sleep 600"


def test_pick_in_tmux_prints_only_the_chosen_key(
    isolated: Path,  # noqa: F811
    tmux: Tmux,
    tmp_path: Path,
) -> None:
    data = make_library(isolated, [
        paper(1, title="Diffusion models for images", authors=(Author("Ana Pérez"),),
              published="2023-05-01"),
        paper(2, title="Sparse graphs and their spectra", authors=(Author("Carl Diaz"),),
              published="2022-03-01"),
    ])  # fmt: skip
    out, status = tmp_path / "out.txt", tmp_path / "status.txt"
    tmux.start(pick_command(data, out, status, "--format", "latex"))
    wait_for(lambda: "Sparse graphs and their spectra" in tmux.screen(), "the first rows", tmux)
    wait_for(lambda: "opening the search index" not in tmux.screen(), "the index", tmux)
    tmux.keys("-l", "diffusion")
    wait_for(lambda: "1 matching “diffusion”" in tmux.screen(), "the results", tmux)
    assert "Sparse graphs" not in tmux.screen()
    tmux.keys("Enter")
    wait_for(lambda: status.exists() and status.read_text().strip(), "the command to end", tmux)
    assert status.read_text().strip() == "0"
    assert out.read_text(encoding="utf-8") == "\\cite{perez2023diffusionmodelsimages}\n"


def test_esc_in_tmux_prints_nothing_and_exits_1(
    isolated: Path,  # noqa: F811
    tmux: Tmux,
    tmp_path: Path,
) -> None:
    data = make_library(isolated, [paper(1, title="Diffusion models for images")])
    out, status = tmp_path / "out.txt", tmp_path / "status.txt"
    tmux.start(pick_command(data, out, status))
    wait_for(lambda: "Diffusion models for images" in tmux.screen(), "the first rows", tmux)
    tmux.keys("Escape")
    wait_for(lambda: status.exists() and status.read_text().strip(), "the command to end", tmux)
    assert status.read_text().strip() == "1" and out.read_text(encoding="utf-8") == ""
