"""Reading use cases for the CLI and the TUI (blocking: run them in a worker thread).

store = FullTextStore.for_data_dir(paths.data_dir)
arxiv_id = arxiv_id_for("2501.01234v2", library)    # NotOnArxiv: no source exists
opened = open_paper(arxiv_id, store, Downloader.create())
opened.document, opened.source_line                  # "arXiv HTML (saved 2026-…)"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from papertui.ids import normalise_arxiv_id, normalise_doi
from papertui.reading.document import Document, Reference
from papertui.reading.errors import NotOnArxiv, ReadingError
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.sources import Downloader

if TYPE_CHECKING:
    from papertui.store import Library

ProgressFn = Callable[[int, int, str, str], None]  # (done, total, id, what happened)


def arxiv_id_for(text: str, library: Library | None = None) -> str:
    """The arXiv id (no version) of a paper given by any id form, or one in the library."""
    arxiv_id = normalise_arxiv_id(text)
    if arxiv_id:
        return arxiv_id
    paper = library.resolve(text) if library is not None else None
    if paper is not None and paper.arxiv_id:
        return paper.arxiv_id
    doi = (paper.doi if paper else "") or normalise_doi(text) or ""
    what = f"{paper.id} is not on arXiv" if paper else f"{text} is not an arXiv id"
    if doi:
        url = f"https://doi.org/{doi}"
        raise NotOnArxiv(
            f"{what}: papertui reads the full text of arXiv papers only; "
            f"the publisher's page: {url}",
            url,
        )
    if paper is None and library is not None:
        raise ReadingError(f"{text}: no such paper in the library, and not an arXiv id")
    raise NotOnArxiv(f"{what}: papertui reads the full text of arXiv papers only")


@dataclass(frozen=True)
class Opened:
    arxiv_id: str
    document: Document
    saved: bool  # read from the downloaded copy, not the network
    passed_over: tuple[str, ...] = ()  # sources tried first, and why they failed

    @property
    def source_line(self) -> str:
        doc = self.document
        where = f"{doc.source} ({doc.source_url})" if doc.source_url else doc.source
        saved = ", saved copy" if self.saved else ""
        pdf = "; text extracted from PDF" if doc.from_pdf else ""
        return f"from {where}{saved}{pdf}"


def open_paper(
    arxiv_id: str, store: FullTextStore, downloader: Downloader | None, *, refresh: bool = False
) -> Opened:
    """The paper's document: the saved copy when there is one, else downloaded and saved.
    With `downloader` None nothing is fetched (offline)."""
    if not refresh:
        document = store.load(arxiv_id)
        if document is not None:
            return Opened(arxiv_id, document, saved=True)
    if downloader is None:
        raise ReadingError(f"{arxiv_id} has not been downloaded yet")
    download = downloader.download(arxiv_id)
    store.save(arxiv_id, download)
    return Opened(arxiv_id, download.document, saved=False, passed_over=download.passed_over)


def mark_for_index(library: Library, arxiv_ids: Iterable[str]) -> list[str]:
    """Mark the library's papers with these arXiv ids changed, so the search index takes
    in their newly saved full texts at its next catch-up (`search.sync`). Returns their
    ids. A read-only library is left as it is: its index gets them at its next rebuild."""
    if library.readonly:
        return []
    ids = list(dict.fromkeys(p.id for p in map(library.resolve, arxiv_ids) if p is not None))
    if ids:
        library.touch(ids)
    return ids


@dataclass(frozen=True)
class ResolvedReference:
    reference: Reference
    library_id: str  # the library paper this entry is ("" when it is not in the library)


def resolve_references(document: Document, library: Library) -> list[ResolvedReference]:
    """Each bibliography entry with the library paper it is (by arXiv id, else DOI)."""
    resolved = []
    for ref in document.references:
        paper = None
        for key in (ref.arxiv_id, f"doi:{ref.doi}" if ref.doi else ""):
            if key and (paper := library.resolve(key)):
                break
        resolved.append(ResolvedReference(ref, paper.id if paper else ""))
    return resolved


def missing_arxiv_ids(resolved: Iterable[ResolvedReference]) -> list[str]:
    """arXiv ids of the entries not in the library yet (what `refs --import` fetches)."""
    ids = (r.reference.arxiv_id for r in resolved if r.reference.arxiv_id and not r.library_id)
    return list(dict.fromkeys(ids))


@dataclass
class DownloadReport:
    downloaded: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)
    sources: dict[str, str] = field(default_factory=dict)  # id -> source name


def download_papers(
    arxiv_ids: Iterable[str],
    store: FullTextStore,
    downloader: Downloader,
    *,
    progress: ProgressFn | None = None,
) -> DownloadReport:
    """Download each paper not yet saved, one request at a time (the rate limiter spaces
    them); a failure is recorded and the next paper tried. Re-running resumes."""
    ids = list(dict.fromkeys(arxiv_ids))
    report = DownloadReport()
    for done, arxiv_id in enumerate(ids, start=1):
        if store.has(arxiv_id):
            report.already.append(arxiv_id)
            outcome = "already saved"
        else:
            try:
                download = downloader.download(arxiv_id)
                store.save(arxiv_id, download)
            except ReadingError as exc:
                report.failed.append((arxiv_id, exc.message))
                outcome = "failed"
            except OSError as exc:
                report.failed.append((arxiv_id, f"cannot save: {exc.strerror or exc}"))
                outcome = "failed"
            else:
                report.downloaded.append(arxiv_id)
                report.sources[arxiv_id] = download.source.name
                outcome = f"downloaded from {download.source.name}"
        if progress:
            progress(done, len(ids), arxiv_id, outcome)
    return report
