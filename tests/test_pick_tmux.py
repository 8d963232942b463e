"""The real `papertui pick` in a real terminal (tmux), stdout redirected to a file as an
editor captures it: the picker must draw on the terminal and print only the result."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pick_terminal import Tmux, environment, picker_library, wait_for
from test_ui_support import isolated  # noqa: F401


@pytest.fixture
def tmux(isolated: Path) -> Iterator[Tmux]:  # noqa: F811
    server = Tmux(environment(picker_library(isolated)))
    yield server
    server.kill()


def pick_line(out: Path, status: Path, *args: str) -> str:
    """A shell line running the real command with stdout to `out`, as `:r !` would."""
    words = [sys.executable, "-m", "papertui", "pick", *args]
    line = " ".join(shlex.quote(w) for w in words)
    return f"{line} > {shlex.quote(str(out))}; echo $? > {shlex.quote(str(status))}; sleep 600"


def ended(status: Path) -> str:
    return status.read_text().strip() if status.exists() else ""


def test_pick_in_tmux_prints_only_the_chosen_key(tmux: Tmux, tmp_path: Path) -> None:
    out, status = tmp_path / "out.txt", tmp_path / "status.txt"
    tmux.start(pick_line(out, status, "--format", "latex"), tmp_path)
    tmux.wait("Sparse graphs and their spectra", "the first rows")
    tmux.keys("-l", "diffusion")  # typed at once, even before the index is open
    tmux.wait("1 matching “diffusion”", "the results")
    assert "Sparse graphs" not in tmux.screen()
    tmux.keys("Enter")
    wait_for(lambda: ended(status), "the command to end", tmux.screen)
    assert ended(status) == "0"
    assert out.read_text(encoding="utf-8") == "\\cite{perez2023diffusionmodelsimages}\n"


def test_esc_in_tmux_prints_nothing_and_exits_1(tmux: Tmux, tmp_path: Path) -> None:
    out, status = tmp_path / "out.txt", tmp_path / "status.txt"
    tmux.start(pick_line(out, status), tmp_path)
    tmux.wait("Diffusion models for images", "the first rows")
    tmux.keys("Escape")
    wait_for(lambda: ended(status), "the command to end", tmux.screen)
    assert ended(status) == "1" and out.read_text(encoding="utf-8") == ""


def test_enter_before_the_index_is_open_accepts_the_querys_paper(
    tmux: Tmux, tmp_path: Path
) -> None:
    out, status = tmp_path / "out.txt", tmp_path / "status.txt"
    tmux.start(pick_line(out, status), tmp_path)
    tmux.wait("opening the search index", "the first frame")
    tmux.keys("-l", "sparse")  # the newest paper is listed first until the results come
    tmux.keys("Enter")
    wait_for(lambda: ended(status), "the command to end", tmux.screen)
    assert (
        ended(status) == "0" and out.read_text(encoding="utf-8") == "diaz2022sparsegraphsspectra\n"
    )
