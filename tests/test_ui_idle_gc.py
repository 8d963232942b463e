"""Garbage collection waits for the user: paused from a key until its frame is out,
full collections when the user rests; everything as before once the app stops."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator

import pytest
from textual.app import App

from papertui.ui.idle_gc import IdleCollector


@pytest.fixture(autouse=True)
def gc_as_found() -> Iterator[None]:
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    yield
    (gc.enable if enabled else gc.disable)()
    gc.set_threshold(*threshold)
    gc.unfreeze()


async def test_an_input_pauses_collections_until_the_user_stops() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        collector = IdleCollector(app, idle=60, pause=0.2, max_pause=5)
        collector.start()
        collector.input()
        assert not gc.isenabled()
        for _ in range(4):  # typing on: still paused, 0.4 s after the first key
            await asyncio.sleep(0.1)
            collector.input()
            assert not gc.isenabled()
        await asyncio.sleep(0.35)  # resting: collections come back
        await pilot.pause()
        assert gc.isenabled()
        collector.stop()


async def test_a_held_key_does_not_pause_collections_for_long() -> None:
    app: App[None] = App()
    async with app.run_test():
        collector = IdleCollector(app, idle=60, pause=0.2, max_pause=0.5)
        collector.start()
        started = time.monotonic()
        resumed_after = None
        while time.monotonic() - started < 3:
            collector.input()  # a key every 50 ms, never a 0.2 s rest
            await asyncio.sleep(0.05)
            if gc.isenabled():
                resumed_after = time.monotonic() - started
                break
        assert resumed_after is not None and 0.5 <= resumed_after < 2
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
    async with app.run_test():
        collector = IdleCollector(app, idle=60, pause=0.05)
        collector.start()
        gc.disable()
        collector.input()
        await asyncio.sleep(0.15)
        assert not gc.isenabled()
        collector.stop()
        assert not gc.isenabled()


async def test_a_full_collection_runs_once_the_user_rests() -> None:
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    app: App[None] = App()
    async with app.run_test():
        collector = IdleCollector(app, idle=0.3, pause=0.05)
        collector.start()
        await asyncio.sleep(1.1)  # the first check freezes the startup objects (and counts)
        gc.collect(1)  # a middle collection: a full one is now due
        gc.callbacks.append(seen)
        try:
            collector.input()
            await asyncio.sleep(0.5)
            assert not full  # the check runs each second, and only after a rest
            await asyncio.sleep(1.2)
            assert full
        finally:
            gc.callbacks.remove(seen)
            collector.stop()
