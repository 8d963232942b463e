"""What a `papertui search` process imports, that what it leaves out still works
(each in a fresh interpreter: a test process has imported everything), and how
little of the did-you-mean word list a lookup reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BuiltLibraries, copy_demo
from papertui.search import whoosh_internals as internals
from papertui.search.analysis import fold_term
from papertui.search.suggest import WordList, distance

SEARCH_AND_LIST_MODULES = """
import io, json, sys
from contextlib import redirect_stderr, redirect_stdout
from papertui.cli.main import main
out, err = io.StringIO(), io.StringIO()
with redirect_stdout(out), redirect_stderr(err):
    code = main(["--data-dir", sys.argv[1], "search", *sys.argv[2:]])
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(),
                  "modules": sorted(sys.modules)}))
"""

# Never needed to answer a query: the reader, full text, citations, the network.
NOT_ON_THE_SEARCH_PATH = (
    "textual",
    "lxml",
    "pypdfium2",
    "pyperclip",
    "markdown_it",
    "papertui.ui",
    "papertui.reading",
    "papertui.cite",
    "papertui.fetch",
    "papertui.demo",
    "whoosh.spelling",
)
# The index's handle on the saved full texts: it loads nothing until a text is asked for.
ON_THE_SEARCH_PATH = ("papertui.reading", "papertui.reading.index_texts")
# Imported by Whoosh and never used by a search: left out when the internals are on.
DEFERRED = ("urllib.request", "http.client", "asyncio", "queue", "html")
# A query with few postings is scored in plain Python (`plain_scoring`), with the
# internals on; Whoosh's own scorer (internals off) hands its hits over in numpy.
SCORED_WITHOUT = ("numpy",)


def search_process(data_dir: Path, *query: str) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", SEARCH_AND_LIST_MODULES, str(data_dir), *query],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def imported(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [
        m
        for m in modules
        if m not in ON_THE_SEARCH_PATH and any(m == n or m.startswith(n + ".") for n in names)
    ]


def test_a_search_process_imports_only_what_searching_needs(
    data_dir: Path, built_libraries: BuiltLibraries
) -> None:
    copy_demo(built_libraries, data_dir)
    asked = {
        ("gaussian", "splatting"): "matching paper",
        ("title:diffusion", "year:2020..2026"): "matching paper",
        ("gausian",): "Did you mean: gaussian",  # the word list is read
    }
    for query, said in asked.items():
        found = search_process(data_dir, *query)
        assert found["code"] == 0
        assert said in found["err"]
        assert (said == "matching paper") == bool(found["out"].strip())
        assert imported(found["modules"], NOT_ON_THE_SEARCH_PATH) == []
        if internals.ENABLED:
            assert imported(found["modules"], (*DEFERRED, *SCORED_WITHOUT)) == []


DEFERRED_MODULES_WORK = """
import sys
from pathlib import Path
import papertui.search.index
print("urllib.request" in sys.modules, "asyncio" in sys.modules)
from cached_property import cached_property
from whoosh.compat import urlretrieve

class Counted:
    calls = 0

    @cached_property
    def value(self):
        Counted.calls += 1
        return 42

    @cached_property
    async def later(self):
        return 7

thing = Counted()
print(thing.value, thing.value, Counted.calls, "asyncio" in sys.modules)
import asyncio

async def await_later():
    return await thing.later

print(asyncio.run(await_later()))
source, target = Path(sys.argv[1]), Path(sys.argv[2])
urlretrieve(source.as_uri(), target)
print(target.read_text(), "urllib.request" in sys.modules)
from whoosh.compat import htmlescape, queue
print(htmlescape("<b>"), queue.Empty.__name__, "html" in sys.modules and "queue" in sys.modules)
"""


def test_whoosh_still_has_what_the_deferred_modules_give(tmp_path: Path) -> None:
    """`whoosh.compat.urlretrieve` fetches, its `htmlescape` escapes and its `queue`
    has `Empty`, and `cached_property` caches plain and coroutine properties, after
    being imported with stand-ins (stock: as imported)."""
    source = tmp_path / "source.txt"
    source.write_text("fetched")
    code = [sys.executable, "-c", DEFERRED_MODULES_WORK, str(source), str(tmp_path / "copy")]
    lines = subprocess.run(code, capture_output=True, text=True, check=True).stdout.splitlines()
    loaded_at_start = "False False" if internals.ENABLED else "True True"
    assert lines == [
        loaded_at_start,
        f"42 42 1 {not internals.ENABLED}",
        "7",
        "fetched True",
        "&lt;b&gt; Empty True",
    ]


def test_a_correction_reads_one_letter_and_only_the_lengths_its_edits_reach(
    tmp_path: Path,
) -> None:
    counts = Counter({"splatting": 4, "splat": 9, "splattering": 3, "spa": 5, "gaussian": 9})
    WordList(counts).save(tmp_path)
    lazy = WordList.load(tmp_path)
    assert lazy.within("splating", 1) == [("splatting", 4)]
    assert sorted(lazy._by_length) == [("s", 7), ("s", 8), ("s", 9)]
    assert list(lazy._letters) == ["s"]
    assert lazy.count("splat") == 9 and lazy.count("spla") == 0
    assert lazy.starts_a_word("splatte") and not lazy.starts_a_word("splx")


WORDS = st.text(alphabet="abcdez日本", min_size=3, max_size=9)  # as folded


@given(
    counts=st.dictionaries(WORDS, st.integers(1, 50), max_size=40),
    probes=st.lists(st.text(alphabet="abcdeéz日本", min_size=1, max_size=10), max_size=8),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_saved_word_list_answers_as_the_one_in_memory(
    tmp_path: Path, counts: dict[str, int], probes: list[str]
) -> None:
    in_memory = WordList(Counter(counts))
    in_memory.save(tmp_path)
    saved = WordList.load(tmp_path)
    for word in [*counts, *probes]:
        term = fold_term(word)
        for words in (in_memory, saved):
            assert words.count(word) == counts.get(term, 0)
        assert saved.starts_a_word(word) == any(w.startswith(term) for w in counts)
        for limit in (1, 2):
            assert saved.within(word, limit) == in_memory.within(word, limit)
            frequent = [pair for pair in in_memory.within(word, limit) if pair[1] > 9]
            assert saved.within(word, limit, more_than=9) == frequent
        assert saved.corrections(word) == in_memory.corrections(word)


def _every_cell_distance(a: str, b: str) -> int:
    """Optimal string alignment distance from the whole matrix (the textbook way)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            change = d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, change)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@given(st.text("abcd", max_size=9), st.text("abcd", max_size=9), st.integers(0, 3))
@settings(max_examples=400)
def test_the_banded_distance_is_the_whole_matrixs_up_to_its_limit(
    a: str, b: str, limit: int
) -> None:
    assert distance(a, b, limit) == min(_every_cell_distance(a, b), limit + 1)


SHARED_INDEX_MODULES = """
import sys
from papertui.search.index import SearchIndex
before = "numpy" in sys.modules
SearchIndex(sys.argv[1])
print(before, "numpy" in sys.modules)
"""


@pytest.mark.skipif(not internals.ENABLED, reason="numpy is Whoosh's own scorer's then")
def test_numpy_is_imported_by_the_worker_making_a_shared_index(tmp_path: Path) -> None:
    """The reader and `pick` make their index in a worker: numpy comes then, and not with
    the first query typed (its import holds every thread for 0.15-0.3 s)."""
    run = subprocess.run(
        [sys.executable, "-c", SHARED_INDEX_MODULES, str(tmp_path / "index")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.split() == ["False", "True"]
