"""The search index while the reader runs: opened in the background (the list is
usable meanwhile), then kept up with the user's changes.

`IndexOpener` brings the index up to date with the store (or rebuilds it) in a
thread worker of `owner`, reporting `IndexProgress` ("indexing… 40%") and
answering `IndexReady` or `IndexFailed`. Quitting cancels the worker, which
stops the catch-up at its next progress report.

`IndexCatchUp` has the index take in state changes after a burst of them
(b b t u …) rather than after each: one Whoosh commit instead of several, and no
CPU taken from the next key. It answers `IndexCaughtUp`.

`IdleAnswers` keeps the first letters' answers (`search/prefix_answers.py`, for the
search typed next and for `pick`) once the index was opened or caught up. Answering
them takes ~1 s of CPU at 100k papers, which in a thread slows the frames of the keys
typed meanwhile (the GIL), so it waits until the user has rested (no input for
`idle` seconds), and an input stops it between two queries; the next rest starts it
again. Nothing is written until all are answered (a stopped or abandoned job leaves the
kept file as it was: stale answers are searched live), so quitting just cancels it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from papertui.ui.idle_gc import IDLE
from papertui.ui.messages import IndexCaughtUp, IndexFailed, IndexProgress, IndexReady
from papertui.ui.search_session import SearchSession

SYNC_DELAY = 0.4  # seconds of quiet after a state change before the index catches up
ANSWERS_IDLE = IDLE  # seconds without input before the answers are kept (as a full GC)


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


class IdleAnswers:
    def __init__(
        self,
        owner: Widget,
        session: SearchSession,
        idle: float = ANSWERS_IDLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._owner = owner
        self._session = session
        self.idle = idle
        self._clock = clock
        self._last_input = clock()
        self.lock = threading.Lock()  # this reader writes the index in one job at a time
        self._due = False
        self._job: Worker[None] | None = None
        self._stop = threading.Event()  # the running job's
        self._timer: Timer | None = None

    @property
    def running(self) -> bool:
        return self._job is not None and not self._job.is_finished

    def due(self) -> None:
        """The index changed (opened, caught up): keep its answers at the next rest."""
        self._due = True
        self.check()

    def input(self) -> None:
        """The user did something: the answers wait for the next rest."""
        self._last_input = self._clock()
        if self.running:
            self.stop()

    def stop(self) -> None:
        """Stop the running job at its next query; it is done again at the next rest."""
        self._stop.set()
        self._due = True
        self._check_after(self.idle)

    def check(self) -> None:
        """Start the job if due, the user has rested and none runs (its timer's step)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        index = self._session.index
        if not self._due or index is None:
            return  # (opening the index makes it due)
        wait = self._last_input + self.idle - self._clock()
        if wait > 0 or self.running:
            self._check_after(wait if wait > 0 else self.idle)
            return
        self._due = False
        self._stop = stop = threading.Event()

        def job() -> None:
            from papertui.search.sync import keep_answers

            worker = get_current_worker()
            with self.lock:
                keep_answers(index, lambda: stop.is_set() or worker.is_cancelled)

        self._job = self._owner.run_worker(
            job, thread=True, group="index-answers", exit_on_error=False
        )

    def _check_after(self, seconds: float) -> None:
        if self._timer is None:  # (a Textual timer of 0 s divides by zero)
            self._timer = self._owner.set_timer(max(seconds, 1e-3), self.check)


class IndexCatchUp:
    def __init__(
        self,
        owner: Widget,
        session: SearchSession,
        answers: IdleAnswers,
        delay: float = SYNC_DELAY,
    ) -> None:
        self._owner = owner
        self._session = session
        self._answers = answers
        self.delay = delay
        self._timer: Timer | None = None
        self._requery = False

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
            from papertui.search.sync import sync

            with self._answers.lock:  # (one catch-up at a time; the answers wait)
                sync(self._session.library, index)
            self._owner.post_message(IndexCaughtUp(requery))  # the answers are due again

        if self._answers.running:
            self._answers.stop()  # (at its next query)
        self._owner.run_worker(job, thread=True, group="index-sync", exit_on_error=False)
