"""What every command needs: the library paths, opened lazily, and output helpers."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from papertui.paths import LibraryPaths

if TYPE_CHECKING:
    from papertui.search.index import SearchIndex
    from papertui.search.results import SearchResults
    from papertui.store import Library

T = TypeVar("T")


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def count_limit(text: str) -> int:
    """`--limit` values: a whole number, 0 meaning no limit."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more, not {value}")
    return value


@dataclass
class CliContext:
    paths: LibraryPaths
    config_file: Path | None = None  # None: the user's (`paths.config_path`); --demo: its copy
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _library: Library | None = None
    _index: SearchIndex | None = None

    def library(self) -> Library:
        if self._library is None:
            from papertui.store import Library, StoreError

            if self.paths.data_dir.exists() and not self.paths.data_dir.is_dir():
                raise CliError(
                    f"{self.paths.data_dir} is a file; the data directory (--data-dir, "
                    "PAPERTUI_DATA_DIR) must be a directory"
                )
            self.paths.ensure()
            try:
                self._library = Library.open(self.paths.store)
            except StoreError as exc:
                from papertui.store.backup import store_problem_message

                raise CliError(store_problem_message(exc, self.paths.backups_dir)) from exc
            for notice in self._library.notices:
                self.warn(f"papertui: {notice}")
            merged = self._library.take_upgrade_report()
            if merged:
                from papertui.store.backup import merged_on_upgrade_message

                self.warn(f"papertui: {merged_on_upgrade_message(merged, self.paths.backups_dir)}")
        return self._library

    def index(self, *, sync: bool = True, answers: bool = False) -> SearchIndex:
        """The search index, rebuilt or caught up with the store first when needed; with
        `answers`, the costly first letters' answers kept too (`search.prefix_answers`:
        ~1.5 s at 100k papers, so only by the commands that add or change papers)."""
        if self._index is None:
            from papertui.reading.index_texts import SavedTexts
            from papertui.search.index import SearchIndex

            texts = SavedTexts(self.paths.data_dir)
            self._index = SearchIndex(self.paths.index_dir, texts, one_shot=True)
            if sync:
                from papertui.search.sync import ensure_index

                status = ensure_index(
                    self.library(), self._index, progress=self.progress_printer(), answers=answers
                )
                if status.damaged:
                    self.warn(
                        f"papertui: the search index was damaged ({status.rebuilt}); "
                        "rebuilt it from the library"
                    )
                if status.catching_up:
                    self.warn(
                        "papertui: index catching up (another papertui is updating it); "
                        "results may miss the latest changes"
                    )
        return self._index

    def reading_index(self, read: Callable[[SearchIndex], T]) -> T:
        """`read(index)`; after a read error from the index files, rebuild and read again."""
        from papertui.search.verify import IndexDamaged

        index = self.index()
        try:
            return read(index)
        except IndexDamaged as exc:
            from papertui.search.sync import repair

            self.warn(
                f"papertui: the search index was damaged ({exc}); rebuilt it from the library"
            )
            repair(self.library(), index, progress=self.progress_printer(), answers=False)
            return read(index)

    def update_index(self, *, answers: bool = False) -> None:
        """Catch the search index up after a write (`answers`: as `index`). A failure
        here loses nothing: the store has the data and the index can always be rebuilt,
        so only warn."""
        try:
            self.index(answers=answers)
        except Exception as exc:
            self.warn(f"papertui: search index not updated ({exc}); run `papertui reindex`")

    def search(
        self,
        query: str,
        *,
        sort: str = "relevance",
        limit: int = 0,
        highlight: bool = False,
        strict: bool = True,
    ) -> SearchResults:
        """A query as every command runs it (the query language's rules; `limit` 0 = all).
        The query counts as finished: its last word is a word, not a prefix being typed.
        `strict=False` shows the papers with most of the words when none has them all."""
        wanted = limit or max(self.library().count(), 1)
        return self.reading_index(
            lambda index: index.search(
                query + " ",
                sort=sort,
                limit=wanted,
                highlight_limit=wanted if highlight else 0,
                texts=self.search_texts,
                strict=strict,
            )
        )

    def search_texts(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """(title, abstract) in display form, for highlights and phrase checks."""
        found = self.library().get_many(ids)
        return {k: (p.display_title, p.display_abstract) for k, p in found.items()}

    def progress_printer(self):  # type: ignore[no-untyped-def]
        from papertui.cli.progress import Progress

        return Progress(self.err)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        if self._library is not None:
            self._library.close()

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        print(text, file=self.err)
