"""Fetching from the reader: Hugging Face today, or every saved feed, in a worker;
and the papers that are new since the last visit.

The import goes through its own store connection, so the list keeps reading
while papers land. Progress goes to the status line; the outcome is one
notification, and the screen reloads the list and marks the new papers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from textual.widget import Widget

from papertui.config import load_prefs, update_prefs
from papertui.fetch import Fetcher, FetchError, FetchReport
from papertui.store import Library
from papertui.ui.messages import FetchDone, FetchProgress, NewPapersFound

NEW_LIMIT = 20_000  # "new since the last visit" beyond this is not worth marking


def now_stamp() -> str:
    """The store's `added_at` format, so stamps compare as strings."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def ids_added_since(library: Library, stamp: str) -> set[str]:
    """Ids of papers added to the library after `stamp` (read-only, own connection)."""
    with Library(library.path, readonly=True) as reader:
        return reader.ids_added_since(stamp, NEW_LIMIT)


@dataclass
class FetchOutcome:
    what: str
    reports: list[FetchReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each
    offline: bool = False  # nothing reached the network

    @property
    def new_ids(self) -> set[str]:
        return {i for report in self.reports for i in report.new_ids}

    @property
    def removed(self) -> int:
        """Records the fetch merged into others (two records found to be one paper)."""
        return sum(report.removed for report in self.reports)

    @property
    def live(self) -> bool:
        return any(not r.from_cache for r in self.reports)


def summary(outcome: FetchOutcome, last_fetch: str) -> tuple[str, str]:
    """(message, severity) for the notification."""
    if outcome.offline:
        when = (
            f"last fetched {last_fetch[:16].replace('T', ' ')} UTC"
            if last_fetch
            else "nothing fetched before"
        )
        why = "; ".join(outcome.errors) or "the network is unreachable"
        return f"Offline: {why}. Showing what you have ({when}).", "warning"
    lines = [r.message for r in outcome.reports if r.message]
    lines += [f"Failed: {e}" for e in outcome.errors]
    cached = [r for r in outcome.reports if r.from_cache]
    if cached:
        stamp = min(r.cached_at for r in cached)[:16].replace("T", " ")
        lines.insert(0, f"Offline: from the cache of {stamp} UTC")
    new = len(outcome.new_ids)
    lines.insert(0, f"{outcome.what}: {new} new paper{'s' if new != 1 else ''}")
    severity = "error" if outcome.errors and not outcome.reports else "information"
    if cached or outcome.errors:
        severity = severity if severity == "error" else "warning"
    return "\n".join(lines), severity


class FetchRunner:
    """One fetch at a time, in a thread worker of `owner`, which reports with
    `FetchProgress` and answers with `FetchDone`."""

    def __init__(
        self,
        owner: Widget,
        library: Library,
        make_fetcher: Callable[[], Fetcher],
        prefs_file: Path | None,
    ) -> None:
        self._owner = owner
        self._library = library
        self._make_fetcher = make_fetcher  # the outside world's edge: the app's
        self._prefs_file = prefs_file
        self.running = False
        self.cancelled = False
        self._fetcher: Fetcher | None = None
        self._lock = threading.Lock()

    def _fetcher_for_job(self) -> Fetcher:
        with self._lock:
            if self._fetcher is None:
                self._fetcher = self._make_fetcher()
                if self.cancelled:
                    self._fetcher.client.cancel()
            return self._fetcher

    def cancel(self) -> None:
        """Stop a fetch in flight (the reader is closing): its worker thread returns at
        once instead of holding the process until the network gives up."""
        with self._lock:
            self.cancelled = True
            if self._fetcher is not None:
                self._fetcher.client.cancel()

    def _progress(self, done: int, total: int | None, label: str) -> None:
        count = f"{done}/{total}" if total else f"{done}"
        self._owner.post_message(FetchProgress(f"{label or 'fetching'}… {count}"))

    def fetch_today(self) -> bool:
        from papertui.fetch import fetch_hf

        def run(outcome: FetchOutcome, library: Library, fetcher: Fetcher) -> None:
            report = fetch_hf(library, fetcher=fetcher, from_cache=True, progress=self._progress)
            outcome.reports.append(report)

        return self._start("Hugging Face today", run)

    def refresh_feeds(self) -> bool:
        from papertui.fetch import refresh_feeds

        def run(outcome: FetchOutcome, library: Library, fetcher: Fetcher) -> None:
            for result in refresh_feeds(
                library, fetcher=fetcher, from_cache=True, progress=self._progress
            ):
                if result.report is not None:
                    outcome.reports.append(result.report)
                if result.error is not None:
                    outcome.errors.append(f"{result.feed.name}: {result.error}")
                    outcome.offline = outcome.offline or result.error.offline

            outcome.offline = outcome.offline and not outcome.reports

        return self._start("Saved feeds", run)

    def _start(self, what: str, run: Callable[[FetchOutcome, Library, Fetcher], None]) -> bool:
        """Start a fetch; False (and nothing started) when one is already running."""
        if self.running:
            return False
        self.running = True

        def job() -> None:
            outcome = FetchOutcome(what)
            try:
                with Library(self._library.path) as writer:
                    run(outcome, writer, self._fetcher_for_job())
            except FetchError as exc:
                outcome.errors.append(str(exc))
                outcome.offline = exc.offline
            except Exception as exc:  # a bug or a broken config: say it, keep reading
                outcome.errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                if not self.cancelled:  # the screen is gone: nobody to tell
                    self._owner.post_message(FetchDone(outcome))

        self._owner.post_message(FetchProgress(f"{what}: connecting…"))
        self._owner.run_worker(job, thread=True, group="fetch", exit_on_error=False)
        return True

    def finished(self, outcome: FetchOutcome) -> tuple[str, str]:
        """The fetch ended: remember when it reached the network; (message, severity)."""
        self.running = False
        last_fetch = str(load_prefs(self._prefs_file).get("last_fetch") or "")
        if outcome.live:
            with contextlib.suppress(OSError):
                update_prefs(self._prefs_file, last_fetch=now_stamp())
        return summary(outcome, last_fetch)


class NewSinceLastVisit:
    """Papers added since the last visit (its time is kept in the UI prefs file),
    looked up in a thread worker of `owner`, which answers with `NewPapersFound`."""

    def __init__(self, owner: Widget, library: Library, prefs_file: Path | None) -> None:
        self._owner = owner
        self._library = library
        self._prefs_file = prefs_file

    def start(self) -> None:
        last = str(load_prefs(self._prefs_file).get("last_visit") or "")
        if last:

            def job() -> None:
                found = ids_added_since(self._library, last)
                if found:
                    self._owner.post_message(NewPapersFound(found))

            self._owner.run_worker(job, thread=True, group="new-papers", exit_on_error=False)

    def remember_visit(self) -> None:
        with contextlib.suppress(OSError):
            update_prefs(self._prefs_file, last_visit=now_stamp())
