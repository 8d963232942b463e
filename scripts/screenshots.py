"""Regenerate the README screenshots: drive the reader headless against the demo library.

    .venv/bin/python scripts/screenshots.py [OUT_DIR [NAME...]]   # default: screenshots/, all

Nothing is taken by hand: each SVG comes from `run_test` + `save_screenshot`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from papertui.config import Config
from papertui.demo import ensure_demo_library
from papertui.ui.app import PaperTUI, make_app

Step = Callable[[PaperTUI, Pilot], Awaitable[None]]


async def wait_for_index(app: PaperTUI, pilot: Pilot, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while app.session.index is None and time.monotonic() < deadline:
        await pilot.pause(0.05)
    await pilot.pause(0.1)


async def wait_for_results(app: PaperTUI, pilot: Pilot, query: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    screen = app.screen
    while time.monotonic() < deadline:
        status = getattr(screen, "status", None)
        if status is not None and status.query == query and not status.searching:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.3)  # related papers load after a short debounce


async def search(app: PaperTUI, pilot: Pilot, query: str) -> None:
    await wait_for_index(app, pilot)
    await pilot.press("slash", *query)
    await wait_for_results(app, pilot, query)


async def idle(app: PaperTUI, pilot: Pilot) -> None:
    await pilot.pause(0.2)


async def main_view(app: PaperTUI, pilot: Pilot) -> None:
    await wait_for_index(app, pilot)
    await pilot.press("j", "j", "j")
    await pilot.pause(0.4)


async def search_view(app: PaperTUI, pilot: Pilot) -> None:
    await search(app, pilot, "diffusion model")
    await pilot.press("escape", "j")
    await pilot.pause(0.4)


async def detail_view(app: PaperTUI, pilot: Pilot) -> None:
    await search(app, pilot, "scaling laws")
    await pilot.press("escape", "enter")
    await pilot.pause(0.4)


async def help_view(app: PaperTUI, pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await pilot.pause(0.2)


async def narrow_view(app: PaperTUI, pilot: Pilot) -> None:
    await search(app, pilot, "attention")
    await pilot.press("escape", "j", "j")
    await pilot.pause(0.2)


async def narrow_detail_view(app: PaperTUI, pilot: Pilot) -> None:
    await narrow_view(app, pilot)
    await pilot.press("enter")
    await pilot.pause(0.5)


async def with_state(app: PaperTUI, pilot: Pilot) -> None:
    """Bookmarks, tags, read papers and a note on the first rows, as a reader leaves them."""
    await wait_for_index(app, pilot)
    plist = app.screen.paper_list  # type: ignore[attr-defined]
    ids = [plist.row_at(i).paper_id for i in range(8)]
    app.library.set_bookmarked([ids[0], ids[3]], True)
    app.library.change_tags([ids[0], ids[2], ids[3]], add=["survey"])
    app.library.change_tags([ids[3]], add=["to-read"])
    app.library.set_read(ids[:3] + ids[5:6], True)
    app.library.set_note(ids[3], "Compare with the scaling-law results.\n- see section 4")
    plist.invalidate()
    await pilot.press("j", "j", "j", "j", "space", "space", "k", "k", "k")
    await pilot.pause(0.5)


async def marked_view(app: PaperTUI, pilot: Pilot) -> None:
    await with_state(app, pilot)  # the cursor is on the paper with a note
    await pilot.pause(0.3)


async def cite_view(app: PaperTUI, pilot: Pilot) -> None:
    await with_state(app, pilot)
    await pilot.press("escape", "Y", "down", "down")
    await pilot.pause(0.4)


async def tags_view(app: PaperTUI, pilot: Pilot) -> None:
    await with_state(app, pilot)
    await pilot.press("t", *"+to")
    await pilot.pause(0.4)


FIXTURE_PAPER = Path(__file__).parent.parent / "tests" / "fixtures" / "papers" / "paper.html"


async def reading_view(app: PaperTUI, pilot: Pilot, *keys: str) -> None:
    """The reading view of the current paper, with the LaTeXML fixture paper saved as its
    full text (the demo library has no downloaded papers): the document shown is the
    fixture's, whatever the list row says."""
    from papertui.reading.fulltext_store import FullTextStore
    from papertui.reading.sources import Download, Source, parse_source

    await wait_for_index(app, pilot)
    paper = app.library.get(app.screen.paper_list.row_at(0).paper_id)  # type: ignore[attr-defined]
    source = Source("arXiv HTML", "html", f"https://arxiv.org/html/{paper.arxiv_id}")
    body = FIXTURE_PAPER.read_bytes()
    download = Download(source, body, parse_source(source, body), ())
    FullTextStore.for_data_dir(app.paths.data_dir).save(paper.arxiv_id, download)
    (app.paths.data_dir / "reading_positions.json").unlink(missing_ok=True)  # an earlier shot's
    await pilot.press("r")
    while getattr(app.screen, "document", None) is None:
        await pilot.pause(0.05)
    await pilot.press(*keys)
    await pilot.pause(0.4)


async def reading_wide(app: PaperTUI, pilot: Pilot) -> None:
    """The outline beside the text, math, and a citation selected with its entry shown."""
    await reading_view(app, pilot, "right_square_bracket", "T", "tab", "tab")


async def reading_narrow(app: PaperTUI, pilot: Pilot) -> None:
    """A citation selected, its entry at the bottom (the outline is a picker here)."""
    await reading_view(app, pilot, "right_square_bracket", "tab")


SHOTS: list[tuple[str, tuple[int, int], str, Step, bool]] = [
    ("main", (130, 34), "papertui", main_view, False),
    ("search", (130, 34), "papertui", search_view, False),
    ("detail", (130, 34), "papertui", detail_view, False),
    ("help", (130, 34), "papertui", help_view, False),
    ("narrow-80x24", (80, 24), "papertui", narrow_view, False),
    ("narrow-detail-80x24", (80, 24), "papertui", narrow_detail_view, False),
    ("light", (130, 34), "papertui-light", search_view, False),
    ("first-run", (100, 28), "papertui", idle, True),
    ("marked", (130, 34), "papertui", marked_view, False),
    ("cite-picker", (130, 34), "papertui", cite_view, False),
    ("tags", (130, 34), "papertui", tags_view, False),
    ("reading-120x36", (120, 36), "papertui", reading_wide, False),
    ("reading-80x24", (80, 24), "papertui", reading_narrow, False),
]


async def take(out: Path, demo_dir: Path, empty_dir: Path, names: list[str]) -> None:
    for name, size, theme, step, empty in SHOTS:
        if names and name not in names:
            continue
        app = make_app(
            empty_dir if empty else demo_dir,
            config=Config(theme=theme, mark_read_after=0),
            prefs_file=out / ".unused-prefs.json",
        )
        app.theme = theme
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.2)
            await step(app, pilot)
            app.save_screenshot(filename=f"{name}.svg", path=str(out))
        app.library.close()
        print(f"wrote {out / (name + '.svg')}")
    (out / ".unused-prefs.json").unlink(missing_ok=True)


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="papertui-shots-") as tmp:
        os.environ["PAPERTUI_CONFIG"] = str(Path(tmp) / "config.toml")
        os.environ["PAPERTUI_CACHE_DIR"] = str(Path(tmp) / "cache")
        demo_dir, empty_dir = Path(tmp) / "demo", Path(tmp) / "empty"
        ensure_demo_library(demo_dir)
        asyncio.run(take(out, demo_dir, empty_dir, sys.argv[2:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
