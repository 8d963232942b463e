"""Opening a web page from a screen: in the browser when there is one (in a daemon
thread: a hung browser never holds the reader), else the address shown for copying.

`open(url)` → `PageOpened` posted to the screen → its handler calls `opened(message)`.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.screen import Screen

from papertui.browser import graphical_session, open_page
from papertui.ui.messages import PageOpened
from papertui.ui.screens.copy_fallback import CopyFallbackScreen


class PageOpener:
    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen

    def open(self, url: str) -> None:
        if not graphical_session():
            self._show_address(url, "No graphical display here (over SSH or on a console).")
            return

        def job() -> None:
            self._screen.post_message(PageOpened(url, open_page(url)))

        threading.Thread(target=job, name="papertui-browser", daemon=True).start()

    def opened(self, message: PageOpened) -> None:
        if message.problem:
            problem = message.problem
            self._show_address(message.url, f"{problem[0].upper()}{problem[1:]}.")
        else:
            self._screen.notify(f"Opened in the browser: {message.url}", markup=False)

    def _show_address(self, url: str, why: str) -> None:
        title = "Not opened in a browser: copy the address"
        fallback = CopyFallbackScreen(url, None, why, title=title, saved=False)
        self._screen.app.push_screen(fallback)
