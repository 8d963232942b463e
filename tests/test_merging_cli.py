"""One record per paper from the shell: the upgrade of an old library with duplicates,
`papertui dedupe`, old ids, and export -> import round trips of tags and notes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from papertui.cli.main import main
from papertui.identity import lookup_keys
from papertui.models import Paper
from papertui.store import Library
from papertui.store.records import IDENTITY_SCHEMA

# Made by the previous release (schema 1): 12 papers of the demo listing imported from
# the listing text (title ids) and again from the HF API (arXiv ids), with state on both
# copies of HeadGaS (fixtures/store/README.md says how).
V1_LIBRARY = Path(__file__).parent / "fixtures" / "store" / "v1-duplicates.sqlite3"
HEADGAS = "2312.02902"
HEADGAS_TITLE_ID = "title:96a3288665220892"
FILTERS_TITLE_ID = "title:20da902ce92c9395"


def cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(V1_LIBRARY, data / "library.sqlite3")
    return data


def test_an_old_library_with_duplicates_is_merged_on_open(
    old_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(old_library, capsys, "stats")
    assert code == 0
    assert "papers     12" in out
    assert "Merged 12 duplicate records" in err
    (backup,) = (old_library / "backups").glob("*before-schema-3*")
    with sqlite3.connect(backup) as old:  # the backup is the library as it was
        assert old.execute("SELECT count(*) FROM papers").fetchone() == (24,)
        assert old.execute("PRAGMA user_version").fetchone() == (1,)
    assert str(backup) in err
    code, _, err = cli(old_library, capsys, "stats")
    assert "Merged" not in err  # said once
    with Library(old_library / "library.sqlite3") as lib:
        state = lib.states_for([HEADGAS])[HEADGAS]
        assert state.bookmarked and state.is_read
        assert set(state.tags) == {"to-read", "avatars", "gaussians"}
        assert state.note == "note on the listing copy\n\nnote on the arXiv copy"
        assert lib.states_for(["2410.21644"])["2410.21644"].tags == ("survey",)
        assert set(lib.state_ids()) == {HEADGAS, "2410.21644"}
    _, out, _ = cli(old_library, capsys, "show", HEADGAS_TITLE_ID)
    assert f"id  {HEADGAS}" in out
    _, out, _ = cli(old_library, capsys, "search", "headgas")
    assert out.count("HeadGaS") == 1


def _as_schema_2_without_merging(data: Path) -> None:
    """A schema-2 library that still holds duplicates, as records written under older
    rules would leave it."""
    with sqlite3.connect(data / "library.sqlite3") as conn:
        conn.executescript(IDENTITY_SCHEMA)
        for num, blob in conn.execute("SELECT num, data FROM papers").fetchall():
            paper = Paper.from_dict(json.loads(blob))
            conn.executemany(
                "INSERT OR IGNORE INTO paper_keys(key, num) VALUES (?, ?)",
                [(key, num) for key in lookup_keys(paper)],
            )
        conn.execute("PRAGMA user_version = 2")


def test_dedupe_dry_run_lists_and_changes_nothing(
    old_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _as_schema_2_without_merging(old_library)
    before = (old_library / "library.sqlite3").read_bytes()
    code, out, err = cli(old_library, capsys, "dedupe", "--dry-run")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 12
    assert f"{HEADGAS_TITLE_ID}\t-> {HEADGAS}\tsame title, no contradiction\tHeadGaS" in out
    assert f"{FILTERS_TITLE_ID}\t-> 2410.21644\t" in out
    assert "12 records would merge" in err
    with Library(old_library / "library.sqlite3") as lib:
        assert lib.count() == 24
        assert lib.get(HEADGAS_TITLE_ID) is not None
    assert sqlite3.connect(old_library / "library.sqlite3").execute(
        "SELECT count(*) FROM papers"
    ).fetchone() == (24,)
    assert before  # the file was readable before; the counts above show it unchanged
    code, _, err = cli(old_library, capsys, "dedupe")
    assert code == 0 and "merged 12 records" in err
    _, out, err = cli(old_library, capsys, "dedupe", "--dry-run")
    assert out == "" and "0 records would merge" in err
    _, out, _ = cli(old_library, capsys, "list", "--tag", "gaussians")
    assert out.startswith(HEADGAS)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "json"])
def test_export_then_import_restores_tags_and_notes(
    tmp_path: Path, old_library: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out_file = tmp_path / f"export.{fmt}"
    assert cli(old_library, capsys, "tag", HEADGAS, "+100%", "+c#")[0] == 0
    assert cli(old_library, capsys, "export", "-f", fmt, "-o", str(out_file))[0] == 0
    fresh = tmp_path / "fresh"
    code, out, _ = cli(fresh, capsys, "import", "--no-index", str(out_file))
    assert code == 0 and "12 added" in out
    with Library(old_library / "library.sqlite3") as lib:
        expected = lib.states_for(lib.state_ids())
    with Library(fresh / "library.sqlite3") as lib:
        got = lib.states_for(lib.state_ids())
        assert set(got) == set(expected)
        for paper_id, state in expected.items():
            assert set(got[paper_id].tags) == set(state.tags)
            assert got[paper_id].note == state.note
            if fmt == "json":  # the lossless format keeps the rest of the state too
                assert got[paper_id] == state
        assert "keywords" not in lib.get(HEADGAS).extras
    _, out, _ = cli(fresh, capsys, "tags")
    assert "100%" in out and "c#" in out


def test_a_bibtex_note_never_replaces_a_newer_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{k, title={Simplex Random Features}, author={Reid, Isaac},\n"
        "  eprint={2301.13856}, archivePrefix={arXiv}, keywords={kernels},\n"
        "  annote={from the file}}\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    os.utime(bib, (1_000_000_000, 1_000_000_000))  # written in 2001
    assert cli(data, capsys, "import", "--no-index", str(bib))[0] == 0
    with Library(data / "library.sqlite3") as lib:
        assert lib.states_for(["2301.13856"])["2301.13856"].note == "from the file"
        lib.set_note("2301.13856", "mine, written after the file")
    assert cli(data, capsys, "import", "--no-index", str(bib))[0] == 0
    with Library(data / "library.sqlite3") as lib:
        assert lib.states_for(["2301.13856"])["2301.13856"].note == ("mine, written after the file")
    bib.touch()  # the file changed after the note: its note is the newer one
    assert cli(data, capsys, "import", "--no-index", str(bib))[0] == 0
    with Library(data / "library.sqlite3") as lib:
        state = lib.states_for(["2301.13856"])["2301.13856"]
        assert state.note == "from the file"
        assert state.tags == ("kernels",)


def test_a_state_file_with_old_ids_lands_on_the_merged_records(
    tmp_path: Path, old_library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text(
        json.dumps(
            {
                "format": "papertui-state",
                "version": 1,
                "papers": [{"id": FILTERS_TITLE_ID, "tags": ["from-old-id"]}],
            }
        ),
        encoding="utf-8",
    )
    code, _, _ = cli(old_library, capsys, "state", "import", str(state_file))
    assert code == 0
    with Library(old_library / "library.sqlite3") as lib:
        assert lib.states_for(["2410.21644"])["2410.21644"].tags == ("survey", "from-old-id")
        assert FILTERS_TITLE_ID not in lib.state_ids()
