"""Import of papers that share one DOI (a proceedings volume's), whole process.

Every paper has its own arXiv id and title and the same DOI, so none of them is
another: the figure shows what a DOI shared by many records costs an import.

    python bench/bench_shared_doi.py 1000 3000 10000
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import machine

# arXiv's first record (a PRD paper, with its DOI and journal reference)
RECORD = json.loads(
    (Path(__file__).parents[1] / "tests/fixtures/arxiv-snapshot/first-line.jsonl").read_text()
)


def run(count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "volume.jsonl"
        with snapshot.open("w") as out:
            for i in range(count):
                paper = dict(RECORD, id=f"1701.{i:05d}", title=f"Talk number {i}")
                out.write(json.dumps(paper) + "\n")
        env = {**os.environ, "PAPERTUI_DATA_DIR": str(Path(tmp) / "data")}
        command = [sys.executable, "-m", "papertui", "import", "--no-index", str(snapshot)]
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        return time.perf_counter() - started


def main() -> None:
    print(machine())
    for count in [int(arg) for arg in sys.argv[1:]] or [1000, 3000, 10000]:
        seconds = run(count)
        print(f"{count:>6} papers under one DOI: {seconds:6.2f} s ({count / seconds:,.0f}/s)")


if __name__ == "__main__":
    main()
