"""Soak: index corruption fuzz (issue 18, item 11). Runs with PAPERTUI_SOAK=1:

    PAPERTUI_SOAK=1 python -m pytest -q -s tests/test_soak_index.py

Each trial restores a sound index, damages it one way (random bytes flipped in a
random file most often; also emptied postings, garbled stored fields or word list,
a deleted file, a dangling symlink), opens it as a command does and asks the same
queries. Every trial must end with the sound answers and no exception; the damage
must have been noticed (a rebuild that says why). Figures go to stdout for
README.md's RELIABILITY section. The short version is test_index_damage.py.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from index_damage import answers, damage, make_library
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index

TRIALS = int(os.environ.get("PAPERTUI_SOAK_TRIALS", "60"))
KINDS = ["random"] * 6 + [
    "truncate-pst",
    "garble-stored",
    "garble-words",
    "delete-file",
    "dangling-symlink",
]

pytestmark = pytest.mark.skipif(
    os.environ.get("PAPERTUI_SOAK") != "1", reason="soak: set PAPERTUI_SOAK=1"
)


def test_index_corruption_fuzz(tmp_path: Path) -> None:
    library = make_library(tmp_path / "library.sqlite3", 300)
    index_dir = tmp_path / "index"
    index = SearchIndex(index_dir)
    ensure_index(library, index)
    sound = answers(index)
    index.close()
    pristine = tmp_path / "pristine"
    shutil.copytree(index_dir, pristine, copy_function=shutil.copy2)
    rng = random.Random(int(os.environ.get("PAPERTUI_SOAK_SEED", "18")))
    kinds: Counter[str] = Counter()
    noticed = 0
    started = time.perf_counter()
    for trial in range(TRIALS):
        _restore(pristine, index_dir)
        kind = rng.choice(KINDS)
        what = damage(index_dir, kind, rng)
        index = SearchIndex(index_dir)
        status = ensure_index(library, index)
        assert answers(index) == sound, f"trial {trial}: {what}: wrong answers"
        assert status.damaged, f"trial {trial}: {what}: not noticed"
        noticed += 1
        kinds[kind] += 1
        index.close()
    took = time.perf_counter() - started
    print(
        f"\nindex corruption fuzz: {TRIALS} trials ({dict(kinds)}), {noticed} noticed and "
        f"rebuilt, 0 wrong answers, 0 errors, {took:.1f} s ({took / TRIALS:.2f} s a trial)"
    )


def _restore(pristine: Path, index_dir: Path) -> None:
    if index_dir.is_symlink() or index_dir.is_file():
        index_dir.unlink()
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.rmtree(index_dir.with_name("index-elsewhere"), ignore_errors=True)
    shutil.copytree(pristine, index_dir, copy_function=shutil.copy2)
