"""Real terminals for the `papertui pick` tests: a tmux server of the test's own, and,
for popups, a client attached to it through a pseudo-terminal (`script`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from papertui.models import Author
from test_ui_support import make_library, paper

DEADLINE = 60.0  # seconds: far beyond any real start, so a slow machine is never a failure
_ESCAPES = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)

PAPERS = [
    paper(1, title="Diffusion models for images", authors=(Author("Ana Pérez"),),
          published="2023-05-01"),
    paper(2, title="Sparse graphs and their spectra", authors=(Author("Carl Diaz"),),
          published="2022-03-01"),
]  # fmt: skip


def picker_library(data: Path) -> Path:
    return make_library(data, PAPERS)


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is not installed (.ci/run installs it)"
    return found


def environment(data: Path) -> dict[str, str]:
    """The tests' environment, the library at `data`, and `papertui` first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    assert shutil.which("papertui", path=bin_dir), f"no papertui script in {bin_dir}"
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PAPERTUI_DATA_DIR": str(data),
        "TERM": "xterm-256color",
    }


def wait_for(condition: Callable[[], object], what: str, screen: Callable[[], str]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{screen()}"
        time.sleep(0.05)  # the poll's interval; the wait ends on the event


class Tmux:
    """One tmux server of our own (its socket in a directory of its own, removed at the
    end), started with `env`, one session."""

    def __init__(self, env: dict[str, str], config: Path | None = None) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="papertui-tmux-"))  # short: a socket path
        socket = str(self._dir / "socket")
        self.base = [tool("tmux"), "-S", socket, "-f", str(config or "/dev/null")]
        self.env = env
        self.client: Client | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], capture_output=True, text=True, timeout=30, env=self.env
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, command: str, cwd: Path) -> None:
        self.run("new-session", "-d", "-s", "t", "-x", "120", "-y", "30", "-c", str(cwd), command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def wait(self, text: str, what: str = "") -> None:
        wait_for(lambda: text in self.screen(), what or repr(text), self.screen)

    def attach(self) -> Client:
        """A real client (a terminal), needed for popups; what it shows is read as text."""
        self.client = Client([*self.base, "attach", "-t", "t"], self.env)
        wait_for(lambda: self.run("list-clients").strip(), "the client", self.screen)
        return self.client

    def kill(self) -> None:
        if self.client is not None:
            self.client.close()
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=30)
        shutil.rmtree(self._dir, ignore_errors=True)


class Client:
    """`tmux attach` in a pseudo-terminal made by `script`: keys go in as typed, and the
    terminal's output is kept, escape sequences removed, to wait for text in popups."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        line = "stty rows 30 cols 120; exec " + " ".join(command)
        self._process = subprocess.Popen(
            [tool("script"), "-qfc", line, "/dev/null"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self._seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        while chunk := self._process.stdout.read1(65536):  # type: ignore[attr-defined]
            self._seen.append(chunk.decode("utf-8", "replace"))

    def shown(self) -> str:
        return _ESCAPES.sub("", "".join(self._seen))

    def type(self, text: str) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(text.encode())
        self._process.stdin.flush()

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=30)
