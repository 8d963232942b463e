"""Watches in the reader: run them when papers arrive, keep the unread papers they
flagged (the list's `!`, the status line's "3 new for diffusion"), and save new ones.

When a watch's hit stops being new: once the paper is read (shown in the details
for `mark_read_after` seconds, or `u`). `is:watched` / `watch:NAME` keep finding
it until the watch is removed.

Papers arrive by a fetch from the reader or by another papertui (an import, a
fetch): either way the list's highest handle grows. The watches then run once
the index has taken the papers in (`index_caught_up`), in a thread worker of
`owner`, which answers `WatchHitsRead`; saving a watch answers `WatchSaved`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from textual.widget import Widget

from papertui.config import load_config
from papertui.store import ReadOnlyLibrary
from papertui.ui.messages import WatchHitsRead, WatchSaved
from papertui.ui.search_session import SearchSession
from papertui.watch_config import Watch, WatchConfigError, add_watch
from papertui.watching import matching, run_watches


def watch_news(unseen: Mapping[str, Sequence[str]]) -> str:
    """'3 new for diffusion', or '5 new: 3 diffusion, 2 ana pérez' ('' when none)."""
    counts = [(name, len(ids)) for name, ids in unseen.items() if ids]
    if not counts:
        return ""
    if len(counts) == 1:
        name, count = counts[0]
        return f"{count} new for {name}"
    papers = len({i for ids in unseen.values() for i in ids})
    return f"{papers} new: " + ", ".join(f"{count} {name}" for name, count in counts)


class WatchTracker:
    def __init__(self, owner: Widget, session: SearchSession, config_file: Path) -> None:
        self._owner = owner
        self._session = session
        self._library = session.library
        self.config_file = config_file
        self._due = False  # papers arrived: run the watches once the index has them
        self._due_seq = 0  # the store's change sequence the index must have reached first
        self._highest = self._library.max_num()
        self._lock = threading.Lock()  # one run (or read) at a time
        self.any_watches = False  # the config had watches at the last read

    # ---- when -----------------------------------------------------------------------
    def store_changed(self) -> None:
        """The library changed (a fetch here, another papertui): new papers make the
        watches due; any change may have read or flagged papers, so the hits are read."""
        highest = self._library.max_num()
        if highest > self._highest:
            self._highest = highest
            self._due, self._due_seq = True, self._library.change_seq()
        else:
            self.refresh()

    def index_caught_up(self) -> None:
        """The index took in changes: if they include the papers that arrived, run."""
        index = self._session.index
        if self._due and index is not None and index.synced_seq >= self._due_seq:
            self._due = False
            self._start(run=True)

    def refresh(self) -> None:
        """Read the unread flagged papers again (a paper was read, a watch run elsewhere)."""
        self._start(run=False)

    # ---- work -----------------------------------------------------------------------
    def _start(self, *, run: bool) -> None:
        self._owner.run_worker(
            lambda: self._job(run), thread=True, group="watches", exit_on_error=False
        )

    def _job(self, run: bool) -> None:
        with self._lock:
            config = load_config(self.config_file)  # read again: `watch add` may have run
            watches = config.watches
            self.any_watches = bool(watches)
            flagged, problems = 0, list[str]()
            if run and watches:
                try:
                    runs = run_watches(self._library, self._session.matching_ids, watches)
                except ReadOnlyLibrary as exc:  # the flags cannot be kept: say why once
                    runs, problems = [], [f"Watches not run: {exc}"]
                flagged = len({i for r in runs for i in r.new})
                problems += [
                    f"watch {r.watch.name!r} not run: {r.problem}" for r in runs if r.problem
                ]
            hits = self._library.unseen_watch_hits()
        unseen = {w.name: hits[w.key] for w in watches if hits.get(w.key)}
        self._owner.post_message(WatchHitsRead(unseen, flagged, problems))

    def save(self, watch: Watch) -> None:
        """Add `watch` to the config file and record what it matches now (its baseline)."""

        def job() -> None:
            with self._lock:
                self._owner.post_message(self._save(watch))

        self._owner.run_worker(job, thread=True, group="watches", exit_on_error=False)

    def _save(self, watch: Watch) -> WatchSaved:
        where = self.config_file
        if self._session.index is None:
            return WatchSaved("Watch not saved: the search index is not ready yet.", False)
        if self._library.readonly:  # its baseline could not be recorded
            return WatchSaved("Watch not saved: this library can only be read.", False)
        problem = self._session.matching_ids(watch.search_query)[1]
        if problem:
            return WatchSaved(f"Watch not saved: {watch.search_query}: {problem}", False)
        try:
            add_watch(watch, where)
        except (WatchConfigError, OSError) as exc:
            return WatchSaved(f"Watch not saved: {exc}", False)
        self._library.forget_watch(watch.key)  # a watch of that name removed by hand
        (run,) = run_watches(self._library, self._session.matching_ids, (watch,))
        self.any_watches = True
        return WatchSaved(
            f"Watching {watch.name!r} (saved in {where}): {matching(run.matched)} now; "
            "papers it matches after a fetch or import get a ! marker.",
            True,
        )
