"""Copy text to the user's clipboard from wherever papertui runs; never crash.

`copy_text` tries, in order, and reports which one worked (`CopyResult.method`):

1. "clipboard": the local clipboard through pyperclip (xclip/xsel/wl-copy,
   pbcopy, Windows) - skipped over SSH, where the local clipboard is the
   server's. pyperclip runs in a daemon thread with a timeout, because with a
   stale DISPLAY xclip can hang forever.
2. "tmux-buffer" (inside tmux, $TMUX set): `tmux load-buffer -w -` first, which
   fills tmux's paste buffer AND (tmux >= 3.2, `set-clipboard` not off) makes
   tmux send OSC 52 to the outer terminal itself. This works with tmux's
   defaults, unlike a raw OSC 52 from the application, which tmux drops unless
   `set-clipboard on`. If tmux refuses (older tmux, no server), the OSC 52
   sequence is sent wrapped in tmux's DCS passthrough ("osc52-tmux", needs
   `allow-passthrough`).
3. "osc52": `ESC ] 52 ; c ; <base64> BEL` written by `osc52_writer` (the TUI's
   terminal driver, or /dev/tty for the CLI). Terminals give no answer, so
   this is "sent", not "confirmed".
Only the system clipboard is confirmed. Whenever the text went somewhere papertui
cannot see (tmux forwarding it, a terminal taking OSC 52 or ignoring it), it is
also saved to the file below, and the result says so.
4. "file": the text written atomically to `<cache>/clipboard.txt`, for the UI
   to show for manual copying. "none" only if even that fails.

Every contact with the outside world is a parameter, so tests fake only the edges.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from papertui import atomic

LOCAL_TIMEOUT = 2.0  # seconds for pyperclip / tmux before giving up
OSC52_MAX_BYTES = 1_000_000  # encoded size; bigger payloads are refused by many terminals
CLIPBOARD_FILE = "clipboard.txt"

Writer = Callable[[str], None]
Runner = Callable[[Sequence[str], bytes, float], int]


@dataclass(frozen=True)
class CopyResult:
    method: str  # "clipboard" | "tmux-buffer" | "osc52" | "osc52-tmux" | "file" | "none"
    detail: str  # one line for the status bar: what was done, and how
    path: Path | None = None  # the file the text was also (or only) saved to

    @property
    def copied(self) -> bool:
        """True when the text was handed to a clipboard (not only saved to a file)."""
        return self.method in ("clipboard", "tmux-buffer", "osc52", "osc52-tmux")

    @property
    def confirmed(self) -> bool:
        """True only when the clipboard itself took the text."""
        return self.method == "clipboard"


def osc52_sequence(text: str, *, tmux: bool = False) -> str:
    """`ESC ] 52 ; c ; base64 BEL`, wrapped as `ESC P tmux; ... ESC \\` for tmux."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if tmux:
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def _pyperclip_copy(text: str) -> None:
    import pyperclip

    pyperclip.copy(text)


def _with_timeout(action: Callable[[], None], timeout: float) -> str | None:
    """Run `action` in a daemon thread; None when it worked, else why not."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            action()
            outcome.append(None)
        except BaseException as exc:  # reported, never raised
            outcome.append(exc)

    thread = threading.Thread(target=run, name="papertui-clipboard", daemon=True)
    thread.start()
    thread.join(timeout)
    if not outcome:
        return f"timed out after {timeout:g} s (stale DISPLAY?)"
    error = outcome[0]
    if error is None:
        return None
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _run_command(argv: Sequence[str], data: bytes, timeout: float) -> int:
    completed = subprocess.run(
        list(argv), input=data, capture_output=True, timeout=timeout, check=False
    )
    return completed.returncode


def tty_writer(sequence: str) -> None:
    """The CLI's OSC 52 writer: the controlling terminal, else stdout if it is one."""
    try:
        with open("/dev/tty", "w", encoding="ascii") as tty:
            tty.write(sequence)
            tty.flush()
            return
    except OSError:
        pass
    if sys.stdout.isatty():
        sys.stdout.write(sequence)
        sys.stdout.flush()
        return
    raise OSError("no terminal to send OSC 52 to")


