"""Durable storage: the SQLite library of papers (and, later, the user's own state)."""

from papertui.store.db import ReadOnlyLibrary, StoreError
from papertui.store.library import SORTS, ImportCounts, Library

__all__ = ["SORTS", "ImportCounts", "Library", "ReadOnlyLibrary", "StoreError"]
