"""The reader's waits, in one place so tests (and users of `make_app`) can set them."""

from __future__ import annotations

from dataclasses import dataclass

from papertui.ui.detail_controller import RELATED_DELAY
from papertui.ui.idle_gc import IDLE, MAX_PAUSE, PAUSE
from papertui.ui.index_upkeep import ANSWERS_IDLE, SYNC_DELAY
from papertui.ui.reading_context import POSITION_DELAY


@dataclass(frozen=True)
class Delays:
    related: float = RELATED_DELAY  # the cursor rests this long before related papers load
    sync: float = SYNC_DELAY  # quiet after a state change before the index catches up
    gc_idle: float = IDLE  # no input this long before a full garbage collection may run
    gc_pause: float = PAUSE  # no collections until this long after an input...
    gc_max_pause: float = MAX_PAUSE  # ...for at most this long in a row
    answers_idle: float = ANSWERS_IDLE  # no input this long before the first letters are answered
    reading_position: float = POSITION_DELAY  # the reading view rests before its position is kept
