"""Durable storage: the SQLite library of papers (and, later, the user's own state)."""

from papertui.store.db import ReadOnlyLibrary, StoreError
from papertui.store.library import ImportCounts, Library
from papertui.store.list_order import SORTS

__all__ = ["SORTS", "ImportCounts", "Library", "ReadOnlyLibrary", "StoreError"]
