"""Opening a paper's page in a web browser, and saying honestly when that cannot work.

Over SSH or on a console there is no graphical browser; Python's `webbrowser` would
then fall back to a text browser (lynx, w3m) that takes over the terminal the reader
is drawn on. So without a display the page is not opened, and the caller shows the
address for copying instead.
"""

from __future__ import annotations

import os
import sys
import webbrowser


def graphical_session() -> bool:
    """A browser window can appear: macOS, Windows, an X or Wayland display, or a
    browser the user named in $BROWSER."""
    if sys.platform in ("darwin", "win32"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))


def open_page(url: str) -> str:
    """Ask the browser to open `url` (blocks up to seconds: call from a thread).
    Returns "" when a browser took it, else why not."""
    if not graphical_session():
        return "no graphical display here (over SSH or on a console), so no browser"
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no web browser found"
    if not browser.open(url):
        return f"the browser ({getattr(browser, 'name', 'default')}) did not open it"
    return ""
