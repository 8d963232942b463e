"""The search index while the reader runs: opened in the background (the list is
usable meanwhile), then kept up with the user's changes.

`IndexOpener` brings the index up to date with the store (or rebuilds it) in a
thread worker of `owner`, reporting `IndexProgress` ("indexing… 40%") and
answering `IndexReady` or `IndexFailed`. Quitting cancels the worker, which
stops the catch-up at its next progress report.

`IndexCatchUp` has the index take in state changes after a burst of them
(b b t u …) rather than after each: one Whoosh commit instead of several, and no
CPU taken from the next key. It answers `IndexCaughtUp`.
"""

from __future__ import annotations

import threading

from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from papertui.ui.messages import IndexCaughtUp, IndexFailed, IndexProgress, IndexReady
from papertui.ui.search_session import SearchSession

SYNC_DELAY = 0.4  # seconds of quiet after a state change before the index catches up


class IndexOpener:
    def __init__(self, owner: Widget, session: SearchSession) -> None:
        self._owner = owner
        self._session = session

    def start(self) -> None:
        self._owner.post_message(IndexProgress("indexing…"))
        self._owner.run_worker(
            self._open, thread=True, exclusive=True, group="index", exit_on_error=False
        )

    def _open(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise InterruptedError("closing")
            if total:
                self._owner.post_message(IndexProgress(f"indexing… {100 * done // total}%"))

        try:
            self._session.open_index(progress)
        except Exception as exc:  # the list keeps working without search
            if not worker.is_cancelled:
                self._owner.post_message(IndexFailed(self._session.index_error or str(exc)))
            return
        if not worker.is_cancelled:
            self._owner.post_message(IndexReady())


class IndexCatchUp:
    def __init__(self, owner: Widget, session: SearchSession, delay: float = SYNC_DELAY) -> None:
        self._owner = owner
        self._session = session
        self.delay = delay
        self._timer: Timer | None = None
        self._requery = False
        self._lock = threading.Lock()  # one catch-up at a time

    def soon(self, *, requery: bool) -> None:
        """Catch up once the changes have been quiet for `delay` seconds."""
        self._requery = self._requery or requery
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.delay <= 0:
            self._due()
        else:
            self._timer = self._owner.set_timer(self.delay, self._due)

    def _due(self) -> None:
        self._timer = None
        requery, self._requery = self._requery, False
        self.now(requery=requery)

    def now(self, *, requery: bool) -> None:
        """Bring the index up to date (tags, flags, new papers) in a worker."""
        index = self._session.index
        if index is None:
            return  # opening the index catches up by itself

        def job() -> None:
            from papertui.search.sync import keep_answers, sync

            with self._lock:
                sync(self._session.library, index)
            self._owner.post_message(IndexCaughtUp(requery))
            with self._lock:
                keep_answers(index)  # (for `pick` and the first letters typed; after the news)

        self._owner.run_worker(job, thread=True, group="index-sync", exit_on_error=False)
