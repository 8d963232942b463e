"""Damage done to a search index on disk, and the answers a sound index gives
(shared by test_index_damage and the soak; this module holds no tests)."""

from __future__ import annotations

import os
import random
from pathlib import Path

from papertui.models import Author, Paper
from papertui.search.index import SearchIndex
from papertui.search.sync import META_FILE
from papertui.store import Library

WORDS = [
    "graph",
    "neural",
    "network",
    "diffusion",
    "model",
    "quantum",
    "transformer",
    "attention",
    "protein",
    "folding",
    "galaxy",
    "survey",
    "market",
    "equilibrium",
    "privacy",
    "federated",
    "pruning",
    "sparse",
    "robust",
    "vision",
    "language",
    "speech",
    "policy",
    "reinforcement",
    "kernel",
    "bayesian",
    "inference",
    "causal",
]
QUERIES = ["graph", "diffusion model", "quantum OR protein", "title:vision", "tag:keep", "robu*"]


def corpus(count: int, seed: int = 7) -> list[Paper]:
    rng = random.Random(seed)
    return [
        Paper(
            id=f"2402.{n:05d}",
            title=" ".join(rng.choices(WORDS, k=6)).capitalize(),
            abstract=" ".join(rng.choices(WORDS, k=60)),
            authors=(Author(f"Author {n % 13}"),),
            published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
            categories=("cs.LG",),
        )
        for n in range(count)
    ]


def make_library(path: Path, count: int) -> Library:
    library = Library(path)
    library.import_papers(corpus(count))
    library.change_tags(["2402.00003", "2402.00011"], add=["keep"])
    return library


def answers(index: SearchIndex) -> dict[str, list[str]]:
    return {q: [h.id for h in index.search(q + " ", limit=1000).hits] for q in QUERIES}


def index_files(index_dir: Path) -> list[Path]:
    return sorted(
        f
        for f in index_dir.iterdir()
        if f.name not in (META_FILE, "MAIN_WRITELOCK") and f.is_file()
    )


def damage(index_dir: Path, kind: str, rng: random.Random) -> str:
    """Damage the index one way; returns what was done, for failure messages."""
    files = index_files(index_dir)
    # Whoosh's own writer (PAPERTUI_STOCK_WHOOSH=1) keeps postings and stored fields
    # inside one compound .seg file
    if kind == "truncate-pst":
        emptied = list(index_dir.glob("*.pst")) or list(index_dir.glob("*.seg"))
        for f in emptied:
            f.write_bytes(b"")
        return f"{', '.join(f.name for f in emptied)} emptied"
    if kind == "garble-stored":
        target = next(iter([*index_dir.glob("*_stored.col"), *index_dir.glob("*.seg")]))
        return _garble(target, rng)
    if kind == "garble-words":
        return _garble(index_dir / "words.tsv", rng)
    if kind == "dangling-symlink":
        moved = index_dir.with_name("index-elsewhere")
        index_dir.rename(moved)
        index_dir.symlink_to(index_dir.with_name("nowhere"))
        return "the index dir replaced by a dangling symlink"
    if kind == "delete-file":
        target = rng.choice(files)
        target.unlink()
        return f"{target.name} deleted"
    if kind == "random":
        target = rng.choice(files)
        return _flip(target, rng)
    raise ValueError(kind)


def _garble(path: Path, rng: random.Random) -> str:
    data = bytearray(path.read_bytes())
    start = rng.randrange(max(len(data) - 64, 1))
    for i in range(start, min(start + 64, len(data))):
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return f"{path.name}: 64 bytes from {start} garbled"


def _flip(path: Path, rng: random.Random) -> str:
    """Corrupt a few bytes in place (the size stays); every changed byte differs."""
    size = path.stat().st_size
    if size == 0:
        path.write_bytes(b"\x01")
        return f"{path.name}: a byte written into an empty file"
    with path.open("r+b") as handle:
        spots = sorted(rng.randrange(size) for _ in range(rng.randint(1, 8)))
        for spot in spots:
            handle.seek(spot)
            old = handle.read(1)[0]
            handle.seek(spot)
            handle.write(bytes([old ^ rng.randrange(1, 256)]))
    return f"{path.name}: bytes at {spots} flipped"


def keep_times(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_atime_ns, stat.st_mtime_ns


def restore_times(path: Path, times: tuple[int, int]) -> None:
    os.utime(path, ns=times)
