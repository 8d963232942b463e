"""Pilot tests of the detail pane: one Line-API view drawing the paper, its note and
related papers itself (no child widgets, no layout pass when the paper changes)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual import events

from conftest import BuiltLibraries
from papertui.config import Config
from papertui.store import Library
from papertui.ui.app import make_app
from papertui.ui.delays import Delays
from papertui.ui.row_data import RelatedEntry
from papertui.ui.widgets import detail_text
from papertui.ui.widgets.paper_detail import PaperDetail
from test_ui_state import app_for, current_id, plist, until
from test_ui_support import (  # noqa: F401
    isolated,
    make_indexed_library,
    make_library,
    pane_text,
    paper,
    scrolled_to,
)

LONG = "Graph neural networks learn on relational data. " * 30  # many lines at any width
HOSTILE_NOTE = "[bold]not bold[/bold] \x1b[31mred?\x1b[0m\x07 [link=https://evil]x[/link]\nline 2"


@pytest.fixture
def library_dir(isolated: Path, built_libraries: BuiltLibraries) -> Path:  # noqa: F811
    papers = [paper(n, abstract=LONG) for n in range(1, 21)]
    return make_indexed_library(built_libraries, isolated, papers)


def detail(app) -> PaperDetail:  # type: ignore[no-untyped-def]
    return app.screen.query_one(PaperDetail)


def note_lines(pane: PaperDetail) -> list[str]:
    return [line.text for line in pane.lines if line.text.lstrip().startswith("▌")]


async def test_the_pane_has_no_child_widgets_and_moves_need_no_layout(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=(120, 24)) as pilot:
        await until(pilot, lambda: app.session.index is not None)
        await until(pilot, lambda: "Related papers" in detail(app).related.plain)
        await pilot.pause()
        pane = detail(app)
        assert not pane.children
        layouts = 0
        refresh_layout = app.screen._refresh_layout

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal layouts
            layouts += 1
            return refresh_layout(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        first = pane.paper
        for _ in range(3):
            await pilot.press("j")
            await pilot.pause()
        assert pane.paper is not None and pane.paper.id != (first.id if first else "")
        assert pane.paper.id == current_id(app)
        assert layouts == 0  # every paper overflows: the scrollbar stays, so no layout
        assert pane.virtual_size.height == len(pane.lines) > 20


async def test_the_note_is_drawn_in_the_pane_and_follows_the_cursor(isolated: Path) -> None:  # noqa: F811
    make_library(isolated, [paper(n) for n in range(1, 6)])
    with Library(isolated / "library.sqlite3") as lib:
        first_id = lib.get_by_nums(lib.ordered_nums("date")[:1])[0].id
        lib.set_note(first_id, "Compare with the flow-matching paper.\n- section 3")
    app = app_for(isolated)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        pane = detail(app)
        assert pane.note.startswith("Compare")
        boxed = note_lines(pane)
        assert [line.strip() for line in boxed] == [
            "▌ Note",
            "▌ Compare with the flow-matching paper.",
            "▌ - section 3",
        ]
        await until(pilot, lambda: "Related papers" in pane.related.plain)
        text = pane_text(pane)
        assert text.index("We study") < text.index("Note") < text.index("Related papers")
        await pilot.press("j")
        await pilot.pause()
        assert pane.note == "" and not note_lines(pane)
        await pilot.press("k")
        await pilot.pause()
        assert note_lines(pane)
        # Edited to nothing: the box goes away.
        await pilot.press("n", "ctrl+a")
        await pilot.pause()
        app.screen.query_one("#note-text").text = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not note_lines(detail(app)))


async def test_a_hostile_note_stays_literal(isolated: Path) -> None:  # noqa: F811
    make_library(isolated, [paper(1)])
    with Library(isolated / "library.sqlite3") as lib:
        lib.set_note("2401.00001", HOSTILE_NOTE)
    app = app_for(isolated)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        pane = detail(app)
        text = " ".join(line.strip("▌ ") for line in note_lines(pane))
        assert text == "Note [bold]not bold[/bold] red? [link=https://evil]x[/link] line 2"
        assert not any(ch in pane_text(pane) for ch in "\x1b\x07")
        for line in pane.lines:
            for segment in line:
                assert segment.style is None or not segment.style.link


async def test_scrolling_reaches_the_related_papers(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        pane = detail(app)
        await until(pilot, lambda: "Related papers" in pane.related.plain, timeout=20)
        await pilot.press("enter")  # focus the pane
        assert app.focused is pane
        assert pane.max_scroll_y > 0
        await pilot.press("end")
        await scrolled_to(pilot, pane, lambda: pane.max_scroll_y)
        visible = [pane.render_line(y).text for y in range(pane.scrollable_content_region.height)]
        assert visible[-1].rstrip() == pane.lines[-1].text.rstrip() != ""  # the last line
        assert pane.related.plain.rstrip().endswith(visible[-1].strip())  # of the related
        await pilot.press("g")
        await scrolled_to(pilot, pane, 0)
        await pilot.press("j", "j")
        await scrolled_to(pilot, pane, 2)
        await pilot.press("k")
        await scrolled_to(pilot, pane, 1)
        await pilot.press("pagedown")
        await scrolled_to(pilot, pane, 1 + pane.scrollable_content_region.height)
        await pilot.press("home")
        await scrolled_to(pilot, pane, 0)
        wheel = events.MouseScrollDown(pane, 1, 1, 0, 1, 0, False, False, False)
        pane.post_message(wheel)
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("G")
        await scrolled_to(pilot, pane, lambda: pane.max_scroll_y)
        # A new paper starts at the top.
        await pilot.press("escape")
        app.set_focus(plist(app))
        await pilot.press("j")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_related_section_states(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        pane = detail(app)
        paper_id = current_id(app)
        pane.show_related(paper_id, None)
        assert pane.related.plain == "\nRelated papers\nsearching…"
        pane.show_related(paper_id, [], "unavailable (OSError)")
        assert "unavailable (OSError)" in pane_text(pane)
        pane.show_related(paper_id, [])
        assert "none found" in pane_text(pane)
        entry = RelatedEntry("x", "[b]A[/b] title", authors="Eve \x1b[5m", date="2024-01-02")
        pane.show_related(paper_id, [entry])
        assert "• [b]A[/b] title  Eve · 2024-01-02" in pane_text(pane)
        pane.show_related("someone-else", None)  # another paper's answer: ignored
        assert "searching" not in pane_text(pane)


async def test_the_next_paper_is_wrapped_ahead(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.pause()
        wrapped: list[str] = []  # texts wrapped anew (`wrap` found no lines kept)
        wrap_uncached = detail_text.wrap_uncached

        def counted(console, text, width):  # type: ignore[no-untyped-def]
            wrapped.append(text.plain)
            return wrap_uncached(console, text, width)

        detail_text.wrap_uncached = counted  # type: ignore[assignment]
        try:
            await pilot.press("j")  # the look-ahead already wrapped this one
            await pilot.pause()
        finally:
            detail_text.wrap_uncached = wrap_uncached  # type: ignore[assignment]
        shown = detail(app).paper
        assert shown is not None and shown.id == current_id(app)
        assert not [text for text in wrapped if shown.abstract[:20] in text or shown.title in text]


async def test_theme_change_restyles_the_note(isolated: Path) -> None:  # noqa: F811
    make_library(isolated, [paper(1)])
    with Library(isolated / "library.sqlite3") as lib:
        lib.set_note("2401.00001", "a note")
    app = app_for(isolated)
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.pause()

        def bar_style():  # type: ignore[no-untyped-def]
            line = next(line for line in detail(app).lines if "▌" in line.text)
            return next(seg.style for seg in line if seg.text == "▌")

        before = bar_style()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert bar_style() != before
        pane = detail(app)
        title = pane.get_component_rich_style("paper-detail--title").color
        assert next(seg.style.color for seg in pane.lines[1] if seg.text.strip()) == title


async def test_idle_collector_restores_the_gc_settings(library_dir: Path) -> None:
    thresholds = gc.get_threshold()
    app = app_for(library_dir)
    async with app.run_test(size=(120, 32)) as pilot:
        # the start-up objects are frozen at the collector's first check, a second in
        await until(pilot, lambda: gc.get_freeze_count() > 0, what="the first idle check")
        assert gc.get_threshold()[2] > thresholds[2]  # automatic full passes: rarer
        assert gc.get_freeze_count() > 0  # start-up objects: skipped by full passes
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0


async def test_the_full_screen_details_show_the_note(isolated: Path) -> None:  # noqa: F811
    from papertui.ui.screens.detail import DetailScreen

    make_library(isolated, [paper(1)])
    with Library(isolated / "library.sqlite3") as lib:
        lib.set_note("2401.00001", "read section 4")
    app = app_for(isolated)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.pause()
        pane = app.screen.detail  # type: ignore[attr-defined]
        assert [line.strip() for line in note_lines(pane)] == ["▌ Note", "▌ read section 4"]
        await pilot.press("G")
        await scrolled_to(pilot, pane, lambda: pane.max_scroll_y)


def made_up_words(n: int) -> list[str]:
    return [f"zq{chr(97 + n)}{chr(97 + k)}lex" for k in range(6)]


async def test_a_paper_changed_since_the_index_was_built_keeps_its_related_papers(
    isolated: Path,  # noqa: F811
    built_libraries: BuiltLibraries,
) -> None:
    """Another papertui flagged the papers after the index was written: the reader catches
    up at open, and each paper's words of its own (made-up ones in its title) must not
    hide its related papers (Whoosh counts the deleted old copy until a merge)."""
    topics = ("Graph networks", LONG), ("Image diffusion", "Diffusion models denoise images. " * 9)
    papers = [
        paper(n, title=f"{topics[n % 2][0]} {n}: " + " ".join(made_up_words(n)),
              abstract=topics[n % 2][1])
        for n in range(1, 21)
    ]  # fmt: skip
    data = make_indexed_library(built_libraries, isolated, papers)
    with Library(data / "library.sqlite3") as library:
        library.record_watch_matches("graphs", [])  # the baseline
        library.record_watch_matches("graphs", [p.id for p in papers])
    config = Config(mark_read_after=0)
    app = make_app(data, config=config, prefs_file=data / "prefs.json", delays=Delays(related=0))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = detail(app)
        await until(pilot, lambda: app.session.index is not None)

        def caught_up() -> bool:
            searcher = app.session.index._get_searcher()
            return searcher is not None and searcher.reader().has_deletions()

        await until(pilot, caught_up, what="the catch-up")
        first = current_id(app)
        await pilot.press("j", "k")  # (looked up again: the catch-up dropped what was known)

        def listed() -> bool:
            shown = pane.related.plain
            return current_id(app) == first and "searching" not in shown and "Related" in shown

        await until(pilot, listed, what="the related papers")
        assert "•" in pane.related.plain, pane.related.plain
