"""Drive a tmux session through one control-mode client (`tmux -C`), for the TUI bench.

The first TUI benches ran `tmux send-keys` and `tmux capture-pane` as a new
process for each key and each poll of the screen: a poll every 2 ms is ~500
process spawns a second, which on a 2-core machine took CPU from the reader
being measured, and each key waited for a client process to start before tmux
saw it. A control-mode client is one process: commands go down a pipe and the
answers come back framed in `%begin ... %end`. Pane output notifications are
switched off (`refresh-client -f no-output`), so tmux does not stream the
reader's frames to the bench as well.
"""

from __future__ import annotations

import subprocess
import time


class TmuxControl:
    def __init__(self, session: str) -> None:
        self.session = session
        self._client = subprocess.Popen(
            ["tmux", "-C", "attach-session", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        assert self._client.stdout is not None
        self._out = self._client.stdout
        self._pending = b""
        # Answers to the attach itself are not ours and are skipped (`_answer`); our
        # first command may come too early for it ("no current client"): retried.
        for _ in range(50):
            try:
                self.command("refresh-client -f no-output")
                break
            except RuntimeError:
                time.sleep(0.02)

    def command(self, line: str) -> list[str]:
        """Run one tmux command; its output lines (RuntimeError on `%error`)."""
        self._write(line)
        return self._answer()

    def _write(self, lines: str) -> None:
        assert self._client.stdin is not None
        self._client.stdin.write(lines.encode() + b"\n")

    def send(self, *keys: str) -> None:
        self.command(f"send-keys -t {self.session} " + " ".join(_quote(k) for k in keys))

    def capture(self) -> list[str]:
        return self.command(f"capture-pane -p -t {self.session}")

    def close(self) -> None:
        if self._client.poll() is None:
            self._client.stdin.close()  # type: ignore[union-attr]  # detaches the client
            try:
                self._client.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._client.kill()

    def _answer(self) -> list[str]:
        """The next answer to one of our commands. Blocks flagged 0 answer commands
        that were not ours (the attach itself, which can come after our first
        commands): skipped, like notifications outside blocks."""
        lines: list[str] = []
        ours = False
        inside = False
        while True:
            raw = self._line()
            if raw.startswith("%begin"):
                inside, ours, lines = True, raw.split()[-1] == "1", []
            elif inside and (raw.startswith("%end") or raw.startswith("%error")):
                inside = False
                if not ours:
                    continue
                if raw.startswith("%error"):
                    raise RuntimeError("tmux: " + " ".join(lines))
                return lines
            elif inside:
                lines.append(raw)

    def _line(self) -> str:
        while b"\n" not in self._pending:
            chunk = self._out.read(65536)
            if not chunk:
                raise RuntimeError("tmux control client exited")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line.decode(errors="replace")


def _quote(key: str) -> str:
    return "'" + key.replace("'", "'\\''") + "'"
