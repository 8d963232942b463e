"""What the reader's workers answer with: one message per finished piece of slow work.

Each worker of `MainScreen`'s controllers runs in a thread and ends by posting
one of these to the screen, whose `@on` handler applies it on the UI thread.
Whatever the repaint needs from the store comes with the message.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from papertui.models import PaperState
from papertui.ui.row_data import RelatedEntry, Row
from papertui.ui.search_session import SearchSession

if TYPE_CHECKING:
    from papertui.cite import Dropped
    from papertui.clipboard import CopyResult
    from papertui.reading.api import Opened
    from papertui.ui.cite_actions import BibAdded
    from papertui.ui.fetch_runner import FetchOutcome
    from papertui.ui.list_refresh import Arrivals, View
    from papertui.ui.state_actions import Change


@dataclass
class ResultsReady(Message):
    """The first page of `query` sorted by `sort`, and the rows it shows first."""

    query: str
    sort: str
    outcome: SearchSession.Outcome | None  # None: the search failed
    rows: Mapping[int, Row] = field(default_factory=dict)
    rows_look: Hashable = None  # `RowSource.look()` of the rows
    index_generation: int = -1  # of the index the page was read from


@dataclass
class PageReady(Message):
    """A later page of the listed results (`generation`: which listing asked)."""

    generation: int
    outcome: SearchSession.Outcome | None


@dataclass
class ListRefreshed(Message):
    """The listed view (`view`: what the list showed when the refresh started) read again
    after the library changed: its handles, where the cursor's paper is now (`cursor`;
    `moved`: it is another paper, the old one having left), the marks followed through
    merges, the rows around the cursor, and what arrived or left since `ListRefresh`'s
    last look."""

    asked: int  # which refresh this answers (older ones are dropped)
    view: View
    keys: array
    outcome: SearchSession.Outcome | None  # the search's, when searching
    cursor: int
    moved: bool
    top: int  # the row to show at the top: the cursor stays where it was on screen
    marks: dict[int, str]
    rows: Mapping[int, Row]
    rows_look: Hashable
    news: Arrivals
    seq: int  # the store's change sequence when the worker started reading


@dataclass
class IndexProgress(Message):
    label: str  # "indexing… 40%"


class IndexReady(Message):
    """The search index is open and up to date."""


@dataclass
class IndexFailed(Message):
    reason: str


@dataclass
class IndexCaughtUp(Message):
    """The index took in the store's latest changes; `requery`: run the search again."""

    requery: bool


@dataclass
class RelatedReady(Message):
    paper_id: str
    entries: list[RelatedEntry]
    note: str  # why the list is empty ("" when it is not)


@dataclass
class StatesChanged(Message):
    """A change to user state was committed; `states` and `rows` are read back after it."""

    ids: list[str]
    states: Mapping[str, PaperState]
    rows: Mapping[int, Row]
    rows_look: Hashable
    message: str  # the confirmation ("" for a quiet change)
    explicit: bool  # the user asked (not the read dwell)
    undo: Change | None = None  # how to undo it, once shown
    change_seqs: tuple[int, int] = (-1, -1)  # the store's change sequence before and after


@dataclass
class DwellElapsed(Message):
    """`paper_id` has been shown long enough to count as read."""

    paper_id: str


@dataclass
class CitationCopied(Message):
    """The citation of `ids` in `fmt` was handed to the copier (`result`), after the papers
    were added to the config's .bib (`bib`) for a citation command; or why nothing was
    copied (`problem`)."""

    ids: list[str]
    fmt: str
    text: str
    result: CopyResult
    dropped: list[Dropped]
    bib: BibAdded | None = None
    problem: str = ""


@dataclass
class PageOpened(Message):
    """The browser was asked to open `url`; `problem` says why it did not ("": it did)."""

    url: str
    problem: str


@dataclass
class FetchProgress(Message):
    label: str


@dataclass
class FetchDone(Message):
    outcome: FetchOutcome


@dataclass
class NewPapersFound(Message):
    """Papers added since the last visit (marked `+` in the list)."""

    ids: set[str]


@dataclass
class PaperTextProgress(Message):
    """The reading view's worker is fetching `paper_id` ("downloading from arXiv HTML…")."""

    paper_id: str
    label: str


@dataclass
class PaperTextReady(Message):
    """The full text of `paper_id`: `opened` (a `reading.api.Opened`), else why not."""

    paper_id: str
    opened: Opened | None
    problem: str = ""
    position: int = -1  # the block the paper was left at last time (-1: its top)
    in_library: Mapping[str, str] = field(default_factory=dict)  # entry key → library id


@dataclass
class ReferenceFound(Message):
    """The bibliography entry `key` is library paper `library_id` (fetched from arXiv by
    its id when `fetched`), so `action` ("open", "bookmark", "cite") can go on; or why not."""

    key: str
    action: str
    library_id: str
    fetched: bool = False
    problem: str = ""


@dataclass
class PdfOpened(Message):
    """`O` in the reading view: the PDF at `path` was handed to `viewer` ("" problem), or
    why not; no `path` when the paper's PDF is not downloaded (`source`: what is)."""

    arxiv_id: str
    url: str  # the PDF's address on arXiv
    source: str  # the downloaded copy's source ("": nothing downloaded)
    path: Path | None = None
    viewer: str = ""
    problem: str = ""


@dataclass
class ReferenceBookmarked(Message):
    """A cited paper's bookmark was set (`on`) or removed, or why not (`problem`)."""

    paper_id: str
    on: bool
    problem: str = ""


@dataclass
class QuoteCopied(Message):
    """The reading view's selected paragraphs were quoted and handed to the copier."""

    text: str
    paragraphs: int
    result: CopyResult


@dataclass
class FullTextSaved(Message):
    """These papers (arXiv ids) have a downloaded full text (the list marks them ▤)."""

    arxiv_ids: set[str]


@dataclass
class WatchHitsRead(Message):
    """The unread papers watches flagged ({watch name: ids}), after a run of the
    watches that flagged `flagged` papers (0: none, or only read)."""

    unseen: dict[str, list[str]]
    flagged: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class WatchSaved(Message):
    """A watch was written to the config file and run once (`saved`), or why not."""

    message: str
    saved: bool


@dataclass
class ListChanged(Message):
    """A reading-list change ran: what to say, and whether papers joined or left a list
    (`changed`: the index must catch up) or one moved within it (`moved`)."""

    message: str
    severity: str = "information"
    changed: bool = False
    moved: bool = False
