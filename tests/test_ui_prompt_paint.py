"""Awaited results paint in one frame: no widget trails a tick behind the others.

A widget hands its repaint to the screen from its own message loop. When the
screen's loop runs first (here: something was queued for it between the two
updates, as the reader's watcher of the list cursor is), it goes idle and paints
before the status line has asked: the status line used to come a tick (20-35 ms)
after the list whose results it counts.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from papertui.ui.render.prompt_paint import PromptPaintScreen
from test_ui_support import until

FRAMES: list[set[str]] = []


class Recorded(Static):
    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        if FRAMES:
            FRAMES[-1].add(self.id or "")
        return super().render_lines(crop)


class Results(PromptPaintScreen):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Recorded("0 results", id="status")
        yield Recorded("nothing yet", id="list")

    def search(self, n: int) -> None:
        """A search worker's thread hands its results over, as `SearchController` does."""
        self.run_worker(lambda: self.app.call_from_thread(self.show, n), thread=True)

    def show(self, n: int) -> None:
        """What `MainScreen._show_results` does: several widgets change, one frame awaited."""
        self.paint_promptly()
        self.query_one("#list", Static).update(f"row {n}")
        self.call_later(self.follow_up)  # (the reader: its watcher of the list's cursor)
        self.query_one("#status", Static).update(f"{n} results")

    def follow_up(self) -> None:
        pass


class ResultsApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Results())

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        FRAMES.append(set())  # the widgets rendered from here on belong to the next frame
        super()._display(screen, renderable)


async def test_every_changed_widget_is_in_the_first_frame_after_results() -> None:
    app = ResultsApp()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        for n in range(1, 21):
            FRAMES.clear()
            FRAMES.append(set())
            screen = app.screen
            assert isinstance(screen, Results)
            screen.search(n)
            await until(pilot, lambda: any(FRAMES), what="a frame")
            painted = [frame for frame in FRAMES if frame]
            assert painted and painted[0] == {"status", "list"}, painted
