"""Garbage collection waits for the user: paused from a key until its frame is out,
full collections when the user rests; everything as before once the app stops.

The collector reads time from a clock it is given: here a hand-moved one, so each
test steps through the moments it checks instead of waiting for them. Its timers
call `resume` and `check` as the tests do.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from textual.app import App

from papertui.ui.idle_gc import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def gc_as_found() -> Iterator[None]:
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    yield
    (gc.enable if enabled else gc.disable)()
    gc.set_threshold(*threshold)
    gc.unfreeze()


async def test_an_input_pauses_collections_until_the_user_stops() -> None:
    app: App[None] = App()
    clock = Clock()
    async with app.run_test():
        collector = IdleCollector(app, idle=60, pause=0.2, max_pause=5, clock=clock)
        collector.start()
        collector.input()
        assert not gc.isenabled()
        for _ in range(4):  # typing on: still paused, 0.4 s after the first key
            clock.now += 0.1
            collector.input()
            collector.resume()
            assert not gc.isenabled()
        clock.now += 0.35  # resting: collections come back
        collector.resume()
        assert gc.isenabled()
        collector.stop()


async def test_a_held_key_does_not_pause_collections_for_long() -> None:
    app: App[None] = App()
    clock = Clock()
    async with app.run_test():
        collector = IdleCollector(app, idle=60, pause=0.2, max_pause=0.5, clock=clock)
        collector.start()
        started = clock.now
        resumed_after = None
        while clock.now - started < 3:
            collector.input()  # a key every 50 ms, never a 0.2 s rest
            clock.now += 0.05
            collector.resume()
            if gc.isenabled():
                resumed_after = clock.now - started
                break
        assert resumed_after is not None and 0.5 <= resumed_after < 0.6
        collector.stop()


async def test_stopping_restores_collections_and_thresholds() -> None:
    app: App[None] = App()
    before = gc.get_threshold()
    async with app.run_test():
        collector = IdleCollector(app, idle=60, pause=10)
        collector.start()
        assert gc.get_threshold()[2] > before[2]  # full collections rarer
        collector.input()
        assert not gc.isenabled()
        collector.stop()  # (the app quits mid-pause)
        assert gc.isenabled()
        assert gc.get_threshold() == before


async def test_collections_someone_else_turned_off_stay_off() -> None:
    app: App[None] = App()
    clock = Clock()
    async with app.run_test():
        collector = IdleCollector(app, idle=60, pause=0.05, clock=clock)
        collector.start()
        gc.disable()
        collector.input()
        clock.now += 0.15
        collector.resume()
        assert not gc.isenabled()
        collector.stop()
        assert not gc.isenabled()


async def test_a_full_collection_runs_once_the_user_rests() -> None:
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app: App[None] = App()
    clock = Clock()
    async with app.run_test():
        collector = IdleCollector(app, idle=0.3, pause=0.05, clock=clock)
        collector.start()
        collector.check()  # the first check freezes the startup objects (and counts)
        gc.collect(1)  # a middle collection: a full one is now due
        gc.callbacks.append(seen)
        try:
            collector.input()
            clock.now += 0.2
            collector.check()
            assert not full  # not before the user has rested `idle` seconds
            clock.now += 0.2
            collector.check()
            assert full
        finally:
            gc.callbacks.remove(seen)
            collector.stop()
