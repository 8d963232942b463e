"""The saved full texts as the search index reads them (`search.schema.BodyTexts`).

Built for every search index, so it loads nothing until a rebuild or a catch-up asks
for a text: a search that finds the index up to date never reads the full texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papertui.reading.fulltext_store import FullTextStore


class SavedTexts:
    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._store: FullTextStore | None = None

    def _saved(self) -> FullTextStore:
        if self._store is None:
            from papertui.reading.fulltext_store import FullTextStore

            self._store = FullTextStore.for_data_dir(self._data_dir)
        return self._store

    def ids(self) -> list[str]:
        return self._saved().ids()

    def body_text(self, arxiv_id: str) -> str | None:
        return self._saved().body_text(arxiv_id)
