"""Import files into the library: all-or-nothing per file, or skip bad records on request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from papertui.importers import BadRecord, ImportFailed, read_papers
from papertui.models import ImportedPaper, Paper, PaperState
from papertui.store import ImportCounts, Library

# Extras a BibTeX entry's `keywords` and `annote`/`annotation` arrive in: they are the
# user's tags and note (our own exports write them there), not part of the record.
STATE_EXTRAS = ("keywords", "annote")


@dataclass
class FileReport:
    path: Path
    fmt: str | None
    counts: ImportCounts
    bad: list[BadRecord] = field(default_factory=list)


def import_file(
    library: Library,
    path: Path,
    *,
    fmt: str | None = None,
    category: str | None = None,
    skip_invalid: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> FileReport:
    """Read `path` and merge its papers into `library` in one transaction.

    Without `skip_invalid` the first bad record aborts the file and nothing of it
    is written (ImportFailed names the file and the record). With it, good records
    are imported and the bad ones listed in the report.
    """
    bad: list[BadRecord] = []
    written_at = _modified_at(path)

    def good_papers() -> Iterator[Paper | ImportedPaper]:
        for item in read_papers(path, fmt, category=category):
            if isinstance(item, BadRecord):
                if not skip_invalid:
                    raise ImportFailed(path, item.message, item.location)
                bad.append(item)
                continue
            yield with_file_state(item, written_at) if isinstance(item, Paper) else item

    def report_batch(counts: ImportCounts) -> None:
        if on_progress:
            on_progress(counts.seen)

    counts = library.import_papers(good_papers(), on_batch=report_batch)
    counts.failed = len(bad)
    return FileReport(path=path, fmt=fmt, counts=counts, bad=bad)


def _modified_at(path: Path) -> str:
    try:
        stamp = Path(path).stat().st_mtime
    except OSError:
        return ""
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="milliseconds")


def with_file_state(paper: Paper, written_at: str) -> Paper | ImportedPaper:
    """A paper whose entry carries keywords or an annotation, as an `ImportedPaper`:
    keywords become tags, the annotation the note (dated by the file, so a note the
    user changed after the file was written is kept)."""
    if not any(key in paper.extras for key in STATE_EXTRAS):
        return paper
    extras = dict(paper.extras)
    keywords = extras.pop("keywords", None) or []
    annote = extras.pop("annote", None) or ""
    state = PaperState(
        paper_id=paper.id,
        tags=tuple(str(k) for k in keywords) if isinstance(keywords, list) else (),
        note=str(annote).strip(),
        note_updated_at=written_at if str(annote).strip() else "",
    )
    return ImportedPaper(paper.with_changes(extras=extras), state)
