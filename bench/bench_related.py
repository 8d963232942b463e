"""Related papers, judged: on-topic@6 of papertui's `related` and of Whoosh's stock
`more_like`, on the demo library with the judgements in
tests/fixtures/related-judged.json.

    python bench/bench_related.py [--show]

For each judged paper: how many of the first 6 papers shown are on its topic, and
how many shown are off it (noise). `more_like` runs on the same index and
searcher with its defaults (5 key terms, Bo1), given the paper's title and
abstract. Run it with the code to compare on PYTHONPATH. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from papertui.importers import read_papers
from papertui.models import Paper
from papertui.search.index import SearchIndex
from papertui.search.sync import ensure_index
from papertui.store import Library

ROOT = Path(__file__).parents[1]
JUDGED = ROOT / "tests" / "fixtures" / "related-judged.json"
LISTING = ROOT / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
TOP = 6


def stock_more_like(index: SearchIndex, paper: Paper) -> list[str]:
    searcher = index._get_searcher()
    assert searcher is not None
    docnum = searcher.document_number(id=paper.id)
    found = searcher.more_like(docnum, "text", text=f"{paper.title} {paper.abstract}", top=TOP)
    return [hit["id"] for hit in found]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="store_true", help="print every list shown")
    args = parser.parse_args()
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["judged"]
    with tempfile.TemporaryDirectory() as tmp, Library(Path(tmp) / "lib.sqlite3") as library:
        library.import_papers([p for p in read_papers(LISTING) if isinstance(p, Paper)])
        index = SearchIndex(Path(tmp) / "index")
        ensure_index(library, index)
        totals = {"papertui": [0, 0], "more_like": [0, 0]}
        print(f"{'paper':<22} {'papertui':>12} {'more_like':>12}   (on topic / shown)")
        for paper_id, judgement in judged.items():
            paper = library.get(paper_id)
            assert paper is not None, paper_id
            on_topic = set(judgement["on_topic"])
            lists = {
                "papertui": [h.id for h in index.related(paper_id, limit=TOP)],
                "more_like": stock_more_like(index, paper),
            }
            row = []
            for name, shown in lists.items():
                hits = sum(1 for i in shown if i in on_topic)
                totals[name][0] += hits
                totals[name][1] += len(shown)
                row.append(f"{hits:>2} / {len(shown)}")
            print(f"{paper_id:<22} {row[0]:>12} {row[1]:>12}   {judgement['title'][:50]}")
            if args.show:
                for name, shown in lists.items():
                    titles = library.get_many(shown)
                    for i in shown:
                        mark = "+" if i in on_topic else "-"
                        print(f"      {name:<9} {mark} {titles[i].title[:80]}")
        possible = sum(min(TOP, len(j["on_topic"])) for j in judged.values())
        print(f"\n{len(judged)} papers; at most {possible} on-topic in the first {TOP}")
        for name, (hits, shown) in totals.items():
            print(
                f"{name:<10} on-topic@{TOP}: {hits}/{possible}   shown: {shown}, off topic: "
                f"{shown - hits}"
            )
        index.close()


if __name__ == "__main__":
    main()
