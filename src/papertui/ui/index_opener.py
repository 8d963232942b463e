"""Opening the search index in the background: the list is usable meanwhile.

The index is brought up to date with the store (or rebuilt) in a thread
worker of `owner`; progress goes to `status` ("indexing… 40%"), then `ready()`
or `failed(reason)` runs on the UI thread. Quitting cancels the worker, which
stops the catch-up at its next progress report.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget
from textual.worker import get_current_worker

from papertui.ui.search_session import SearchSession


class IndexOpener:
    def __init__(
        self,
        owner: Widget,
        session: SearchSession,
        status: Callable[[str], None],
        ready: Callable[[], None],
        failed: Callable[[str], None],
    ) -> None:
        self._owner = owner
        self._session = session
        self._status = status
        self._ready = ready
        self._failed = failed

    def start(self) -> None:
        self._status("indexing…")
        self._owner.run_worker(
            self._open, thread=True, exclusive=True, group="index", exit_on_error=False
        )

    def _open(self) -> None:
        worker = get_current_worker()
        app = self._owner.app

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise InterruptedError("closing")
            if total:
                app.call_from_thread(self._status, f"indexing… {100 * done // total}%")

        try:
            self._session.open_index(progress)
        except Exception as exc:  # the list keeps working without search
            if not worker.is_cancelled:
                app.call_from_thread(self._failed, self._session.index_error or str(exc))
            return
        if not worker.is_cancelled:
            app.call_from_thread(self._ready)
