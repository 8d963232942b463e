"""The controlling terminal the picker draws on, opened before Textual is imported."""

from __future__ import annotations

import os


class NoTerminal(OSError):
    """The process has no controlling terminal to draw on."""


def open_terminal() -> int:
    """A read/write descriptor of the controlling terminal (NoTerminal if none)."""
    try:
        return os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError as exc:
        raise NoTerminal(f"/dev/tty: {exc.strerror}") from None
