"""Why a paper's full text could not be read. `str(exc)` is one line for the user."""

from __future__ import annotations


class ReadingError(Exception):
    def __init__(self, message: str) -> None:
        self.message = " ".join(str(message).split())
        super().__init__(self.message)


class NotOnArxiv(ReadingError):
    """The paper has no arXiv id, so there is no source for its text; `doi_url` when known."""

    def __init__(self, message: str, doi_url: str = "") -> None:
        super().__init__(message)
        self.doi_url = doi_url
