"""Which URLs a fetch may follow: http(s) only, on the configured hosts.

A host entry is a host name ("huggingface.co", any port) or host:port
("127.0.0.1:8080", that port only). Pages, `Link` headers and redirects are all
checked; a refusal names the URL and says how to allow its host.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from papertui.fetch.errors import RefusedUrl

SCHEMES = ("http", "https")


def host_entry(url: str) -> str:
    """`host` or `host:port` (the port only when the URL names one), lower-cased."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


class HostPolicy:
    def __init__(self, hosts: Iterable[str] = ()) -> None:
        self.hosts = frozenset(h.strip().lower() for h in hosts if h.strip())

    @classmethod
    def for_urls(cls, urls: Iterable[str], extra: Iterable[str] = ()) -> HostPolicy:
        return cls([*(host_entry(u) for u in urls), *extra])

    def allows(self, url: str, *, start: str) -> bool:
        """True for `url` on an allowed host; with no hosts configured, `start`'s host only."""
        hosts = self.hosts or {host_entry(start)}
        return host_entry(url) in hosts or (urlsplit(url).hostname or "").lower() in hosts

    def check(self, url: str, *, start: str, what: str) -> None:
        """RefusedUrl unless `url` may be followed; `what` says how it was reached
        ("fetch", "follow the next-page link from … to")."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            raise RefusedUrl(f"refused to {what} {url}: only http and https URLs are fetched")
        if not parts.hostname:
            raise RefusedUrl(f"refused to {what} {url}: it names no host")
        if not self.allows(url, start=start):
            raise RefusedUrl(
                f"refused to {what} {url} (another host); to allow it, add "
                f'[fetch] allow_hosts = ["{parts.hostname}"] to the config'
            )
