"""The clipboard chain with the outside world faked at its edges."""

from __future__ import annotations

import base64
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from papertui import clipboard
from papertui.clipboard import copy_text, osc52_sequence

TEXT = "@misc{pérez2023,\n  title = {Ü & ß},\n}"
B64 = base64.b64encode(TEXT.encode("utf-8")).decode("ascii")
PLAIN_OSC = f"\x1b]52;c;{B64}\x07"
TMUX_OSC = f"\x1bPtmux;\x1b\x1b]52;c;{B64}\x07\x1b\\"


class Terminal:
    """A fake terminal: records every sequence written."""

    def __init__(self, fail: bool = False) -> None:
        self.written: list[str] = []
        self.fail = fail

    def __call__(self, sequence: str) -> None:
        if self.fail:
            raise OSError("no tty")
        self.written.append(sequence)


class Tmux:
    """A fake `tmux load-buffer` runner."""

    def __init__(self, returncode: int = 0, error: Exception | None = None) -> None:
        self.calls: list[tuple[list[str], bytes]] = []
        self.returncode, self.error = returncode, error

    def __call__(self, argv: Sequence[str], data: bytes, timeout: float) -> int:
        self.calls.append((list(argv), data))
        if self.error:
            raise self.error
        return self.returncode


def no_clipboard(text: str) -> None:
    raise RuntimeError("Pyperclip could not find a copy/paste mechanism\nsecond line")


def test_osc52_bytes() -> None:
    assert osc52_sequence(TEXT) == PLAIN_OSC
    assert osc52_sequence(TEXT, tmux=True) == TMUX_OSC
    assert osc52_sequence("hi").encode() == b"\x1b]52;c;aGk=\x07"


def test_local_clipboard_first(tmp_path: Path) -> None:
    copied: list[str] = []
    terminal = Terminal()
    result = copy_text(TEXT, osc52_writer=terminal, env={"DISPLAY": ":0"},
                       local_copy=copied.append, file_dir=tmp_path)  # fmt: skip
    assert result.method == "clipboard" and result.copied
    assert copied == [TEXT]
    assert terminal.written == []


def test_no_display_falls_back_to_osc52(tmp_path: Path) -> None:
    terminal = Terminal()
    result = copy_text(TEXT, osc52_writer=terminal, env={}, local_copy=no_clipboard,
                       file_dir=tmp_path)  # fmt: skip
    assert result.method == "osc52"
    assert terminal.written == [PLAIN_OSC]
    # OSC 52 is never confirmed: the text is kept in the file as well, and it says so
    assert (tmp_path / "clipboard.txt").read_text(encoding="utf-8") == TEXT
    assert result.detail == (
        "sent to the terminal (OSC 52; terminals do not confirm it); "
        f"also saved to {tmp_path / 'clipboard.txt'}"
    )


def test_stale_display_times_out(tmp_path: Path) -> None:
    release = threading.Event()

    def hangs(text: str) -> None:
        release.wait(10)  # like xclip with a dead X forwarding socket

    terminal = Terminal()
    try:
        result = copy_text(TEXT, osc52_writer=terminal, env={"DISPLAY": "localhost:10.0"},
                           local_copy=hangs, file_dir=tmp_path, timeout=0.2)  # fmt: skip
    finally:
        release.set()
    assert result.method == "osc52"
    assert terminal.written == [PLAIN_OSC]


def test_over_ssh_skips_local_clipboard(tmp_path: Path) -> None:
    def must_not_run(text: str) -> None:
        raise AssertionError("the server's clipboard is not the user's")

    terminal = Terminal()
    for env in ({"SSH_TTY": "/dev/pts/3"}, {"SSH_CONNECTION": "10.0.0.1 5 10.0.0.2 22"}):
        result = copy_text(TEXT, osc52_writer=terminal, env=env | {"DISPLAY": ":0"},
                           local_copy=must_not_run, file_dir=tmp_path)  # fmt: skip
        assert result.method == "osc52"
    assert terminal.written == [PLAIN_OSC, PLAIN_OSC]


