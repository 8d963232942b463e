"""What a reading view needs from the reader that opens it: the library, the saved full
texts and positions, and the outside world's edges (clipboard, downloads, the arXiv API).

One context serves every reading view of a session, so a cited paper opened from a
paper's references is read (and fetched, bookmarked, cited) exactly like the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papertui.clipboard import CopyResult
from papertui.fetch import Fetcher
from papertui.store import Library
from papertui.ui.reading_positions import ReadingPositions

if TYPE_CHECKING:
    from papertui.reading.fulltext_store import FullTextStore
    from papertui.reading.sources import Downloader

POSITION_DELAY = 1.0  # seconds the text rests before its position is written


@dataclass(frozen=True)
class ReadingContext:
    library: Library
    store: FullTextStore
    positions: ReadingPositions
    copier: Callable[[str], CopyResult]
    make_downloader: Callable[[], Downloader]
    make_fetcher: Callable[[], Fetcher]
    cite_style: str
    position_delay: float = POSITION_DELAY
    writing_bib: Path | None = None  # [writing] bib: the .bib a citation command adds to
