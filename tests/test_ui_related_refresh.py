"""Related papers are remembered per paper until the index changes, then looked up again."""

from __future__ import annotations

from pathlib import Path

from papertui.config import Config
from papertui.models import Author
from papertui.ui.app import PaperTUI, make_app
from papertui.ui.delays import Delays
from papertui.ui.widgets.paper_detail import PaperDetail
from test_ui_support import isolated, make_library, paper, until  # noqa: F401

NO_WAITS = Delays(related=0, sync=0)


def related(app: PaperTUI) -> str:
    return app.screen.query_one(PaperDetail).related.plain


async def test_a_paper_added_later_shows_among_the_related_after_the_catch_up(
    isolated: Path,  # noqa: F811
) -> None:
    papers = [
        paper(1, title="Quantum error correction with surface codes", published="2024-05-01"),
        paper(
            2, title="Pruning sparse networks", abstract="Weights pruned.", published="2024-04-01"
        ),
    ]
    app = make_app(
        make_library(isolated, papers), config=Config(mark_read_after=0), delays=NO_WAITS
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: "Related papers" in related(app) and app.session.index)
        assert "Topological surface codes" not in related(app)
        newcomer = paper(
            3,
            title="Topological surface codes for quantum error correction",
            authors=(Author("Alan Turing"),),
            published="2023-01-01",
        )
        app.library.import_papers([newcomer])
        app.screen.catch_up.now(requery=False)  # type: ignore[attr-defined]
        await app.workers.wait_for_complete()
        await pilot.press("j", "k")  # away and back: the answer is looked up again
        await until(pilot, lambda: "Topological surface codes" in related(app))
