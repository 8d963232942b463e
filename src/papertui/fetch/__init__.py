"""Fetch papers from Hugging Face and arXiv into the library.

For the TUI (run in a worker thread; every call is blocking)::

    from papertui.fetch import Fetcher, fetch_hf, fetch_arxiv, refresh_feeds, FetchError

    fetcher = Fetcher.create()                 # settings from config/env, cache dir, rate limiter
    try:
        report = fetch_hf(library, fetcher=fetcher, from_cache=True, progress=cb)
    except FetchError as exc:                  # str(exc) is one line; nothing was written
        ...
    report.new_ids, report.message, report.from_cache

Lower level (the CLI uses these to touch the library only after the network
part succeeded): `collect_hf` / `collect_arxiv` / `collect_feed` read and
parse every page, then `import_fetched(library, fetched)` imports them.
"""

from papertui.fetch.api import (
    FeedResult,
    FetchReport,
    collect_feed,
    fetch_arxiv,
    fetch_hf,
    import_fetched,
    refresh_feeds,
)
from papertui.fetch.arxiv import collect_arxiv
from papertui.fetch.errors import (
    BadResponse,
    FetchError,
    HttpStatusError,
    NetworkError,
    QueryError,
)
from papertui.fetch.hf import collect_hf
from papertui.fetch.http import USER_AGENT, HttpClient, RetryPolicy
from papertui.fetch.session import Fetched, Fetcher
from papertui.fetch.settings import Feed, FetchSettings, load_settings

__all__ = [
    "USER_AGENT",
    "BadResponse",
    "Feed",
    "FeedResult",
    "FetchError",
    "FetchReport",
    "FetchSettings",
    "Fetched",
    "Fetcher",
    "HttpClient",
    "HttpStatusError",
    "NetworkError",
    "QueryError",
    "RetryPolicy",
    "collect_arxiv",
    "collect_feed",
    "collect_hf",
    "fetch_arxiv",
    "fetch_hf",
    "import_fetched",
    "load_settings",
    "refresh_feeds",
]
