"""The reader shows why a search shows what it shows: papers with most of the words."""

from __future__ import annotations

from pathlib import Path

import pytest

from papertui.ui.app import make_app
from papertui.ui.widgets.paper_list import PaperList
from test_ui_search import library_dir, settle  # noqa: F401
from test_ui_support import isolated  # noqa: F401

pytest.importorskip("papertui.search.index")


async def test_no_paper_with_all_the_words_says_so(library_dir: Path) -> None:  # noqa: F811
    app = make_app(library_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *"quantum pruning")
        await settle(app, pilot, "quantum pruning")
        ids = {row.paper_id for row in map(screen.query_one(PaperList).row_at, range(2))}
        assert ids == {"2401.00101", "2401.00102"}
        shown = str(screen.query_one("#search-status").render())
        assert "No paper has all 2 words; showing papers with any one of them" in shown
        await pilot.press(*" surface")  # all three: none; two of them: the quantum paper
        await settle(app, pilot, "quantum pruning surface")
        shown = str(screen.query_one("#search-status").render())
        assert "1 result" in shown and "showing papers with 2 of them" in shown
