"""Large abstracts, built and wrapped in a thread worker of the detail pane.

Highlighting and wrapping 100k characters takes 150-250 ms: on the UI thread that
would hold up every key pressed meanwhile. An abstract longer than `LARGE` is
turned into lines in a worker instead, which answers with `AbstractWrapped`; the
pane shows its header and a notice meanwhile.

Wrapping is pure Python and holds the GIL, so a worker wrapping 100k characters
in one go would still slow the UI thread down (it waits up to the 5 ms switch
interval each time it wakes). The worker wraps `PIECE` characters at a time and
pauses between pieces, and gives up as soon as a newer wish exists. One job
runs at a time; a newer wish replaces a waiting one, so holding a key over many
huge records queues nothing, and the last paper is always the one wrapped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich._wrap import divide_line  # (private: where Text.wrap breaks; tests compare)
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from papertui.texify import tex_to_unicode
from papertui.ui.safe_text import highlight_terms
from papertui.ui.widgets.detail_text import shown_abstract, wrap_uncached

# Characters of an abstract (as stored) above which it is wrapped in the worker.
# Real abstracts are at most a few thousand characters (arXiv allows 1,920) and stay
# on the UI thread: shown in the same frame, no notice flashing by. At 6,000 a show
# takes 13 ms of the UI thread, most of a frame (bench/bench_detail_wrap.py).
LARGE = 5_000
KEPT = 4  # wrapped large abstracts remembered (a back-and-forth move, a reshow)
PIECE = 500  # characters wrapped between two pauses (under 1 ms of work: 2,000 let
# keys wait twice as long at p95 in bench/bench_detail_wrap.py)
PAUSE = 0.0005  # seconds: the UI thread takes the GIL meanwhile


@dataclass(frozen=True)
class WrapJob:
    abstract: str  # as stored: its display form is made in the worker too
    terms: tuple[str, ...]
    match: Style
    width: int


@dataclass
class AbstractWrapped(Message):
    """`job`'s lines, wrapped in the worker (None: given up for a newer wish)."""

    job: WrapJob
    lines: list[Strip] | None


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
        if message.lines is not None:
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
        # `_wanted` is set on the UI thread, only read here: another wish gives this up
        lines = wrap_abstract(console, job, given_up=lambda: self._wanted not in (None, job))
        self._owner.post_message(AbstractWrapped(job, lines))


def wrap_abstract(
    console: Console, job: WrapJob, given_up: Callable[[], bool] = lambda: False
) -> list[Strip] | None:
    """`job`'s abstract as the pane shows it, wrapped a piece at a time with a pause
    after each (None: `given_up()` said so between two pieces). The lines are those
    of wrapping it in one go (`_restart`)."""
    shown = shown_abstract(tex_to_unicode(job.abstract))
    lines: list[Strip] = []
    start = 0
    while start < len(shown):
        if given_up():
            return None
        end = len(shown) if len(shown) - start <= PIECE else _after_space(shown, start)
        piece = shown[start:end]
        text = highlight_terms(Text(piece, end=""), job.terms, job.match)
        wrapped = wrap_uncached(console, text, job.width)
        if end < len(shown):
            restart, left = _restart(piece, job.width)
            if left < len(wrapped):
                del wrapped[len(wrapped) - left :]
                end = start + restart
        lines += wrapped
        start = end
        time.sleep(PAUSE)
    return lines


def _restart(piece: str, width: int) -> tuple[int, int]:
    """Where in `piece` the next piece starts, and how many of its lines are left to
    that one, so that wrapping from there breaks where wrapping it all would: the
    start of its last line that starts a word, else of its last paragraph, else (a
    word longer than the piece) of its last folded line. `divide_line` is where
    `Text.wrap` breaks a paragraph."""
    para = piece.rfind("\n") + 1
    text = piece[para:]
    breaks = divide_line(text, width, fold=True)
    starts_word = [
        i for i, at in enumerate(breaks) if text[at - 1].isspace() and not text[at].isspace()
    ]
    if starts_word:
        return para + breaks[starts_word[-1]], len(breaks) - starts_word[-1]
    if para:
        return para, len(breaks) + 1
    if breaks and not text[breaks[-1]].isspace():
        return breaks[-1], 1
    return len(piece), 0  # (nowhere to start again: its lines stay as they are)


def _after_space(text: str, start: int) -> int:
    """Where a piece starting at `start` ends: after its last space (else after PIECE)."""
    space = text.rfind(" ", start + 1, start + PIECE)
    return space + 1 if space > start else start + PIECE
