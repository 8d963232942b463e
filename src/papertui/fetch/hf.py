"""Hugging Face papers API: the daily list (a day, an ISO week or a month) and search.

`GET /api/daily_papers` takes `date=YYYY-MM-DD`, `week=YYYY-Www` or `month=YYYY-MM`
(none: the latest list), `sort=trending|publishedAt`, and pages with `p` (from 0)
and `limit`. A `Link: <...>; rel="next"` header, when sent, is followed instead.
`GET /api/papers/search?q=` returns the same item shape.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode, urljoin

from papertui.fetch.errors import QueryError
from papertui.fetch.http import host_of
from papertui.fetch.session import Fetched, Fetcher, ProgressFn, parse_body
from papertui.fetch.settings import HF_SORTS
from papertui.models import Paper

PAGE_SIZE = 100  # the API's maximum `limit`
MAX_PAGES = 50  # a guard: no real listing is this long
_WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_NEXT = re.compile(r'<([^>]+)>\s*;[^,]*?\brel="?next"?', re.IGNORECASE)


def daily_url(
    base: str,
    *,
    date: str | None = None,
    week: str | None = None,
    month: str | None = None,
    sort: str | None = None,
    page: int = 0,
    limit: int = PAGE_SIZE,
) -> str:
    params: dict[str, str | int] = {}
    for key, value in (("date", date), ("week", week), ("month", month), ("sort", sort)):
        if value:
            params[key] = value
    params["p"] = page
    params["limit"] = limit
    return f"{base}/api/daily_papers?{urlencode(params)}"


def search_url(base: str, query: str) -> str:
    return f"{base}/api/papers/search?{urlencode({'q': query})}"


def next_link(headers: dict[str, str], url: str) -> str | None:
    match = _NEXT.search(headers.get("link", ""))
    return urljoin(url, match.group(1).strip()) if match else None


def check_period(date: str | None, week: str | None, month: str | None, sort: str | None) -> None:
    """QueryError for a malformed or ambiguous period (before any request is made)."""
    if sum(1 for v in (date, week, month) if v) > 1:
        raise QueryError("give only one of --date, --week, --month")
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise QueryError(f"not a date (YYYY-MM-DD): {date}") from None
    if week and not _WEEK.match(week):
        raise QueryError(f"not an ISO week (YYYY-Www, e.g. 2024-W22): {week}")
    if month and not _MONTH.match(month):
        raise QueryError(f"not a month (YYYY-MM): {month}")
    if sort and sort not in HF_SORTS:
        raise QueryError(f"sort must be one of {', '.join(HF_SORTS)}")


def _describe(date: str | None, week: str | None, month: str | None) -> tuple[str, str]:
    """(label, message when the list is empty)."""
    if date:
        return (
            f"Hugging Face papers for {date}",
            f"no papers listed for {date} (weekend or holiday?)",
        )
    if week:
        return f"Hugging Face papers for week {week}", f"no papers listed for week {week}"
    if month:
        return f"Hugging Face papers for {month}", f"no papers listed for {month}"
    return "latest Hugging Face daily papers", "no papers listed today (weekend or holiday?)"


def collect_hf(
    fetcher: Fetcher,
    *,
    date: str | None = None,
    week: str | None = None,
    month: str | None = None,
    sort: str | None = None,
    search: str | None = None,
    from_cache: bool = False,
    progress: ProgressFn | None = None,
) -> Fetched:
    """Read every page of a daily list (or a search) into memory; nothing is imported."""
    base = fetcher.settings.hf_url
    if search is not None:
        if not search.strip():
            raise QueryError("the search query is empty")
        url = search_url(base, search.strip())
        label = f"Hugging Face papers matching {search.strip()!r}"
        empty = f"no Hugging Face papers match {search.strip()!r}"
        paged = False
    else:
        check_period(date, week, month, sort)
        url = daily_url(base, date=date, week=week, month=month, sort=sort)
        label, empty = _describe(date, week, month)
        paged = True
    session = fetcher.session(from_cache=from_cache, accept="application/json")
    fetched = Fetched(label=label, papers=[], skipped=[], empty_message=empty, session=session)
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        response = session.get(url)
        papers, bad = parse_body(response, "hf-api")
        fresh: list[Paper] = [p for p in papers if p.id not in seen]
        if papers and not fresh:
            break  # the server ignored the page number: stop rather than loop
        seen.update(p.id for p in fresh)
        fetched.papers.extend(fresh)
        fetched.skipped.extend(bad)
        if progress:
            progress(len(fetched.papers), None, label)
        link = next_link(response.headers, url)
        if link:
            where = f"follow the next-page link from {host_of(url)} to"
            fetcher.client.check_url(link, start=url, what=where)
            url = link
        elif paged and len(papers) + len(bad) >= PAGE_SIZE:
            url = daily_url(base, date=date, week=week, month=month, sort=sort, page=page + 1)
        else:
            break
    else:
        fetched.notes.append(f"stopped after {MAX_PAGES} pages")
    return fetched
