"""Why a fetch failed. `str(exc)` is always one line; nothing was imported."""

from __future__ import annotations


class FetchError(Exception):
    """A fetch failed before anything was written to the library.

    `offline` is True when the server could not be reached at all (no network,
    DNS failure, refused connection, timeout). `transient` is True when trying
    again later may work (the offline cases, HTTP 429 and 5xx, a cut-off body);
    only transient failures fall back to the response cache.
    """

    transient = False

    def __init__(self, message: str, *, offline: bool = False) -> None:
        self.message = " ".join(str(message).split())
        self.offline = offline
        super().__init__(self.message)


class NetworkError(FetchError):
    """The server could not be reached, did not answer in time, or cut the answer off.

    `retryable` is False when trying again at once is pointless (no route, DNS).
    """

    transient = True

    def __init__(self, message: str, *, offline: bool = False, retryable: bool = False) -> None:
        super().__init__(message, offline=offline)
        self.retryable = retryable


class HttpStatusError(FetchError):
    """The server answered with a non-2xx status (after any retries)."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: bytes = b"",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body
        self.retry_after = retry_after
        self.transient = status == 429 or status >= 500


class BadResponse(FetchError):
    """The server answered, but the body cannot be read (invalid JSON/XML, wrong shape)."""


class QueryError(FetchError):
    """The request itself was rejected (bad arXiv query or id, bad date, ...)."""


class RefusedUrl(FetchError):
    """A URL papertui will not follow: not http(s), or a host the config does not allow."""


class Cancelled(FetchError):
    """The fetch was stopped from outside (the reader quit); nothing was written."""

    def __init__(self) -> None:
        super().__init__("the fetch was cancelled")
