"""Search at 100k papers before and after 1,000 saved full texts are indexed, one run.

    python bench/bench_fulltext.py 100000 --texts 1000 --workdir /tmp/papertui-fulltext

The library is bench/synth.py's corpus (as bench_search.py). The full texts are saved
in a real `FullTextStore` (raw page, meta file, parsed document), 30-60k characters
each, drawn from the corpus's Zipf vocabulary in paragraphs under numbered headings.
The same library is then indexed twice, without the full texts ("before") and with
them ("after"), and the same query sets timed on both (cold: the scored-term cache
emptied before each query; warm: repeated), plus `body:` and `has:fulltext` queries
on the second, measured in turns on both indexes (the machine is shared). Not part of
the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import COMMON, KEYSTROKES, MIDDLE, RARE, TYPING, keystrokes, measure_many, prepare
from synth import Corpus

from papertui.reading.document import Document, Heading, Paragraph, Span
from papertui.reading.fulltext_store import FullTextStore
from papertui.reading.sources import Download, Source
from papertui.search import whoosh_internals
from papertui.search.index import SearchIndex
from papertui.search.sync import rebuild
from papertui.store import Library

BODY = ["body:model", "body:quantum", "body:graph neural", "body:diffusion model", "body:pruning"]
HAS = ["has:fulltext", "has:fulltext model", "has:fulltext quantum", "has:fulltext graph neural"]


def save_texts(library: Library, store: FullTextStore, count: int, seed: int = 11) -> int:
    """`count` papers get a saved full text (kept between runs); returns their characters."""
    rng = random.Random(seed)
    corpus = Corpus()
    nums = rng.sample(range(1, library.count() + 1), count)
    chars = 0
    for paper in library.get_by_nums(nums):
        if store.has(paper.arxiv_id):
            chars += len(store.body_text(paper.arxiv_id) or "")
            continue
        blocks: list = []
        target = rng.randint(30_000, 60_000)
        size = 0
        section = 0
        while size < target:
            if len(blocks) % 9 == 0:
                section += 1
                blocks.append(Heading(1, str(section), " ".join(corpus._text(rng, 3)).title()))
            words = corpus._text(rng, rng.randint(60, 160))
            text = " ".join(words).capitalize() + "."
            blocks.append(Paragraph((Span(text),)))
            size += len(text) + 1
        document = Document(paper.title, (), (), blocks, source="arXiv HTML")
        html = "".join(f"<p>{b.spans[0].text}</p>" for b in blocks if isinstance(b, Paragraph))
        source = Source("arXiv HTML", "html", f"https://arxiv.org/html/{paper.arxiv_id}")
        store.save(paper.arxiv_id, Download(source, html.encode(), document, ()))
        chars += size
    return chars


def build_index(library: Library, index_dir: Path, store: FullTextStore | None) -> dict:
    index = SearchIndex(index_dir, store)
    w, c = time.perf_counter(), time.process_time()
    count = rebuild(library, index)
    wall = time.perf_counter() - w
    index.close()
    return {
        "papers": count,
        "wall_s": wall,
        "per_s": count / wall,
        "cpu_s_this_process": time.process_time() - c,
        "load": os.getloadavg()[0],
        "index_bytes": sum(f.stat().st_size for f in index_dir.iterdir()),
    }


def bench_queries(library: Library, indexes: dict[str, SearchIndex], reps: int) -> dict:
    """Each query set on each index in turn, round after round, so that the machine's
    load (shared with other work) weighs on both alike."""

    def texts(ids: list[str]) -> dict[str, tuple[str, str]]:
        return {k: (p.display_title, p.display_abstract) for k, p in library.get_many(ids).items()}

    def q(index: SearchIndex, text: str):  # type: ignore[no-untyped-def]
        return lambda: index.search(text, texts=texts)

    sets = {
        "common": [s + " " for s in COMMON],
        "middle": [s + " " for s in MIDDLE],
        "rare": [s + " " for s in RARE],
        "as_you_type": TYPING,
        "keystrokes": [k for word in KEYSTROKES for k in keystrokes(word)],
        "body": [s + " " for s in BODY],
        "has_fulltext": [s + " " for s in HAS],
    }
    out: dict = {name: {} for name in indexes}
    for index in indexes.values():
        index.search("warm up", texts=texts)
    for set_name, queries in sets.items():
        for cold in (True, False):
            key = set_name + ("_cold" if cold else "")
            runs: dict[str, list[dict]] = {name: [] for name in indexes}
            for _ in range(reps):
                for name, index in indexes.items():
                    calls = [q(index, text) for text in queries]
                    before = index.clear_caches if cold else None
                    runs[name].append(measure_many(calls, 1, before=before))
            for name in indexes:
                out[name][key] = _merged(runs[name])
    for name, index in indexes.items():
        out[name]["totals"] = {
            s: index.search(s + " ").total for s in (*COMMON[:2], *BODY[:2], HAS[1])
        }
        out[name]["in_full_text_top20"] = {
            s: sum(h.in_full_text for h in index.search(s + " ", limit=20).hits) for s in MIDDLE[:4]
        }
    return out


def _merged(runs: list[dict]) -> dict:
    """Medians over the rounds of each figure."""
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int)
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/papertui-fulltext"))
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true", help="reuse the two indexes")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    library, base = prepare(args.size, args.workdir)
    store = FullTextStore(base / "fulltext", base / "parsed")
    w = time.perf_counter()
    chars = save_texts(library, store, args.texts)
    report: dict = {
        "python": sys.version.split()[0],
        "nproc": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "index_format": whoosh_internals.index_format(),
        "texts": len(store.ids()),
        "text_chars": chars,
        "texts_saved_s": time.perf_counter() - w,
        "load_before": os.getloadavg(),
    }
    print(json.dumps(report), flush=True)
    bodies = {"before": None, "after": store}
    if not args.skip_build:
        report["build"] = {
            n: build_index(library, base / f"index-{n}", b) for n, b in bodies.items()
        }
        print(json.dumps(report["build"], indent=1), flush=True)
    indexes = {n: SearchIndex(base / f"index-{n}", b) for n, b in bodies.items()}
    report["queries"] = bench_queries(library, indexes, args.reps)
    report["load_after"] = os.getloadavg()
    library.close()
    print(json.dumps(report["queries"], indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
