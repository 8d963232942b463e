"""Opening a downloaded PDF in the system's viewer, and saying honestly when there is none.

The viewer is the one the user named (`[reading] pdf_viewer` in the config file, or
`PAPERTUI_PDF_VIEWER`: a command to which the file's path is appended), else the
desktop's opener (`open` on macOS, `xdg-open` elsewhere) when there is a display.
Over SSH or on a console there is none: a terminal viewer would take over the
screen the reader is drawn on.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

WAIT = 2.0  # seconds to hear from the viewer: a quick failure is reported, a window stays


def viewer_command(named: str, env: Mapping[str, str] | None = None) -> tuple[list[str], str]:
    """(the command to open a PDF with, "") or ([], why there is none)."""
    env = os.environ if env is None else env
    if named.strip():
        try:
            return shlex.split(named), ""
        except ValueError as exc:
            return [], f"the PDF viewer {named!r} cannot be read as a command: {exc}"
    if sys.platform == "darwin":
        return ["open"], ""
    if sys.platform == "win32":
        return ["cmd", "/c", "start", ""], ""
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return [], "no graphical display here (over SSH or on a console), so no PDF viewer"
    opener = shutil.which("xdg-open")
    if opener is None:
        return [], "no PDF viewer found (xdg-open is missing; set [reading] pdf_viewer)"
    return [opener], ""


def open_pdf(path: Path, named: str = "", wait: float = WAIT) -> tuple[str, str]:
    """Hand `path` to the viewer (blocks up to `wait` seconds: call from a thread).
    Returns (the viewer's name, "") when it took the file, else (name, why not)."""
    command, problem = viewer_command(named)
    if not command:
        return "", problem
    name = Path(command[0]).name
    try:
        viewer = subprocess.Popen(
            [*command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own session: quitting the reader leaves it open
        )
    except OSError as exc:
        return name, f"could not start {name}: {exc.strerror or exc}"
    try:
        status = viewer.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        return name, ""  # still running: a viewer showing the file
    return name, "" if status == 0 else f"{name} failed (exit status {status})"
