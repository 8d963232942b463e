"""arXiv API (`export.arxiv.org/api/query`): searches, latest submissions, ids.

Query syntax is arXiv's own (`ti:`, `au:`, `abs:`, `cat:`, `AND`/`OR`/`ANDNOT`).
Results come in pages of at most 100 (`start`, `max_results`); every request
goes through the shared rate limiter (one at a time, >= 3 s apart, persisted).
A malformed query or id makes arXiv answer with an error feed (often HTTP 400):
that becomes a QueryError carrying arXiv's own message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlencode

from papertui.fetch.errors import BadResponse, HttpStatusError, QueryError
from papertui.fetch.http import Response
from papertui.fetch.session import Fetched, Fetcher, FetchSession, ProgressFn, parse_body
from papertui.fetch.settings import DEFAULT_ARXIV_MAX
from papertui.ids import parse_arxiv_id
from papertui.importers import BadRecord, ImportFailed, read_bytes_as
from papertui.importers.arxiv_atom import ERROR_ID_MARK
from papertui.models import Paper

PAGE_SIZE = 100
_TOTAL = re.compile(rb"<(?:\w+:)?totalResults[^>]*>\s*(\d+)\s*<")
_ACCEPT = "application/atom+xml"


def query_url(
    base: str,
    *,
    search_query: str = "",
    id_list: Iterable[str] = (),
    start: int = 0,
    max_results: int = PAGE_SIZE,
    newest: bool = False,
) -> str:
    params: dict[str, str | int] = {}
    if search_query:
        params["search_query"] = search_query
    ids = ",".join(id_list)
    if ids:
        params["id_list"] = ids
    params["start"] = start
    params["max_results"] = max_results
    if newest:
        params["sortBy"] = "submittedDate"
        params["sortOrder"] = "descending"
    return f"{base}{'&' if '?' in base else '?'}{urlencode(params)}"


def build_query(query: str = "", category: str = "") -> str:
    query, category = query.strip(), category.strip()
    if query and category:
        return f"({query}) AND cat:{category}"
    return query or (f"cat:{category}" if category else "")


def normalise_ids(ids: Iterable[str]) -> list[str]:
    """arXiv ids in any form (URL, `arXiv:` prefix) -> `id` or `idvN`; QueryError if not ids."""
    result: list[str] = []
    for text in ids:
        parsed = parse_arxiv_id(text)
        if parsed is None:
            raise QueryError(f"not an arXiv id: {text}")
        arxiv_id, version = parsed
        result.append(f"{arxiv_id}v{version}" if version else arxiv_id)
    return list(dict.fromkeys(result))


def total_results(body: bytes) -> int | None:
    match = _TOTAL.search(body[:4096])
    return int(match.group(1)) if match else None


def _error_feed_message(body: bytes) -> str:
    try:
        for _ in read_bytes_as(body, "arxiv-atom", origin="<arXiv>"):
            pass
    except ImportFailed as exc:
        return exc.message
    return "arXiv API error"


def _get_page(session: FetchSession, url: str) -> tuple[Response, list[Paper], list[BadRecord]]:
    """The response, its papers and its unreadable entries."""
    try:
        response = session.get(url)
    except HttpStatusError as exc:
        if ERROR_ID_MARK.encode() in exc.body:
            message = _error_feed_message(exc.body)
            raise QueryError(f"arXiv rejected the request: {message}") from None
        raise
    try:
        papers, bad = parse_body(response, "arxiv-atom")
    except BadResponse:
        if ERROR_ID_MARK.encode() in response.body:
            message = _error_feed_message(response.body)
            raise QueryError(f"arXiv rejected the request: {message}") from None
        raise
    return response, papers, bad


def collect_arxiv(
    fetcher: Fetcher,
    query: str = "",
    *,
    category: str = "",
    new: bool = False,
    ids: Iterable[str] = (),
    max_results: int = DEFAULT_ARXIV_MAX,
    from_cache: bool = False,
    progress: ProgressFn | None = None,
) -> Fetched:
    """Read every page of an arXiv query (or id list) into memory; nothing is imported."""
    id_list = normalise_ids(ids)
    search_query = build_query(query, category or "")
    if id_list and search_query:
        raise QueryError("give either arXiv ids or a query/category, not both")
    if not (id_list or search_query):
        raise QueryError("give an arXiv query, a --category, or --id")
    if max_results < 1:
        raise QueryError("--max must be at least 1")
    base = fetcher.settings.arxiv_url
    session = fetcher.session(from_cache=from_cache, limiter=fetcher.arxiv_limiter, accept=_ACCEPT)
    if id_list:
        label = f"arXiv {id_list[0]}" if len(id_list) == 1 else f"{len(id_list)} arXiv ids"
        empty = f"not found on arXiv: {', '.join(id_list)}"
    elif new and not query.strip():
        label = f"newest arXiv submissions in {category}"
        empty = f"no arXiv submissions found in {category}"
    else:
        label = f"arXiv search {search_query!r}" + (", newest first" if new else "")
        empty = f"no arXiv results for {search_query!r}"
    fetched = Fetched(label=label, papers=[], skipped=[], empty_message=empty, session=session)

    def report(total: int | None) -> None:
        if progress:
            progress(len(fetched.papers), total, label)

    if id_list:
        for start in range(0, len(id_list), PAGE_SIZE):
            chunk = id_list[start : start + PAGE_SIZE]
            url = query_url(base, id_list=chunk, max_results=len(chunk))
            _, papers, bad = _get_page(session, url)
            fetched.papers.extend(papers)
            fetched.skipped.extend(bad)
            report(len(id_list))
        found = {p.arxiv_id for p in fetched.papers}
        missing = [i for i in id_list if (parse_arxiv_id(i) or ("",))[0] not in found]
        if missing and fetched.papers:
            fetched.notes.append(f"not found on arXiv: {', '.join(missing)}")
        return fetched

    start = 0
    total: int | None = None
    while start < max_results:
        size = min(PAGE_SIZE, max_results - start)
        url = query_url(base, search_query=search_query, start=start, max_results=size, newest=new)
        response, papers, bad = _get_page(session, url)
        total = total_results(response.body) if total is None else total
        fetched.papers.extend(papers)
        fetched.skipped.extend(bad)
        entries = len(papers) + len(bad)
        report(min(total, max_results) if total is not None else max_results)
        start += entries
        if total is not None and start >= total:
            break
        if entries < size:
            if total is not None and start < min(total, max_results):
                fetched.notes.append(
                    f"arXiv sent a short page at {start} of {total}; run again for the rest"
                )
            break
    return fetched
