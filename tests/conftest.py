"""Shared fixtures: every test gets its own data, config and cache directories."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import textual._wait
from hypothesis import settings
from textual.css.stylesheet import Stylesheet

# Property tests draw the same examples on every run, so a red CI is a real failure,
# never a new random draw; `HYPOTHESIS_PROFILE=explore` draws fresh ones locally.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# After each key Pilot sleeps in steps until one step used little CPU (Textual's guess
# that the app is idle). Its 20 ms steps were half of the UI tests' wall time; 3 ms
# steps, idle below a fifth of a step, settle as reliably. That guess is never what a
# test relies on: anything that finishes in a worker is waited for (`until`).
textual._wait.SLEEP_GRANULARITY = 0.003
textual._wait.SLEEP_IDLE = 0.0006

# Every app parses the same CSS (Textual's widgets' and ours) at start-up: a quarter
# of a start-up's CPU, and a test process starts hundreds of apps. Parsed rules are
# kept for the process, keyed like Textual's own per-stylesheet cache plus the CSS
# variables (the theme) they were parsed with.
_parsed_css: dict[tuple[object, ...], object] = {}
_parse_css = Stylesheet._parse_rules


def _parse_rules_once(self: Stylesheet, css: str, **where: object) -> object:
    key = (css, *where.items(), *self._variables.items())
    if key not in _parsed_css:
        _parsed_css[key] = _parse_css(self, css, **where)  # type: ignore[arg-type]
    return _parsed_css[key]


Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign,assignment]

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_LISTING = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point papertui's data/config/cache at tmp_path so no test touches the user's files."""
    home = tmp_path / "papertui-home"
    monkeypatch.setenv("PAPERTUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("PAPERTUI_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("PAPERTUI_CACHE_DIR", str(home / "cache"))
    return home


@pytest.fixture
def data_dir(isolated_dirs: Path) -> Path:
    return isolated_dirs / "data"


class BuiltLibraries:
    """Libraries built once per run and copied into a test's own data dir: a copy takes
    milliseconds, an import and index build up to a few seconds. The xdist workers share
    the builds (the first worker to need one builds it, under a lock the others wait on).
    Each test still gets its own files; tests of import or indexing build for real."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def copy(self, key: str, build: Callable[[Path], object], dest: Path) -> Path:
        """`dest` holding what `build(data_dir)` makes; `key` names that recipe (one recipe
        per key: the first build is the one copied). A recipe never asks for another key
        (two workers could then wait on each other)."""
        built = self._root / key
        if not built.exists():
            with open(self._root / f"{key}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not built.exists():
                    partial = self._root / f"{key}.partial"
                    shutil.rmtree(partial, ignore_errors=True)
                    quiet = io.StringIO()  # what the build prints is not the test's output
                    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                        build(partial)
                    partial.rename(built)
        shutil.copytree(built, dest, dirs_exist_ok=True)  # copy2: times kept, so no recheck
        return dest


@pytest.fixture(scope="session")
def built_libraries(tmp_path_factory: pytest.TempPathFactory) -> BuiltLibraries:
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the run's temp dir, above each worker's
        root = tmp_path_factory.getbasetemp().parent / "built-libraries"
        root.mkdir(exist_ok=True)
        return BuiltLibraries(root)
    return BuiltLibraries(tmp_path_factory.mktemp("built-libraries"))


def import_demo(data_dir: Path) -> None:
    """The demo listing imported and indexed through the CLI, as a user does."""
    from papertui.cli.main import main

    assert main(["--data-dir", str(data_dir), "import", str(DEMO_LISTING)]) == 0


def copy_demo(built: BuiltLibraries, dest: Path) -> Path:
    """`dest` holding the demo library and its index (one build per run, copied): for tests
    of what comes after an import."""
    return built.copy("demo", import_demo, dest)


# Files none of whose tests opens or writes a search index, in-process or in a
# subprocess: found by running the whole suite with PAPERTUI_STOCK_WHOOSH=1 and
# recording, per test, Whoosh's `Storage.open_index`/`create_index` calls and any
# index left in its tmp_path (2026-12-05; the opt-in soak files were not run, so
# they are not listed). CI's second run, with the stock Whoosh switch on, deselects
# them (`-m "not index_free"`): the switch changes nothing they run. A new file
# is in that run until someone lists it here.
INDEX_FREE = frozenset(
    {
        "test_bibtex_scan.py",
        "test_cite.py",
        "test_cite_compile.py",
        "test_cite_parsers.py",
        "test_cite_properties.py",
        "test_cite_styles_golden.py",
        "test_cli_core.py",
        "test_cli_user_errors.py",
        "test_clipboard.py",
        "test_fetch_arxiv.py",
        "test_fetch_hf.py",
        "test_fetch_hostile.py",
        "test_fetch_http.py",
        "test_huge_records.py",
        "test_identity.py",
        "test_ids.py",
        "test_importers.py",
        "test_importers_arxiv.py",
        "test_importers_bibtex.py",
        "test_importers_hf.py",
        "test_launch.py",
        "test_layers.py",
        "test_library_health.py",
        "test_output_file.py",
        "test_pdf_viewer.py",
        "test_reading_parse.py",
        "test_reading_sources.py",
        "test_restore.py",
        "test_soak.py",
        "test_store.py",
        "test_store_faults.py",
        "test_texify.py",
        "test_ui_config.py",
        "test_ui_idle_gc.py",
        "test_ui_prompt_paint.py",
        "test_ui_render_switch.py",
        "test_ui_rows.py",
        "test_ui_safe_text.py",
    }
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "index_free: the file's tests touch no search index (conftest.INDEX_FREE)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in INDEX_FREE:
            item.add_marker(pytest.mark.index_free)
