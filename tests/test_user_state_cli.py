"""User state from the shell: bookmark, tag, tags, note, read, list, state export/import, backup."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from conftest import BuiltLibraries, copy_demo
from papertui.cli.main import main
from papertui.store import Library

DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
HEADGAS = "2312.02902"
FILTERS = "2410.21644"


def cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo(tmp_path: Path, built_libraries: BuiltLibraries) -> Path:
    """The demo listing imported and indexed (built once, copied for each test)."""
    return copy_demo(built_libraries, tmp_path / "data")


def test_bookmark_and_list(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(demo, capsys, "bookmark", HEADGAS, f"arXiv:{FILTERS}v2")[0] == 0
    _, out, _ = cli(demo, capsys, "list", "--bookmarked")
    assert [line.split("\t")[0] for line in out.splitlines()] == [FILTERS, HEADGAS]
    cli(demo, capsys, "bookmark", "--remove", FILTERS)
    _, out, _ = cli(demo, capsys, "list", "--bookmarked")
    assert [line.split("\t")[0] for line in out.splitlines()] == [HEADGAS]


def test_tag_add_remove_with_dash_words(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(demo, capsys, "tag", HEADGAS, FILTERS, "+Survey", "+to read")
    assert code == 0 and "to-read" in out
    cli(demo, capsys, "tag", FILTERS, "-SURVEY", "+cnn")
    _, out, _ = cli(demo, capsys, "tags")
    assert [line.split() for line in out.splitlines()] == [
        ["2", "to-read"],
        ["1", "cnn"],
        ["1", "Survey"],
    ]
    _, out, _ = cli(demo, capsys, "list", "--tag", "survey")
    assert [line.split("\t")[0] for line in out.splitlines()] == [HEADGAS]


def test_tag_needs_an_id_and_a_tag(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(demo, capsys, "tag", HEADGAS)
    assert code == 2 and "at least one id and one tag" in err


def test_unknown_id_changes_nothing(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(demo, capsys, "bookmark", HEADGAS, "2401.99999")
    assert code == 1 and "2401.99999" in err
    assert cli(demo, capsys, "list", "--bookmarked")[1] == ""


def test_note_from_stdin_and_show(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Read §3.\nCompare with 3DGS.\n"))
    assert cli(demo, capsys, "note", HEADGAS)[0] == 0
    _, out, _ = cli(demo, capsys, "note", HEADGAS, "--show")
    assert out == "Read §3.\nCompare with 3DGS.\n"


def test_note_in_editor(
    demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor = tmp_path / "fake-editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'edited in editor\\n' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty())
    assert cli(demo, capsys, "note", HEADGAS)[0] == 0
    assert cli(demo, capsys, "note", HEADGAS, "--show")[1] == "edited in editor\n"


def test_read_and_unread_filter(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(demo, capsys, "list", "--unread")
    assert len(out.splitlines()) == 210
    cli(demo, capsys, "read", "--mark", HEADGAS)
    _, out, _ = cli(demo, capsys, "list", "--unread")
    assert len(out.splitlines()) == 209 and HEADGAS not in out


def test_state_export_import_round_trip_and_merge(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(demo, capsys, "bookmark", HEADGAS)
    cli(demo, capsys, "tag", HEADGAS, "+gs")
    with Library(demo / "library.sqlite3") as lib:
        lib.set_note(HEADGAS, "old note")
    export = tmp_path / "state.json"
    assert cli(demo, capsys, "state", "export", str(export))[0] == 0
    document = json.loads(export.read_text())
    assert document["format"] == "papertui-state" and document["version"] == 1

    # Another machine: fewer papers, its own tags and a newer note.
    other = tmp_path / "other"
    cli(other, capsys, "import", "--no-index", str(DEMO))
    cli(other, capsys, "tag", HEADGAS, "+avatars")
    document["papers"][0]["note_updated_at"] = "2999-01-01T00:00:00+00:00"
    document["papers"][0]["note"] = "newer note"
    document["papers"].append(
        {"id": "2501.00001", "tags": ["pending"], "bookmarked_at": "2025-01-01T00:00:00+00:00"}
    )
    export.write_text(json.dumps(document))
    code, out, _ = cli(other, capsys, "state", "import", str(export))
    assert code == 0 and "1 not in this library yet" in out
    with Library(other / "library.sqlite3") as lib:
        state = lib.states_for([HEADGAS])[HEADGAS]
        assert set(state.tags) == {"avatars", "gs"}
        assert state.bookmarked and state.note == "newer note"
        assert lib.states_for(["2501.00001"])["2501.00001"].tags == ("pending",)
    # Importing the same file again changes nothing.
    assert "0 changed" in cli(other, capsys, "state", "import", str(export))[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a papertui state file"),
        ('{"format": "papertui-state", "version": 99, "papers": []}', "newer"),
        ('{"format": "papertui-state", "version": 1, "papers": [{"tags": []}]}', "record 1"),
    ],
)
def test_bad_state_file_changes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    cli(demo, capsys, "tag", HEADGAS, "+keep")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    code, _, err = cli(demo, capsys, "state", "import", str(bad))
    assert code == 1 and message in err and "nothing was changed" in err
    assert cli(demo, capsys, "tags")[1].split() == ["1", "keep"]


def test_daily_backup_and_restore_of_a_corrupt_library(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(demo, capsys, "bookmark", HEADGAS)  # first write of the day takes a backup
    _, out, _ = cli(demo, capsys, "backup", "list")
    assert "daily" in out
    store = demo / "library.sqlite3"
    for side in ("-wal", "-shm"):
        store.with_name(store.name + side).unlink(missing_ok=True)
    store.write_bytes(b"garbage" * 1000)
    code, _, err = cli(demo, capsys, "list", "--bookmarked")
    assert code == 1
    assert "left untouched" in err and "papertui backup restore" in err
    assert store.read_bytes() == b"garbage" * 1000
    code, out, _ = cli(demo, capsys, "backup", "restore")
    assert code == 0 and "kept as" in out
    assert sqlite3.connect(store).execute("SELECT count(*) FROM papers").fetchone()[0] == 210


def test_one_tag_rule_from_the_shell_imports_and_searches(
    demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`+"to read"`, a BibTeX keyword "to read" and `tag:"to read"` are one tag."""
    bib = tmp_path / "mine.bib"
    bib.write_text(
        "@article{k, title={A paper of mine}, year={2024}, keywords={to  read, Deep Learning}}\n",
        encoding="utf-8",
    )
    assert cli(demo, capsys, "import", str(bib))[0] == 0
    assert cli(demo, capsys, "tag", HEADGAS, "+to read")[0] == 0
    _, out, _ = cli(demo, capsys, "tags")
    assert [line.split() for line in out.splitlines()] == [
        ["2", "to-read"],
        ["1", "Deep-Learning"],
    ]
    for query in ('tag:"to read"', "tag:to-read", "tag:TO-READ"):
        code, out, _ = cli(demo, capsys, "search", "--json", query)
        found = {p["title"] for p in json.loads(out)}
        assert code == 0 and len(found) == 2 and "A paper of mine" in found, query
    code, out, _ = cli(demo, capsys, "search", "--json", 'tag:"deep learning"')
    assert [p["title"] for p in json.loads(out)] == ["A paper of mine"]


def test_a_note_saved_while_the_editor_was_open_is_not_overwritten(
    demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The "editor" saves another note through a second papertui, then writes its own text.
    editor = tmp_path / "slow-editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        f"printf 'theirs\\n' | {sys.executable} -m papertui --data-dir {demo} note {HEADGAS}\n"
        "printf 'mine\\n' > \"$1\"\n"
    )
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty())
    code, _, err = cli(demo, capsys, "note", HEADGAS)
    assert code == 1 and "saved elsewhere" in err and "nothing was saved" in err
    assert cli(demo, capsys, "note", HEADGAS, "--show")[1] == "theirs\n"
    kept = Path(err.split("Your text is in ")[1].split(":")[0])
    assert kept.read_text(encoding="utf-8") == "mine\n"
    assert kept.stat().st_mode & 0o777 == 0o600
