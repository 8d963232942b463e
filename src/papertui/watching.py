"""Run watches: search each one and flag the papers it matches for the first time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from papertui.watch_config import Watch
from papertui.wording import papers


@dataclass(frozen=True)
class WatchRun:
    watch: Watch
    matched: int = 0  # papers the watch matches now
    new: tuple[str, ...] = ()  # ids flagged new by this run
    first: bool = False  # the watch's first run: its matches are the baseline
    problem: str = ""  # the query could not be run as written (nothing recorded)


def matching(count: int) -> str:
    """'1 paper matches', '3 papers match'."""
    return f"{papers(count)} {'matches' if count == 1 else 'match'}"


def run_watches(
    library: Any, search: Callable[[str], tuple[list[str], str | None]], watches: Iterable[Watch]
) -> list[WatchRun]:
    """Run each watch with `search` (query -> (ids, problem or None)) and record it."""
    runs: list[WatchRun] = []
    for watch in watches:
        try:
            ids, problem = search(watch.search_query)
        except ValueError as exc:
            ids, problem = [], str(exc)
        if problem:
            runs.append(WatchRun(watch, problem=problem))
            continue
        first = not library.has_watch_run(watch.key)
        new = library.record_watch_matches(watch.key, ids)
        runs.append(WatchRun(watch, matched=len(ids), new=tuple(new), first=first))
    return runs
