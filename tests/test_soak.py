"""Kill soak: writers SIGKILLed again and again while four write at once and a reader reads.

Every change a writer confirmed (printed after its commit) must be in the library at the
end, every killed import must be all there or not at all, no writer may fail on a lock,
the reader never sees an error, and SQLite's integrity check passes. The short version
runs in CI; `PAPERTUI_SOAK=1` runs the long one (>= 200 kills), and
`PAPERTUI_SOAK_REPORT=FILE` appends its figures to FILE as a JSON line (the README's
Reliability section quotes them).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.test_store import make_paper

from papertui.store import Library

LONG = os.environ.get("PAPERTUI_SOAK") == "1"
KILLS = 200 if LONG else 12
WRITERS = 4
PAPERS = 20
BATCH = 40  # papers per import transaction

WRITER = textwrap.dedent(
    """
    import random, sys
    from pathlib import Path
    from papertui.models import Paper
    from papertui.store import Library
    path, name, kind = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    library, rng, size = Library(path), random.Random(name), int(sys.argv[4])
    print("open", flush=True)
    for i in range(10**9):
        paper = f"2401.{rng.randrange(size):05d}"
        if kind == "import":  # one transaction of BATCH new papers
            library.import_papers(
                Paper(id=f"soak-{name}-{i}-{j}", title=f"Soak {name} {i} {j}", sources=("soak",))
                for j in range(size)
            )
        elif kind == "bookmark":
            library.set_bookmarked([paper], i % 2 == 0)
            library.change_tags([paper], add=[f"{name}-{i}"])
        else:
            library.change_tags([paper], add=[f"{name}-{i}"])
        print(i, flush=True)  # after the commit: confirmed
    """
)

READER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from papertui.store import Library
    reads = 0
    library = Library(Path(sys.argv[1]), readonly=True)
    print("open", flush=True)
    while not Path(sys.argv[2]).exists():
        assert library.count() >= int(sys.argv[3])
        library.tag_counts()
        library.ids_matching(bookmarked=True)
        reads += 1
    print(reads, flush=True)
    """
)


@dataclass
class Writer:
    name: str
    kind: str
    proc: subprocess.Popen[str]
    confirmed: list[int] = field(default_factory=list)

    def wait_for(self, commits: int) -> None:
        """Read the writer's confirmations until it has made `commits` more."""
        assert self.proc.stdout is not None
        target = len(self.confirmed) + commits
        while len(self.confirmed) < target:
            line = self.proc.stdout.readline()
            if not line:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise AssertionError(f"writer {self.name} died on its own: {err}")
            if line.strip() != "open":
                self.confirmed.append(int(line))


def start(path: Path, name: str, kind: str) -> Writer:
    size = str(BATCH if kind == "import" else PAPERS)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, kind, size],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return Writer(name, kind, proc)


def test_kills_of_concurrent_writers_lose_no_confirmed_change(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Library(path) as lib:
        lib.import_papers(make_paper(i) for i in range(PAPERS))
    stop = tmp_path / "stop-reading"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(path), str(stop), str(PAPERS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stdout.readline() == "open\n"
    rng = random.Random(18)
    kinds = ("tags", "import", "bookmark", "tags")
    spawned = 0

    def spawn(kind: str) -> Writer:
        nonlocal spawned
        spawned += 1
        return start(path, f"w{spawned}", kind)

    began = time.monotonic()
    running = [spawn(kind) for kind in kinds]
    finished: list[Writer] = []
    for _ in range(KILLS):
        slot = rng.randrange(WRITERS)
        victim = running[slot]
        victim.wait_for(rng.randint(1, 4))  # it is writing: the next commit is under way
        victim.proc.send_signal(signal.SIGKILL)
        victim.proc.wait()
        finished.append(victim)
        running[slot] = spawn(victim.kind)
    for writer in running:
        writer.wait_for(1)
        writer.proc.send_signal(signal.SIGKILL)
        writer.proc.wait()
        finished.append(writer)
    stop.touch()
    reads_out, reader_err = reader.communicate(timeout=120)
    elapsed = time.monotonic() - began
    assert reader.returncode == 0, reader_err

    with Library(path) as lib:
        tags = {name for name, _ in lib.tag_counts()}
        soak_ids = {i for i in lib.ids_matching() if i.startswith("soak-")}
        for writer in finished:
            if writer.kind == "import":
                batches: dict[int, int] = {}
                for paper_id in (i for i in soak_ids if i.startswith(f"soak-{writer.name}-")):
                    number = int(paper_id.split("-")[2])
                    batches[number] = batches.get(number, 0) + 1
                assert all(count == BATCH for count in batches.values()), writer.name
                assert set(writer.confirmed) <= set(batches), writer.name
            else:
                assert {f"{writer.name}-{i}" for i in writer.confirmed} <= tags, writer.name
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
    lock_errors = sum("locked" in (w.proc.stderr.read() if w.proc.stderr else "") for w in finished)
    assert lock_errors == 0
    figures = {
        "kills": KILLS, "writers": WRITERS, "confirmed": sum(len(w.confirmed) for w in finished),
        "lost": 0, "lock_errors": lock_errors, "reader_reads": int(reads_out.split()[-1]),
        "seconds": round(elapsed, 1),
    }  # fmt: skip
    report = os.environ.get("PAPERTUI_SOAK_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.write(json.dumps(figures) + "\n")
