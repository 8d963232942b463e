"""Which PDF viewer papertui would start, and why none (real processes, no display faked
beyond the environment a terminal session has)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from papertui.pdf_viewer import open_pdf, viewer_command


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="a desktop always has one")
def test_no_display_no_viewer_unless_one_is_named() -> None:
    command, why = viewer_command("", env={"SSH_TTY": "/dev/pts/1"})
    assert command == [] and why.startswith("no graphical display here")
    assert viewer_command("zathura --fork", env={}) == (["zathura", "--fork"], "")


def test_a_named_viewer_that_cannot_be_read_or_started_is_said(tmp_path: Path) -> None:
    command, why = viewer_command('evince "unclosed', env={})
    assert command == [] and "cannot be read as a command" in why
    name, why = open_pdf(tmp_path / "p.pdf", str(tmp_path / "no-such-viewer"))
    assert name == "no-such-viewer" and why.startswith("could not start no-such-viewer")
