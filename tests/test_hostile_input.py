"""Hostile or broken input: huge records, endless lines, deep nesting, bidi overrides.
Each is refused or made harmless with a clear message; nothing crashes or floods memory."""

from __future__ import annotations

import gzip
import io
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BuiltLibraries
from papertui.cli.main import main
from papertui.importers.base import capped_lines

FIRST = Path(__file__).parent / "fixtures" / "arxiv-snapshot" / "first-line.jsonl"
RECORD = json.loads(FIRST.read_text())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_huge_field_is_a_bad_record_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = dict(RECORD, id="0704.0002", title="Huge", abstract="w" * 2_000_000)
    source = write_jsonl(tmp_path / "huge.jsonl", [RECORD, huge])
    code, _, err = run(capsys, "import", "--no-index", str(source))
    assert code == 1
    assert "paper 0704.0002: abstract has 2,000,000 characters (at most 1,000,000)" in err
    assert "nothing imported" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "import", "--no-index", "--skip-invalid", str(source))
    assert code == 0 and "1 added" in out and "1 failed" in out
    assert "skipped" in err and "paper 0704.0002: abstract has 2,000,000 characters" in err


def test_an_endless_line_is_read_past_in_pieces() -> None:
    lines = [b"short\n", b"x" * 5000 + b"\n", b"y" * 3000, b""]
    packed = gzip.compress(b"".join(lines[:3]) + b"\nlast\n")
    stream = io.BufferedReader(gzip.GzipFile(fileobj=io.BytesIO(packed)))  # type: ignore[arg-type]
    assert list(capped_lines(stream, limit=1000)) == [b"short\n", 5001, 3001, b"last\n"]


def test_a_gzip_line_of_40_mb_is_skipped_with_memory_bounded(tmp_path: Path) -> None:
    source = tmp_path / "snapshot.jsonl.gz"
    with gzip.open(source, "wb", compresslevel=1) as out:
        out.write((json.dumps(RECORD) + "\n").encode())
        out.write(b'{"id": "0704.0003", "abstract": "' + b"a" * 40_000_000 + b'"}\n')
        out.write((json.dumps(dict(RECORD, id="0704.0004", title="After")) + "\n").encode())
    data = tmp_path / "data"
    baseline = subprocess.run(
        [sys.executable, "-m", "papertui", "--data-dir", str(data), "stats"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert baseline.returncode == 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(
        [sys.executable, "-m", "papertui", "--data-dir", str(data), "import", "--no-index",
         "--skip-invalid", str(source)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, the largest child
    assert proc.returncode == 0, proc.stderr
    assert "2 added" in proc.stdout
    assert "line 2: longer than 16 MB; not read" in proc.stderr
    assert peak - before < 40_000  # KiB: well under one copy of the line


@pytest.mark.parametrize("kind", ["hf-api", "state", "jsonl"])
def test_deeply_nested_json_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    nested = "[" * 200_000 + "]" * 200_000
    if kind == "jsonl":
        source = tmp_path / "nested.jsonl"
        source.write_text(json.dumps(RECORD) + "\n" + nested + "\n")
        code, _, err = run(capsys, "import", "--no-index", "--skip-invalid", str(source))
        assert code == 0 and "line 2: invalid JSON: nested too deeply" in err
        return
    source = tmp_path / "nested.json"
    source.write_text(nested)
    if kind == "state":
        code, _, err = run(capsys, "state", "import", str(source))
        assert "nested too deeply" in err
    else:
        code, _, err = run(capsys, "import", "--no-index", "--format", "hf-api", str(source))
        assert "invalid JSON: nested too deeply" in err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "internal error" not in err


def test_a_bibtex_error_is_one_line_naming_the_entry_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.bib"
    source.write_text("@misc{good, title={A}}\n\n@article{bad2020,\n  title = {X} year = 1\n}\n")
    code, _, err = run(capsys, "import", "--no-index", str(source))
    assert code == 1
    assert err.strip().splitlines() == [
        f"papertui: {source}:line 3: entry bad2020: expected `,` or `}}`, found `y` "
        "(nothing imported from this file)"
    ]


HOSTILE = "Evil \u202etxt.exe\u202c title \x9b31m and \x85 next"


def _import_hostile(data_dir: Path) -> None:
    record = dict(RECORD, title=HOSTILE, abstract=f"Abstract: {HOSTILE}")
    data_dir.mkdir()
    source = write_jsonl(data_dir / "hostile.jsonl", [record])
    assert main(["--data-dir", str(data_dir), "import", "--no-index", str(source)]) == 0
    source.unlink()  # not part of the library
    assert main(["--data-dir", str(data_dir), "tag", "0704.0001", "+\u202eevil"]) == 0


@pytest.fixture
def hostile(data_dir: Path, built_libraries: BuiltLibraries) -> str:
    """A library holding one hostile record, tagged (imported once per run, copied)."""
    built_libraries.copy("hostile", _import_hostile, data_dir)
    return "0704.0001"


@pytest.mark.parametrize(
    "command",
    [
        ["show", "{id}"], ["show", "--json", "{id}"], ["list"], ["tags"],
        ["search", "evil"], ["search", "--json", "evil"], ["stats", "--json"],
        ["cite", "{id}", "-f", "plain"], ["cite", "{id}", "-f", "csl-json"],
        ["cite", "{id}", "-f", "ris"], ["export", "-f", "json"], ["export", "-f", "csl-json"],
        ["export", "-f", "bibtex"], ["state", "export", "-"],
    ],
    ids=lambda c: " ".join(c),
)  # fmt: skip
def test_bidi_overrides_and_c1_controls_never_reach_the_output(
    hostile: str, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, _ = run(capsys, *(word.format(id=hostile) for word in command))
    assert code == 0
    for bad in ("\u202e", "\u202c", "\x9b", "\x85"):
        assert bad not in out, (command, bad)
    if "--json" in command or command[-1] in ("json", "csl-json", "-"):
        json.loads(out)  # still valid JSON ...
        if command[0] in ("show", "state") or command[-1] == "json":
            assert "\\u202e" in out  # ... with the text kept, escaped
