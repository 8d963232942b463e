"""`--demo`: a throw-away library for every command and for the reader, with its own
UI state, removed on exit, on SIGTERM and on a closed terminal (SIGHUP)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from papertui.cli.main import main
from papertui.demo import DIR_PREFIX, sweep_stale_demo_dirs
from papertui.store import Library


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setenv("TMPDIR", str(root))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def own_library(data_dir: Path) -> Path:
    assert main(["--data-dir", str(data_dir), "import", "--no-index", str(OWN_PAPERS)]) == 0
    return data_dir


OWN_PAPERS = Path(__file__).parent / "fixtures" / "arxiv-api" / "search-testing-100.xml"


def test_demo_commands_never_touch_the_users_library(
    data_dir: Path, temp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_library(data_dir)
    with Library(data_dir / "library.sqlite3") as lib:
        own_count = lib.count()
    capsys.readouterr()
    assert main(["--demo", "stats"]) == 0
    out = capsys.readouterr().out
    assert "papers     210" in out
    assert str(data_dir) not in out
    assert main(["--demo", "tag", "2410.21644", "+x"]) == 0
    assert "throw-away copy" in capsys.readouterr().err
    with Library(data_dir / "library.sqlite3") as lib:
        assert lib.count() == own_count and lib.tag_counts() == []
    assert list(temp_root.iterdir()) == []  # each demo command cleaned up after itself


def test_demo_refuses_a_data_dir_too(temp_root: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--demo", "--data-dir", str(temp_root / "x"), "stats"])
    assert exc.value.code == 2


def test_stale_demo_dirs_are_swept(temp_root: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    stale = temp_root / f"{DIR_PREFIX}{dead}-abc"
    live = temp_root / f"{DIR_PREFIX}{os.getpid()}-def"
    legacy_old = temp_root / f"{DIR_PREFIX}q1w2e3"
    legacy_new = temp_root / f"{DIR_PREFIX}r4t5y6"
    for path in (stale, live, legacy_old, legacy_new):
        path.mkdir()
    os.utime(legacy_old, (time.time() - 3 * 86400,) * 2)
    assert sorted(sweep_stale_demo_dirs(temp_root)) == sorted([stale, legacy_old])
    assert sorted(temp_root.iterdir()) == sorted([live, legacy_new])


def _start_reader(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "papertui", *args],
        stdin=terminal, stdout=terminal, stderr=terminal, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(terminal)
    return process, controller


def _wait_exit(process: subprocess.Popen, controller: int, timeout: float = 30) -> int:
    """Wait for the reader to exit, reading its output meanwhile (a full terminal
    buffer would block it)."""
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        assert time.monotonic() < deadline, "the reader did not exit"
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            with contextlib.suppress(OSError):
                os.read(controller, 65536)
    return process.returncode


def _read_until(controller: int, needle: bytes, timeout: float = 60) -> bytes:
    """Terminal output until `needle` shows (the reader answers on its own schedule)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"{needle!r} never appeared; last output {seen[-300:]!r}"
        ready, _, _ = select.select([controller], [], [], remaining)
        if ready:
            try:
                seen += os.read(controller, 65536)
            except OSError:  # the reader closed the terminal
                break
    return seen


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_the_demo_reader_cleans_up_when_killed_or_its_terminal_closes(
    temp_root: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    prefs = tmp_path / "papertui-home" / "ui-state.json"
    env = {**os.environ, "TMPDIR": str(temp_root), "TERM": "xterm-256color",
           "PAPERTUI_CONFIG": str(prefs.with_name("config.toml"))}  # fmt: skip
    process, controller = _start_reader(["--demo"], env)
    try:
        _read_until(controller, b"210")  # the reader is up, showing the demo library
        (demo_dir,) = temp_root.glob(f"{DIR_PREFIX}{process.pid}-*")
        assert (demo_dir / "library.sqlite3").exists()
        process.send_signal(sig)
        _wait_exit(process, controller)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    assert not demo_dir.exists()
    assert list(temp_root.iterdir()) == []
    assert not prefs.exists()  # the user's own UI state was never written


def test_demo_keeps_its_own_ui_state(temp_root: Path, tmp_path: Path) -> None:
    prefs = tmp_path / "papertui-home" / "ui-state.json"
    prefs.parent.mkdir(parents=True, exist_ok=True)
    prefs.write_text(json.dumps({"last_visit": "2020-01-01T00:00:00+00:00",
                                 "theme": "papertui-light"}), encoding="utf-8")  # fmt: skip
    before = prefs.read_text(encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(temp_root), "TERM": "xterm-256color",
           "PAPERTUI_CONFIG": str(prefs.with_name("config.toml"))}  # fmt: skip
    process, controller = _start_reader(["--demo"], env)
    try:
        _read_until(controller, b"210")
        (demo_dir,) = temp_root.glob(f"{DIR_PREFIX}{process.pid}-*")
        demo_prefs = json.loads((demo_dir / "ui-state.json").read_text(encoding="utf-8"))
        assert demo_prefs["theme"] == "papertui-light"  # looks like the user's reader
        os.write(controller, b"q")
        assert _wait_exit(process, controller) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    assert prefs.read_text(encoding="utf-8") == before


def test_demo_watches_change_a_copy_of_the_config_never_the_users(
    isolated_dirs: Path, temp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_dirs / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    mine = '# mine\n[watch."gauss"]\nquery = "gaussian"\n'
    config.write_text(mine, encoding="utf-8")
    assert main(["--demo", "watch", "add", "diff", "diffusion"]) == 0
    captured = capsys.readouterr()
    assert "watching 'diff'" in captured.out and str(config) not in captured.out
    assert "config are not touched" in captured.err
    assert main(["--demo", "watch", "remove", "gauss"]) == 0  # the copy had it
    assert "stopped watching 'gauss'" in capsys.readouterr().out
    assert main(["--demo", "watch", "list"]) == 0  # each run starts from the user's again
    assert "gauss" in capsys.readouterr().out
    assert config.read_text(encoding="utf-8") == mine
    assert list(temp_root.iterdir()) == []


def test_demo_watch_add_without_a_config_creates_none(
    isolated_dirs: Path, temp_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--demo", "watch", "add", "diff", "diffusion"]) == 0
    assert not (isolated_dirs / "config.toml").exists()
