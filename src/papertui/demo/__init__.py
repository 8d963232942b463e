"""The bundled demo library: a real Hugging Face papers listing (210 papers) with
arXiv ids and authors for most of them (`hf-papers-listing.meta.jsonl`)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

LISTING_NAME = "hf-papers-listing.txt"


def ensure_demo_library(data_dir: Path) -> int:
    """Import the demo listing into the library at `data_dir`; return its paper count."""
    from papertui.library_import import import_file
    from papertui.paths import LibraryPaths
    from papertui.store import Library

    paths = LibraryPaths(data_dir)
    paths.ensure()
    with as_file(files(__package__) / LISTING_NAME) as listing, Library(paths.store) as library:
        import_file(library, Path(listing))
        return library.count()
