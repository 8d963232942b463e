"""A paper shown long enough counts as read (`[reader] mark_read_after` seconds).

The screen reports each paper the detail views show; once one has stayed
`delay` seconds the owner gets `DwellElapsed`. A paper only listed (at 80
columns, without its details on screen) is not read; nor one the user just
marked unread by hand (`u`), until another paper is shown.
"""

from __future__ import annotations

from textual.timer import Timer
from textual.widget import Widget

from papertui.models import Paper, PaperState
from papertui.ui.messages import DwellElapsed


class ReadDwell:
    def __init__(self, owner: Widget, delay: float) -> None:
        self._owner = owner
        self.delay = delay
        self._timer: Timer | None = None
        self.pending = ""  # the paper being timed
        self._by_hand = ""  # the paper `u` was pressed on: no dwell overrides that

    def shown(self, paper: Paper | None, state: PaperState | None, *, visible: bool) -> None:
        """The detail views now show `paper` (None: no paper); `visible`: on screen."""
        if paper is not None and paper.id == self.pending:
            return  # the same paper again (a repaint): keep its timer
        self.cancel()
        if paper is None or paper.id != self._by_hand:
            self._by_hand = ""
        if paper is None or self.delay <= 0 or (state is not None and state.is_read):
            return
        if not visible or paper.id == self._by_hand:
            return
        self.pending = paper.id
        self._timer = self._owner.set_timer(self.delay, self._time_up)

    def by_hand(self, paper_id: str) -> None:
        """The user toggled read on `paper_id`: leave it as they set it."""
        self.cancel()
        self._by_hand = paper_id

    @property
    def timing(self) -> bool:
        return self._timer is not None

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer, self.pending = None, ""

    def _time_up(self) -> None:
        self._timer = None  # (it has fired)
        self.elapse()

    def elapse(self) -> None:
        """The paper being timed has stayed long enough: now, not when its timer says
        (tests end a dwell so rather than wait it out)."""
        if self._timer is not None:
            self._timer.stop()
        paper_id, self._timer, self.pending = self.pending, None, ""
        if paper_id:
            self._owner.post_message(DwellElapsed(paper_id))
