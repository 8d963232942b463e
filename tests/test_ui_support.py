"""Shared helpers for the UI tests: small libraries in tmp_path, isolated config."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from papertui.models import Author, Paper
from papertui.paths import LibraryPaths
from papertui.reading.index_texts import SavedTexts
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index
from papertui.store import Library

if TYPE_CHECKING:
    from conftest import BuiltLibraries

HOSTILE_TITLE = "[bold red]Pwned[/] \x1b[31mred\x1b[0m\x07 [link=https://evil]click[/link]\r"


def paper(n: int, **changes: object) -> Paper:
    base = Paper(
        id=f"2401.{n:05d}",
        title=f"Paper number {n}: graph networks for topic {n % 7}",
        authors=(Author("Ada Lovelace"), Author("Alan Turing"), Author("Grace Hopper")),
        abstract=f"We study graph neural networks, case {n}. " * 3,
        published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
        categories=("cs.LG", "stat.ML"),
        arxiv_id=f"2401.{n:05d}",
        arxiv_version=1,
        doi=f"10.1000/demo.{n}",
        sources=("arxiv-api",),
        extras={"upvotes": n % 50},
    )
    return base.with_changes(**changes) if changes else base


def make_library(data_dir: Path, papers: list[Paper]) -> Path:
    paths = LibraryPaths(data_dir)
    paths.ensure()
    with Library(paths.store) as library:
        library.import_papers(papers)
    return data_dir


def make_indexed_library(
    built: BuiltLibraries,
    data_dir: Path,
    papers: list[Paper],
    then: Callable[[Path], object] | None = None,
) -> Path:
    """`make_library`, then `then(data_dir)` if given (e.g. saving full texts), plus the
    search index the reader builds when it opens it (for tests of what comes after;
    built once per run and copied)."""

    def build(target: Path) -> None:
        make_library(target, papers)
        if then is not None:
            then(target)
        paths = LibraryPaths(target)
        index = SearchIndex(paths.index_dir, SavedTexts(paths.data_dir))
        with Library(paths.store, readonly=True) as library:
            assert not ensure_index(library, index).catching_up
        index.close()

    recipe = repr(papers) + (f" then {then.__module__}.{then.__qualname__}" if then else "")
    key = hashlib.sha256(recipe.encode()).hexdigest()[:16]
    return built.copy(f"indexed-{key}", build, data_dir)


@pytest.fixture
def isolated(isolated_dirs: Path) -> Path:
    """The data dir of the one isolation every test has (conftest's `isolated_dirs`)."""
    return isolated_dirs / "data"


def pane_text(detail: object) -> str:
    """Everything the detail pane draws (every line, not just the visible ones)."""
    return "\n".join(line.text.rstrip() for line in detail.lines)  # type: ignore[attr-defined]


def count_paints(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[int]:
    """Heights of the crops Textual paints for `widget` from now on (`Widget.render_lines`,
    what a widget's own caches call when they miss)."""
    heights: list[int] = []
    render_lines = Widget.render_lines

    def counting(self: Widget, crop: Region) -> list[Strip]:
        if self is widget:
            heights.append(crop.height)
        return render_lines(self, crop)

    monkeypatch.setattr(Widget, "render_lines", counting)
    return heights


async def until(
    pilot: Pilot, condition: Callable[[], object], timeout: float = 30, what: str = ""
) -> None:
    """Let the app run until `condition()` holds (the one wait of the UI tests): a
    deadline far beyond any real answer, so a slow machine is never a failure."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting{': ' + what if what else ''}"
        await pilot.pause(0.02)


async def scrolled_to(pilot: Pilot, view: Widget, y: Callable[[], float] | float) -> None:
    """Wait for `view` at `y` (a line, or what `y()` says then): the scroll keys of the
    reading panes move the text after the next refresh."""
    at = y if callable(y) else (lambda: y)
    await until(pilot, lambda: view.scroll_y == at(), what=f"scrolled to {at()}")


async def run_command(pilot: Pilot, command: str) -> None:
    """Run `command` from the command palette as a user does: open it, type, and press
    enter once the matches for all of it are gathered and one is highlighted."""
    from textual.command import CommandInput, CommandList, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    palette = app.screen
    await pilot.press(*command)

    def gathered() -> bool:
        if palette.query_one(CommandInput).value != command:
            return False
        if any(worker.node is palette and not worker.is_finished for worker in app.workers):
            return False
        return palette.query_one(CommandList).highlighted is not None

    await until(pilot, gathered, what=f"the palette's matches for {command!r}")
    await pilot.press("enter")