def textual_writer(app: object) -> Writer:
    """OSC 52 writer for a Textual app: raw bytes through its driver.

    Not `app.copy_to_clipboard`: that writes an unwrapped sequence, which tmux drops.
    """

    def write(sequence: str) -> None:
        driver = getattr(app, "_driver", None)
        if driver is None:
            raise OSError("the app has no terminal driver")
        driver.write(sequence)

    return write


def save_to_file(text: str, directory: Path) -> Path:
    """Write `text` atomically (temp file, fsync, rename) as `directory/clipboard.txt`."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / CLIPBOARD_FILE
    atomic.write_text(target, text, mode=0o600)
    return target


def copy_text(
    text: str,
    *,
    osc52_writer: Writer | None = None,
    env: Mapping[str, str] = os.environ,
    local_copy: Callable[[str], None] | None = _pyperclip_copy,
    run: Runner = _run_command,
    file_dir: Path | None = None,
    timeout: float = LOCAL_TIMEOUT,
) -> CopyResult:
    """Copy `text` by the first method that works (see the module docstring).

    `osc52_writer` receives the complete escape sequence (default: `tty_writer`);
    `local_copy=None` skips the local clipboard; `file_dir` defaults to the cache.
    """
    over_ssh = bool(env.get("SSH_TTY") or env.get("SSH_CONNECTION"))
    in_tmux = bool(env.get("TMUX"))
    problems: list[str] = []
    if local_copy is not None and not over_ssh:
        error = _with_timeout(lambda: local_copy(text), timeout)
        if error is None:
            return CopyResult("clipboard", "copied to the system clipboard")
        problems.append(f"system clipboard: {error}")
    if in_tmux:
        try:
            if run(["tmux", "load-buffer", "-w", "-"], text.encode("utf-8"), timeout) == 0:
                return _also_saved(
                    text,
                    file_dir,
                    "tmux-buffer",
                    "put in tmux's paste buffer (tmux load-buffer -w; tmux passes it to "
                    "the terminal's clipboard if set-clipboard allows)",
                )
            problems.append("tmux load-buffer failed")
        except (OSError, subprocess.SubprocessError) as exc:
            problems.append(f"tmux: {str(exc).splitlines()[0] if str(exc) else exc!r}")
    sequence = osc52_sequence(text, tmux=in_tmux)
    if len(sequence) > OSC52_MAX_BYTES:
        problems.append("too large for OSC 52")
    else:
        try:
            (osc52_writer or tty_writer)(sequence)
            method = "osc52-tmux" if in_tmux else "osc52"
            where = " through tmux passthrough" if in_tmux else ""
            return _also_saved(
                text,
                file_dir,
                method,
                f"sent to the terminal (OSC 52{where}; terminals do not confirm it)",
            )
        except Exception as exc:  # any writer failure: next method
            problems.append(f"OSC 52: {exc}")
    return _fall_back_to_file(text, file_dir, problems)


def _default_file_dir() -> Path:
    from papertui.paths import cache_dir

    return cache_dir()


def _also_saved(text: str, file_dir: Path | None, method: str, detail: str) -> CopyResult:
    """A copy papertui cannot confirm: keep the text in the file too, and say so."""
    try:
        path: Path | None = save_to_file(text, file_dir or _default_file_dir())
    except OSError:
        path = None
    if path is not None:
        detail += f"; also saved to {path}"
    return CopyResult(method, detail, path)


def _fall_back_to_file(text: str, file_dir: Path | None, problems: list[str]) -> CopyResult:
    why = "; ".join(problems) or "no clipboard available"
    try:
        path = save_to_file(text, file_dir or _default_file_dir())
    except OSError as exc:
        return CopyResult("none", f"could not copy ({why}; file: {exc})")
    return CopyResult("file", f"no clipboard ({why}); saved to {path}", path)
