"""Large abstracts, built and wrapped in a thread worker of the detail pane.

Highlighting and wrapping 100k characters takes 150-250 ms: on the UI thread that
would hold up every key pressed meanwhile. An abstract longer than `LARGE` is
turned into lines in a worker instead, which answers with `AbstractWrapped`; the
pane shows its header and a notice meanwhile. One job runs at a time (wrapping
holds the GIL: two at once only slow each other and the keys down); a newer
wish replaces a waiting one, so holding a key over many huge records queues
nothing, and the last paper is always the one wrapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.style import Style
from textual.cache import LRUCache
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from papertui.texify import tex_to_unicode
from papertui.ui.widgets.detail_text import abstract_text, wrap_uncached

# Characters of an abstract (as stored) above which it is wrapped in the worker.
# Real abstracts are at most a few thousand characters (arXiv allows 1,920) and
# wrap in ~1-5 ms, so they stay on the UI thread: shown in the same frame.
LARGE = 8_000
KEPT = 4  # wrapped large abstracts remembered (a back-and-forth move, a reshow)


@dataclass(frozen=True)
class WrapJob:
    abstract: str  # as stored: its display form is made in the worker too
    terms: tuple[str, ...]
    match: Style
    width: int


@dataclass
class AbstractWrapped(Message):
    """`job`'s lines, wrapped in the worker."""

    job: WrapJob
    lines: list[Strip]


class LateWrap:
    def __init__(self, owner: Widget) -> None:
        self._owner = owner
        self._done: LRUCache[WrapJob, list[Strip]] = LRUCache(KEPT)
        self._wanted: WrapJob | None = None
        self._running = False

    def lines(self, job: WrapJob) -> list[Strip] | None:
        """`job`'s lines if they are wrapped; else None, and they are asked for."""
        lines = self._done.get(job)
        if lines is None:
            self._wanted = job
            if not self._running:
                self._run()
        return lines

    def arrived(self, message: AbstractWrapped) -> None:
        self._done[message.job] = message.lines
        self._running = False
        if self._wanted is not None:
            self._run()

    def _run(self) -> None:
        job, self._wanted = self._wanted, None
        if job is None or job in self._done:
            return
        self._running = True
        console = self._owner.app.console
        self._owner.run_worker(lambda: self._wrap(console, job), thread=True, group="abstract-wrap")

    def _wrap(self, console: Console, job: WrapJob) -> None:
        text = abstract_text(tex_to_unicode(job.abstract), job.terms, job.match)
        self._owner.post_message(AbstractWrapped(job, wrap_uncached(console, text, job.width)))