def test_tmux_uses_load_buffer(tmp_path: Path) -> None:
    tmux, terminal = Tmux(), Terminal()
    env = {"SSH_TTY": "/dev/pts/1", "TMUX": "/tmp/tmux-0/default,1,0"}
    result = copy_text(TEXT, osc52_writer=terminal, env=env, run=tmux, file_dir=tmp_path)
    assert result.method == "tmux-buffer" and result.copied and not result.confirmed
    assert tmux.calls == [(["tmux", "load-buffer", "-w", "-"], TEXT.encode("utf-8"))]
    assert terminal.written == []  # tmux sends OSC 52 itself: no second prompt
    assert "tmux's paste buffer" in result.detail and "OSC 52" not in result.detail
    # tmux forwarding it cannot be confirmed: the text is in the file too, and it says so
    assert result.path == tmp_path / "clipboard.txt"
    assert result.path.read_text(encoding="utf-8") == TEXT
    assert result.detail.endswith(f"also saved to {result.path}")


@pytest.mark.parametrize("tmux", [Tmux(returncode=1), Tmux(error=FileNotFoundError("tmux"))])
def test_tmux_passthrough_when_load_buffer_fails(tmux: Tmux, tmp_path: Path) -> None:
    terminal = Terminal()
    result = copy_text(TEXT, osc52_writer=terminal, env={"TMUX": "x"}, local_copy=no_clipboard,
                       run=tmux, file_dir=tmp_path)  # fmt: skip
    assert result.method == "osc52-tmux"
    assert terminal.written == [TMUX_OSC]
    assert "passthrough" in result.detail
    assert "sent to the terminal" in result.detail and "do not confirm" in result.detail
    assert result.path is not None and result.path.read_text(encoding="utf-8") == TEXT


def test_last_resort_is_a_file(tmp_path: Path) -> None:
    result = copy_text(TEXT, osc52_writer=Terminal(fail=True), env={},
                       local_copy=no_clipboard, file_dir=tmp_path)  # fmt: skip
    assert result.method == "file" and not result.copied
    assert result.path == tmp_path / "clipboard.txt"
    assert result.path.read_text(encoding="utf-8") == TEXT
    assert "\n" not in result.detail  # one line for a status bar
    assert "could not find a copy/paste mechanism" in result.detail
    assert [p.name for p in tmp_path.iterdir()] == ["clipboard.txt"]  # no temp file left


def test_file_defaults_to_cache_dir(isolated_dirs: Path) -> None:
    result = copy_text(TEXT, osc52_writer=Terminal(fail=True), env={}, local_copy=None)
    assert result.path == isolated_dirs / "cache" / "clipboard.txt"


def test_never_crashes_even_without_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    result = copy_text(TEXT, osc52_writer=Terminal(fail=True), env={},
                       local_copy=no_clipboard, file_dir=blocker)  # fmt: skip
    assert result.method == "none" and result.path is None


def test_huge_text_skips_osc52(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "OSC52_MAX_BYTES", 10)
    terminal = Terminal()
    result = copy_text(TEXT, osc52_writer=terminal, env={}, local_copy=None, file_dir=tmp_path)
    assert result.method == "file" and terminal.written == []


def test_default_writer_uses_tty(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_tty = tmp_path / "tty"
    real_open = open

    def fake_open(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        return real_open(fake_tty if path == "/dev/tty" else path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", fake_open)
    result = copy_text(TEXT, env={}, local_copy=None, file_dir=tmp_path)
    assert result.method == "osc52"
    assert fake_tty.read_bytes() == PLAIN_OSC.encode("ascii")


def test_textual_writer_goes_through_the_driver() -> None:
    class Driver:
        def __init__(self) -> None:
            self.out: list[str] = []

        def write(self, data: str) -> None:
            self.out.append(data)

    class App:
        _driver = Driver()

    app = App()
    result = copy_text(TEXT, osc52_writer=clipboard.textual_writer(app), env={"TMUX": "1"},
                       local_copy=None, run=Tmux(returncode=1))  # fmt: skip
    assert result.method == "osc52-tmux"
    assert app._driver.out == [TMUX_OSC]
    headless = type("Headless", (), {"_driver": None})()
    result = copy_text(TEXT, osc52_writer=clipboard.textual_writer(headless), env={},
                       local_copy=None)  # fmt: skip
    assert result.method == "file"
