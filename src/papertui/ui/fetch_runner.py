"""Fetching from the reader: Hugging Face today, or every saved feed, in a worker.

The import goes through its own store connection, so the list keeps reading
while papers land. Progress goes to the status line; the outcome is one
notification, and the screen reloads the list and marks the new papers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from papertui.fetch import Fetcher, FetchError, FetchReport
from papertui.store import Library

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
    def live(self) -> bool:
        return any(not r.from_cache for r in self.reports)


class FetchHost(Protocol):
    library: Library

    def run_fetch_job(self, job: Callable[[], None]) -> None: ...
    def call_from_thread_(self, callback: Callable[..., object], *args: object) -> None: ...
    def make_fetcher_(self) -> Fetcher: ...
    def fetch_progress(self, label: str) -> None: ...
    def fetch_finished(self, outcome: FetchOutcome) -> None: ...


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
    def __init__(self, host: FetchHost) -> None:
        self.host = host
        self.running = False
        self.cancelled = False
        self._fetcher: Fetcher | None = None
        self._lock = threading.Lock()

    def _fetcher_for_job(self) -> Fetcher:
        with self._lock:
            if self._fetcher is None:
                self._fetcher = self.host.make_fetcher_()
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
        self.host.call_from_thread_(self.host.fetch_progress, f"{label or 'fetching'}… {count}")

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
        self.host.fetch_progress(f"{what}: connecting…")

        def job() -> None:
            outcome = FetchOutcome(what)
            try:
                with Library(self.host.library.path) as writer:
                    run(outcome, writer, self._fetcher_for_job())
            except FetchError as exc:
                outcome.errors.append(str(exc))
                outcome.offline = exc.offline
            except Exception as exc:  # a bug or a broken config: say it, keep reading
                outcome.errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                if not self.cancelled:  # the screen is gone: nobody to tell
                    self.host.call_from_thread_(self._finished, outcome)

        self.host.run_fetch_job(job)
        return True

    def _finished(self, outcome: FetchOutcome) -> None:
        self.running = False
        self.host.fetch_finished(outcome)
