"""Textual's Linux driver on the terminal itself (/dev/tty), not on stdin and stderr.

Textual draws on stderr and reads keys from stdin (Textual issue #5531, open), and
sizes the screen from stdout. An editor running `papertui pick` captures stdout
(Vim's `system()`, `:r !`), Neovim's `system()` pipes stdin and stderr as well, and
a shell's `$(...)` captures stdout: the picker must draw and read where the user is,
like fzf does. So this driver opens the controlling terminal and uses it for input,
output and size, leaving stdin, stdout and stderr to the caller.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from papertui.ui.pick.first_frame import FirstFrame


class TerminalDriver(LinuxDriver):
    """LinuxDriver whose input, output and size come from one terminal descriptor."""

    terminal_fd: int = -1  # set by `on_terminal` before the app starts
    first_frame: FirstFrame | None = None  # painted before Textual started, if it was

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._file = open(  # noqa: SIM115  (closed in `close`)
            self.terminal_fd, "w", encoding="utf-8", errors="replace", closefd=False
        )
        self.fileno = self.terminal_fd
        self.input_tty = True

    def start_application_mode(self) -> None:
        super().start_application_mode()
        painted = self.first_frame
        if painted is not None and not painted.handed_over:
            self.attrs_before = painted.saved  # (it read the mode the frame had set)
            painted.handed_over = True

    def write(self, data: str) -> None:
        painted = self.first_frame
        if data == "\x1b[?1049h" and painted is not None and not painted.handed_over:
            return  # in the alternate screen already, with the first frame on it
        super().write(data)

    def _get_terminal_size(self) -> tuple[int, int]:
        try:
            width, height = os.get_terminal_size(self.terminal_fd)
        except OSError:
            return 80, 25
        return width or 80, height or 25

    def close(self) -> None:
        super().close()
        self._file.close()


def on_terminal(fd: int, first_frame: FirstFrame | None = None) -> type[TerminalDriver]:
    """The driver class drawing on terminal descriptor `fd` (over `first_frame`)."""
    attributes = {"terminal_fd": fd, "first_frame": first_frame}
    return type("TerminalDriverOnFd", (TerminalDriver,), attributes)
