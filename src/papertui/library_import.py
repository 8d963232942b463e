"""Import files into the library: all-or-nothing per file, or skip bad records on request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from papertui.importers import BadRecord, ImportFailed, read_papers
from papertui.models import Paper
from papertui.store import ImportCounts, Library


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

    def good_papers() -> Iterator[Paper]:
        for item in read_papers(path, fmt, category=category):
            if isinstance(item, BadRecord):
                if not skip_invalid:
                    raise ImportFailed(path, item.message, item.location)
                bad.append(item)
                continue
            yield item

    def report_batch(counts: ImportCounts) -> None:
        if on_progress:
            on_progress(counts.seen)

    counts = library.import_papers(good_papers(), on_batch=report_batch)
    counts.failed = len(bad)
    return FileReport(path=path, fmt=fmt, counts=counts, bad=bad)
