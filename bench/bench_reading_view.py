"""The TUI's reading view: `r` on a paper whose full text is saved → its first line of
text painted (headless, 120x36), for a 60-page paper with and without heavy math.

Run: `python bench/bench_reading_view.py [RUNS]` (tests/fixtures/papers/long60*.html).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PAPERS = Path(__file__).parents[1] / "tests" / "fixtures" / "papers"
ARXIV_ID = "2401.00001"


async def first_paints(data: Path, runs: int) -> list[float]:
    from papertui.ui.app import make_app
    from papertui.ui.widgets.reading_pane import ReadingPane

    painted: list[float] = []
    render_line = ReadingPane.render_line

    def noting(pane: ReadingPane, y: int):  # type: ignore[no-untyped-def]
        if pane.document is not None and not painted:
            painted.append(time.perf_counter())
        return render_line(pane, y)

    ReadingPane.render_line = noting  # type: ignore[method-assign]
    app = make_app(data)
    times = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        for _ in range(runs):
            painted.clear()
            start = time.perf_counter()
            await pilot.press("r")
            while not painted:
                await pilot.pause(0.001)
            times.append((painted[0] - start) * 1000)
            await pilot.press("escape")
            while type(app.screen).__name__ != "MainScreen":
                await pilot.pause(0.001)
    ReadingPane.render_line = render_line  # type: ignore[method-assign]
    return times


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory(prefix="papertui-bench-") as tmp:
        os.environ["PAPERTUI_CONFIG"] = str(Path(tmp) / "config.toml")
        os.environ["PAPERTUI_CACHE_DIR"] = str(Path(tmp) / "cache")
        from papertui.models import Paper
        from papertui.paths import LibraryPaths
        from papertui.reading.fulltext_store import FullTextStore
        from papertui.reading.sources import Download, Source, parse_source
        from papertui.store import Library

        data = Path(tmp) / "data"
        paths = LibraryPaths(data)
        paths.ensure()
        with Library(paths.store) as library:
            library.import_papers([Paper(id=ARXIV_ID, title="Bench", arxiv_id=ARXIV_ID)])
        for name in ("long60.html", "long60math.html"):
            body = (PAPERS / name).read_bytes()
            source = Source("arXiv HTML", "html", f"https://arxiv.org/html/{ARXIV_ID}")
            download = Download(source, body, parse_source(source, body), ())
            FullTextStore.for_data_dir(data).save(ARXIV_ID, download)
            times = asyncio.run(first_paints(data, runs))
            print(
                f"{name}: r → first line painted: median {statistics.median(times):.0f} ms, "
                f"max {max(times):.0f} ms ({runs} runs)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
