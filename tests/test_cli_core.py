"""The library-core CLI end to end: real files, a real library on disk in tmp_path."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from papertui import __version__
from papertui.cli.main import COMMANDS, build_parser, main

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"
ATOM_100 = FIXTURES / "arxiv-api" / "search-testing-100.xml"
ALL_SAMPLES = [
    DEMO,
    *sorted((FIXTURES / "arxiv-api").glob("*.xml")),
    FIXTURES / "hf-api" / "daily-papers-one-item.json",
    FIXTURES / "arxiv-snapshot" / "first-line.jsonl",
]


def cli(
    data_dir: Path, *args: str | Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def library_fingerprint(data_dir: Path) -> str:
    """A digest of every paper row and state row: equal digests mean an unchanged library."""
    store = data_dir / "library.sqlite3"
    if not store.exists():
        return "no library"
    conn = sqlite3.connect(store)
    digest = hashlib.sha256()
    for table in ("papers", "paper_state", "paper_tags", "paper_sources"):
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_import_demo_listing_gives_210_and_reimport_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(tmp_path, "import", "--no-index", DEMO, capsys=capsys)
    assert code == 0
    assert "210 added, 0 updated, 0 unchanged, 0 failed" in out
    before = library_fingerprint(tmp_path)
    code, out, _ = cli(tmp_path, "import", "--no-index", DEMO, capsys=capsys)
    assert "0 added, 0 updated, 210 unchanged" in out
    assert library_fingerprint(tmp_path) == before


def test_import_every_sample_gives_the_right_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = [p for p in ALL_SAMPLES if p.name != "error-bad-id.xml"]
    code, out, err = cli(tmp_path, "import", "--no-index", *samples, capsys=capsys)
    assert code == 0, err
    assert f"{ATOM_100}: 100 added" in out
    assert "search-testing-page6.xml: 0 added, 0 updated, 10 unchanged" in out  # a page of the 100
    code, out, _ = cli(tmp_path, "stats", "--json", capsys=capsys)
    stats = json.loads(out)
    # 210 listing + 100 search + astro-ph + quant-ph + 1 of two ids + HF item + snapshot line
    assert stats["papers"] == 315
    assert stats["by_source"]["hf-listing"] == 210
    assert stats["by_source"]["arxiv-api"] == 103
    counts_before = stats["papers"]
    code, out, _ = cli(tmp_path, "import", "--no-index", *samples, capsys=capsys)
    assert "total: 0 added, 0 updated" in out
    assert json.loads(cli(tmp_path, "stats", "--json", capsys=capsys)[1])["papers"] == counts_before


def test_show_accepts_any_id_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(tmp_path, "import", "--no-index", *ALL_SAMPLES[1:], capsys=capsys)
    for form in (
        "0704.0001",
        "arXiv:0704.0001v2",
        "https://arxiv.org/abs/0704.0001v1",
        "https://arxiv.org/pdf/0704.0001",
        "10.48550/arXiv.0704.0001",
    ):
        code, out, err = cli(tmp_path, "show", form, capsys=capsys)
        assert code == 0, (form, err)
        assert "Calculation of prompt diphoton production" in out
        assert "C. Balázs" in out  # TeX accent shown as Unicode
    code, out, _ = cli(tmp_path, "show", "astro-ph/0601001v1", capsys=capsys)
    assert code == 0 and "astro-ph/0601001" in out
    code, out, _ = cli(tmp_path, "show", "--json", "quant-ph/0201082", capsys=capsys)
    assert json.loads(out)["arxiv_version"] == 1


def test_show_unknown_id_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(tmp_path, "show", "2401.99999", capsys=capsys)
    assert code == 1
    assert err.strip().startswith("papertui: no paper with id '2401.99999'")
    assert len(err.strip().splitlines()) == 1


def test_show_never_prints_terminal_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "hostile.bib"
    hostile.write_text(
        "@misc{x, title = {Evil \x1b[2J\x1b]0;pwned\x07 title [bold]x[/]}, year = {2020}}\n"
    )
    cli(tmp_path, "import", "--no-index", hostile, capsys=capsys)
    conn = sqlite3.connect(tmp_path / "library.sqlite3")
    (stored_id,) = conn.execute("SELECT id FROM papers").fetchone()
    conn.close()
    code, out, _ = cli(tmp_path, "show", stored_id, capsys=capsys)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold]x[/]" in out


def write_bad_inputs(tmp_path: Path) -> dict[str, Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    files = {
        "unknown format": bad / "notes.txt",
        "truncated JSON": bad / "daily.json",
        "truncated XML": bad / "feed.xml",
        "non-UTF-8": bad / "latin1.jsonl",
        "empty file": bad / "empty.json",
        "directory": bad / "a-directory",
        "missing path": bad / "does-not-exist.bib",
        "record without a title": bad / "untitled.jsonl",
    }
    files["unknown format"].write_text("just some notes\nnothing to see\n")
    daily = (FIXTURES / "hf-api" / "daily-papers-one-item.json").read_text()
    files["truncated JSON"].write_text(daily[: len(daily) // 2])
    atom = ATOM_100.read_text()
    files["truncated XML"].write_text(atom[: len(atom) // 2])
    line = (FIXTURES / "arxiv-snapshot" / "first-line.jsonl").read_text().strip()
    record = json.loads(line)
    second = dict(record, id="0704.0002", title="Caf\u00e9 society")
    files["non-UTF-8"].write_bytes(
        (line + "\n").encode() + json.dumps(second, ensure_ascii=False).encode("latin-1") + b"\n"
    )
    files["empty file"].write_bytes(b"")
    files["directory"].mkdir()
    untitled = dict(record, id="0704.0003", title="")
    files["record without a title"].write_text(
        line + "\n" + json.dumps(untitled) + "\n" + json.dumps(dict(record, id="0704.0004")) + "\n"
    )
    return files


@pytest.mark.parametrize(
    "case",
    [
        "unknown format",
        "truncated JSON",
        "truncated XML",
        "non-UTF-8",
        "empty file",
        "directory",
        "missing path",
        "record without a title",
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    cli(data, "import", "--no-index", DEMO, capsys=capsys)
    before = library_fingerprint(data)
    path = write_bad_inputs(tmp_path)[case]
    code, _out, err = cli(data, "import", "--no-index", path, capsys=capsys)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0]
    if case in ("truncated XML", "non-UTF-8", "record without a title"):
        assert "line" in lines[0]
    assert library_fingerprint(data) == before


def test_skip_invalid_imports_good_records_and_lists_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_bad_inputs(tmp_path)["record without a title"]
    data = tmp_path / "data"
    code, out, err = cli(data, "import", "--no-index", "--skip-invalid", path, capsys=capsys)
    assert code == 0
    assert "2 added, 0 updated, 0 unchanged, 1 failed" in out
    assert f"{path}:line 2" in err


def test_snapshot_category_filter_and_gzip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((FIXTURES / "arxiv-snapshot" / "first-line.jsonl").read_text())
    lines = [
        json.dumps(dict(record, id=f"0704.{i:04d}", categories=cats))
        for i, cats in enumerate(["cs.LG stat.ML", "hep-ph", "cs.CV", "stat.ML cs.LG"], start=1)
    ]
    path = tmp_path / "snapshot.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    code, out, _ = cli(
        tmp_path / "d1", "import", "--no-index", "--category", "cs.LG", path, capsys=capsys
    )
    assert code == 0 and "2 added" in out
    code, out, _ = cli(
        tmp_path / "d2", "import", "--no-index", "--category", "cs", path, capsys=capsys
    )
    assert "3 added" in out


def test_version_and_help_on_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"papertui {__version__}"
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == set(COMMANDS)  # the lazy-loading table names every command
    for name, module in COMMANDS.items():
        only = build_parser(name)._subparsers._group_actions[0].choices  # type: ignore[union-attr]
        assert name in only and set(only) <= {n for n, m in COMMANDS.items() if m == module}
    for name in commands:
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"])
        assert exit_info.value.code == 0
        assert "usage: papertui" in capsys.readouterr().out


def test_data_dir_from_environment(isolated_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--no-index", str(DEMO)]) == 0
    capsys.readouterr()
    assert (isolated_dirs / "data" / "library.sqlite3").exists()
    main(["stats", "--json"])
    assert json.loads(capsys.readouterr().out)["data_dir"] == str(isolated_dirs / "data")


def test_kill_during_import_leaves_library_as_before(tmp_path: Path) -> None:
    record = json.loads((FIXTURES / "arxiv-snapshot" / "first-line.jsonl").read_text())
    big = tmp_path / "big.jsonl"
    with big.open("w") as out:
        for i in range(30_000):
            arxiv_id = f"{1001 + i % 1100:04d}.{i:05d}"
            paper = dict(record, id=arxiv_id, title=f"Paper number {i}", doi=None)
            out.write(json.dumps(paper) + "\n")
    data = tmp_path / "data"
    env = {**os.environ, "PAPERTUI_DATA_DIR": str(data)}
    subprocess.run(
        [sys.executable, "-m", "papertui", "import", "--no-index", str(DEMO)],
        env=env,
        check=True,
        capture_output=True,
    )
    before = library_fingerprint(data)
    # On a terminal the import reports each batch it has written inside its one
    # transaction; the kill comes once two batches are in, whatever the machine's speed.
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "papertui", "import", "--no-index", str(big)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    seen = 0
    shown = b""
    while seen < 4000:
        chunk = os.read(controller, 4096)
        assert chunk, f"the import ended before two batches were written: {shown[-300:]!r}"
        shown += chunk
        counts = re.findall(rb"big.jsonl (\d[\d,]*)", shown)
        seen = int(counts[-1].replace(b",", b"")) if counts else 0
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    os.close(controller)
    assert proc.returncode == -signal.SIGKILL
    assert library_fingerprint(data) == before
    conn = sqlite3.connect(data / "library.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 210
