"""What the first letters' answers kept beside the index cost its writers (docs/BENCHMARKS.md,
"First letters answered at index time").

    PYTHONPATH=SRC python bench/bench_index_answers.py DATA_DIR [--catch-ups 6] [--json OUT]

DATA_DIR is a library with its index (bench_pick.py builds one); work on a copy: the
catch-ups change it (one paper's bookmark set and cleared, so it ends as it began, with a
later change sequence). Measured, in this process:

1. catch-up: the index caught up after one paper's bookmark changed (`search.sync`),
   wall and CPU time, `--catch-ups` times, then the answers kept for it
   (`search.sync.keep_answers`, which the reader runs after showing the catch-up); with
   the sources before `prefix_answers` (PYTHONPATH of another checkout) the first is the
   figure to compare against;
2. answers: `SearchIndex.update_answers` alone on a fresh searcher (decoded postings not
   cached), three times, and what it kept (queries, file size). Skipped by sources
   without it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def timed(step) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--catch-ups", type=int, default=6)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from papertui.paths import LibraryPaths
    from papertui.search import sync as sync_module
    from papertui.search.index import SearchIndex
    from papertui.search.sync import ensure_index, sync
    from papertui.store import Library

    paths = LibraryPaths(args.data_dir)
    index = SearchIndex(paths.index_dir)
    results: dict[str, float] = {}
    with Library(paths.store) as library:
        ensure_index(library, index)
        paper = library.ordered_nums("date", 1)
        paper_id = library.headings_by_nums(paper)[0].id
        state = library.states_for([paper_id]).get(paper_id)
        was = bool(state and state.bookmarked_at)
        keep_answers = getattr(sync_module, "keep_answers", lambda index: None)
        catch_ups, kept = [], []
        for n in range(args.catch_ups):
            library.set_bookmarked([paper_id], not was if n % 2 == 0 else was)
            catch_ups.append(timed(lambda: sync(library, index)))
            kept.append(timed(lambda: keep_answers(index)))
        library.set_bookmarked([paper_id], was)
        sync(library, index)
        keep_answers(index)
    results["catch_up_wall_s"] = statistics.median(w for w, _ in catch_ups)
    results["catch_up_cpu_s"] = statistics.median(c for _, c in catch_ups)
    results["catch_up_cpu_max_s"] = max(c for _, c in catch_ups)
    results["then_answers_cpu_s"] = statistics.median(c for _, c in kept)
    if hasattr(index, "update_answers"):
        from papertui.search import prefix_answers
        from papertui.search.sync import index_lock, read_meta, write_meta

        answers = []
        with index_lock(paths.index_dir, wait=True):  # as a writer, the meta file after
            for _ in range(3):
                index.refresh()
                index.doc_count()  # the searcher opened outside the timing
                answers.append(timed(index.update_answers))
            meta = read_meta(paths.index_dir) or {}
            values = {k: v for k, v in meta.items() if k != "files"}
            write_meta(paths.index_dir, known=meta.get("files"), **values)
        results["answers_wall_s"] = statistics.median(w for w, _ in answers)
        results["answers_cpu_s"] = statistics.median(c for _, c in answers)
        path = paths.index_dir / prefix_answers.FILE_NAME
        results["answers_kept"] = len(json.loads(path.read_text().split("\n", 1)[0])["queries"])
        results["answers_file_kb"] = path.stat().st_size / 1024
    index.close()
    results["load_avg_1m"] = os.getloadavg()[0]
    for name, value in results.items():
        print(f"{name:>20}: {value:.3f}" if isinstance(value, float) else f"{name:>20}: {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
