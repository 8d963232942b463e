"""Pilot tests: a huge abstract is wrapped off the UI thread. The cursor keeps moving
while it is being wrapped, the pane always shows the paper under the cursor (never a
late answer for another one), and a resize wraps it again for the new width."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from rich.style import Style
from textual.pilot import Pilot

from conftest import BuiltLibraries
from papertui.texify import tex_to_unicode
from papertui.ui.widgets import late_wrap
from papertui.ui.widgets.detail_text import abstract_text, wrap_uncached
from papertui.ui.widgets.late_wrap import WrapJob, wrap_abstract
from papertui.ui.widgets.paper_detail import PaperDetail
from test_ui_state import app_for, current_id, plist
from test_ui_support import isolated, make_indexed_library, pane_text, paper, until  # noqa: F401

HUGE_ID = "2401.00003"
HUGE_ABSTRACT = "Hypergraph words repeat. " * 16_000  # 400k characters: shown cut at 100k


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n) for n in range(1, 7)]
    papers[2] = paper(3, abstract=HUGE_ABSTRACT)
    return make_indexed_library(built_libraries, isolated, papers)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The worker waits for this before wrapping (the real wrap), so the test decides
    when its answer comes: no race with the keys pressed meanwhile."""
    opened = threading.Event()

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert opened.wait(30), "the test never opened the gate"
        return wrap_uncached(*args, **kwargs)

    monkeypatch.setattr(late_wrap, "wrap_uncached", held)
    yield opened
    opened.set()  # a worker still waiting must not outlive the test by 30 s


def pane(app) -> PaperDetail:  # type: ignore[no-untyped-def]
    return app.screen.query_one(PaperDetail)


def listed(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.paper_id for row in (plist(app).row_at(i) for i in range(6)) if row]


async def go_to(pilot: Pilot, paper_id: str) -> None:
    plist(pilot.app).cursor = listed(pilot.app).index(paper_id)
    await pilot.pause()


async def test_moves_go_on_while_a_huge_abstract_is_wrapped(
    library_dir: Path, gate: threading.Event
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await go_to(pilot, HUGE_ID)
        detail = pane(app)
        assert detail.paper is not None and detail.paper.id == HUGE_ID
        text = pane_text(detail)
        assert "Paper number 3" in text  # the header at once
        assert "wrapping the abstract (400,000 characters)" in text
        assert "Hypergraph" not in text and detail.wrapping

        # The worker is held: every move is still handled, each paper shown in full.
        for key in ("j", "j", "k"):
            await pilot.press(key)
            shown = pane(app).paper
            assert shown is not None and shown.id == current_id(app) != HUGE_ID
            assert shown.abstract.strip() in " ".join(pane_text(pane(app)).split())
            assert not pane(app).wrapping
        after = listed(app)[listed(app).index(HUGE_ID) + 1]
        assert current_id(app) == after

        gate.set()  # the huge paper's lines arrive: no longer wanted, not shown
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane(app).paper.id == current_id(app) == after  # type: ignore[union-attr]
        assert "Hypergraph" not in pane_text(pane(app))

        await pilot.press("k")  # back on it: its lines were kept, shown at once
        text = pane_text(pane(app))
        assert current_id(app) == HUGE_ID and not pane(app).wrapping
        assert "wrapping the abstract" not in text
        assert text.count("Hypergraph") > 1_000
        assert "… (truncated, 399,999 characters)" in " ".join(text.split())  # (trimmed)
        assert len(text) < 120_000


async def test_the_worker_wraps_like_the_ui_thread_and_a_resize_wraps_again(
    library_dir: Path,
) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await go_to(pilot, HUGE_ID)
        detail = pane(app)
        await until(pilot, lambda: not detail.wrapping, what="the abstract wrapped")
        width = detail.scrollable_content_region.width
        assert shows(detail, abstract_lines(detail, width))
        before = len(detail.lines)

        await pilot.resize_terminal(160, 30)
        await until(pilot, lambda: detail.scrollable_content_region.width > width)
        wrapped: dict[int, list[str]] = {}  # (the width may settle in more than one step)

        def wrapped_to_its_width() -> bool:
            now = detail.scrollable_content_region.width
            if now not in wrapped:
                wrapped[now] = abstract_lines(detail, now)
            return shows(detail, wrapped[now])

        await until(pilot, wrapped_to_its_width, what="wrapped again")
        assert len(detail.lines) < before  # fewer, longer lines
        assert pane(app).paper.id == HUGE_ID  # type: ignore[union-attr]


def abstract_lines(detail: PaperDetail, width: int) -> list[str]:
    """The shown paper's abstract as the UI thread would wrap it to `width`."""
    assert detail.paper is not None
    match = detail.get_component_rich_style("paper-detail--match")
    text = abstract_text(detail.paper.display_abstract, (), match)
    lines = [line.text for line in wrap_uncached(detail.app.console, text, width)]
    assert lines[-1].endswith("(truncated, 399,999 characters)")
    return lines


def shows(detail: PaperDetail, lines: list[str]) -> bool:
    texts = [line.text for line in detail.lines]
    start = texts.index(lines[0]) if lines[0] in texts else -1
    return start >= 0 and texts[start : start + len(lines)] == lines


WORDS = ["graph", "hypergraph", "neural", "x" * 90, "nets.", "\n\n", "on", "data,", "  "]


@pytest.mark.parametrize("seed", range(6))
def test_wrapping_in_pieces_gives_the_lines_of_wrapping_at_once(seed: int) -> None:
    rng = random.Random(seed)
    abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1_500, 3_500)))
    if seed % 4 == 0:
        abstract = "z" * 9_000  # no space at all: pieces end inside the word
    width = rng.choice([30, 59, 80])
    terms = ("graph",) if seed % 2 else ()
    match = Style(bold=True)
    console = Console(width=200)
    pieces = wrap_abstract(console, WrapJob(abstract, terms, match, width))
    at_once = wrap_uncached(console, abstract_text(tex_to_unicode(abstract), terms, match), width)

    def cells(lines):  # type: ignore[no-untyped-def]
        return [[(ch, seg.style or Style()) for seg in line for ch in seg.text] for line in lines]

    assert pieces is not None and len(pieces) > 25
    assert cells(pieces) == cells(at_once)


def test_a_wrap_given_up_answers_no_lines() -> None:
    job = WrapJob("words " * 10_000, (), Style(), 40)
    calls = []

    def given_up() -> bool:
        calls.append(1)
        return len(calls) > 2  # after two pieces

    assert wrap_abstract(Console(), job, given_up) is None
    assert len(calls) == 3
