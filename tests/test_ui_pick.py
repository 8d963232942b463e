"""`papertui pick`: the picker app (Pilot, real store and index in tmp dirs) and what the
command prints and writes after it (the CLI's own `deliver`, the real .bib writer)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from rich.cells import cell_len

from papertui.cli.context import CliContext
from papertui.cli.main import main
from papertui.cli.pick_cmd import deliver
from papertui.models import Author, Paper
from papertui.paths import LibraryPaths
from papertui.picking import PickRow, PickSource, pick_query
from papertui.store import Library
from papertui.ui.pick.app import PickApp
from papertui.ui.pick.pick_list import PickList
from test_ui_support import HOSTILE_TITLE, isolated, make_library, paper, until  # noqa: F401

PEREZ = (Author("Ana Pérez"), Author("Bo Li"))
PAPERS = [
    paper(1, title="Diffusion models for images", authors=PEREZ, published="2023-05-01"),
    paper(2, title="Latent diffusion for audio", authors=(Author("Dee Ng"),),
          published="2024-02-01"),
    paper(3, title="Sparse graphs and their spectra", authors=(Author("Carl Diaz"),),
          published="2022-03-01"),
    paper(4, title=HOSTILE_TITLE, authors=(Author("[i]Eve[/i] Ro"),), published="2021-01-01"),
]  # fmt: skip


@pytest.fixture
def data(isolated: Path) -> Path:  # noqa: F811
    return make_library(isolated, PAPERS)


@pytest.fixture
def library(data: Path):  # type: ignore[no-untyped-def]
    with Library(LibraryPaths(data).store) as opened:
        yield opened


def picker(data: Path, library: Library, bib: Path | None = None, query: str = "") -> PickApp:
    source = PickSource(LibraryPaths(data), library, bib=bib)
    return PickApp(source, source.search(""), query=query)


def titles(app: PickApp) -> list[str]:
    return [row.title for row in app.query_one(PickList).rows]


def status(app: PickApp) -> str:
    return str(app.query_one("#status").render())


async def ready(app: PickApp, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the list shows the answer to `query` (the index opened, the search done)."""
    await until(pilot, lambda: app.source.index is not None, what="index")
    await until(pilot, lambda: f"“{query}”" in status(app), what=f"results of {query!r}")


async def test_typing_filters_and_enter_accepts_the_row_under_the_cursor(
    data: Path, library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    app = picker(data, library)
    async with app.run_test(size=(120, 20)) as pilot:
        assert titles(app)[0] == "Latent diffusion for audio"  # newest first, before typing
        await until(pilot, lambda: app.source.index is not None, what="index")
        await pilot.press(*"diffu")
        await ready(app, pilot, "diffu")
        assert sorted(titles(app)) == ["Diffusion models for images", "Latent diffusion for audio"]
        assert "2 matching “diffu”" in status(app)
        second = app.query_one(PickList).rows[1].id
        await pilot.press("down")
        row = app.query_one(PickList).rows[1]

        def key_shown() -> bool:  # (made in a worker: a store read and the title's TeX)
            key = app.source.known_key(row)
            return key is not None and f"· {key} ·" in status(app)

        await until(pilot, key_shown, what="the cursor's key")
        shown = status(app)
        await pilot.press("enter")
    assert app.return_value == [second]
    code, printed, _ = finish(data, app.return_value, capsys)
    assert code == 0 and f"· {printed.strip()} ·" in shown  # the key shown is the key printed


def test_rows_from_headings_equal_rows_from_whole_records(isolated: Path) -> None:  # noqa: F811
    papers = [
        *PAPERS,
        paper(5, title=r"Schr\"odinger {\em bridges} $\alpha$",
              authors=(Author(r"Paul Erd\H{o}s"),)),
        paper(6, title="No authors at all", authors=(), published=""),
        paper(7, authors=(Author("", family="Noether", given="Emmy"), Author("B"))),
    ]  # fmt: skip
    data = make_library(isolated, papers)
    with Library(LibraryPaths(data).store) as library:
        source = PickSource(LibraryPaths(data), library)
        ids = [p.id for p in reversed(papers)]
        rows = source.rows(list(library.headings(ids).values()))
        whole = library.get_many(ids)
        recent = source.recent(limit=len(papers))
        by_date = [whole[i] for i in sorted(ids, key=lambda i: (whole[i].published, i))][::-1]

    def expected(p: Paper) -> PickRow:
        first = p.authors[0].display_name if p.authors else ""
        authors = f"{first} et al." if len(p.authors) > 1 else first
        return PickRow(p.id, p.display_title, authors, str(p.year or ""), "")

    assert sorted(rows, key=lambda r: r.id) == [expected(whole[i]) for i in sorted(ids)]
    assert recent == [expected(p) for p in by_date]
    assert any("Erdős" in r.authors and "Schrödinger" in r.title for r in rows)
    assert any(r.authors == "Emmy Noether et al." for r in rows)


async def test_every_line_between_the_query_and_the_status_lists_a_row(
    isolated: Path,  # noqa: F811
) -> None:
    data = make_library(isolated, [paper(n) for n in range(1, 13)])
    with Library(LibraryPaths(data).store) as library:
        app = picker(data, library)
        async with app.run_test(size=(100, 8)) as pilot:  # 6 lines for 12 rows: a vertical bar
            await until(pilot, lambda: app.source.index is not None, what="index")
            await until(pilot, lambda: "opening" not in status(app), what="the rows listed")
            await pilot.pause()
            rows = app.query_one(PickList)
            assert rows.show_vertical_scrollbar and not rows.show_horizontal_scrollbar
            assert rows.scrollable_content_region.height == 6


async def test_tab_marks_several_in_order_and_esc_cancels(data: Path, library: Library) -> None:
    app = picker(data, library, query="spectra")
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(app, pilot, "spectra")
        assert titles(app) == ["Sparse graphs and their spectra"]
        await pilot.press("tab")  # marked; the cursor stays on the last row
        await pilot.press(*" sparse")
        await pilot.press("backspace", "ctrl+u")
        await pilot.press(*"diffusion")
        await ready(app, pilot, "diffusion")
        await pilot.press("down", "tab", "up", "tab", "up", "tab")  # mark, mark, then unmark
        marks = app.query_one(PickList).marked
        assert "3 marked" not in status(app) and "2 marked" in status(app)
        chosen = list(marks)
        await pilot.press("enter")
    assert app.return_value == chosen and chosen[0] == "2401.00003" and len(chosen) == 2

    app = picker(data, library)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.press("tab", "escape")
    assert app.return_value is None


async def test_a_bare_year_filters_by_year_and_a_key_finds_its_entry(
    data: Path, library: Library, tmp_path: Path
) -> None:
    assert pick_query("perez 2023 diff") == "perez year:2023 diff"
    assert pick_query('"in 2023"') == '"in 2023"'
    app = picker(data, library, query="diffusion 2024")
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(app, pilot, "diffusion 2024")
        assert titles(app) == ["Latent diffusion for audio"]

    refs = tmp_path / "refs.bib"
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    app = picker(data, library, bib=refs, query="diaz2022")
    async with app.run_test(size=(120, 20)) as pilot:
        await ready(app, pilot, "diaz2022")
        assert titles(app)[0] == "Sparse graphs and their spectra"


async def test_untrusted_text_stays_text(data: Path, library: Library) -> None:
    app = picker(data, library, query="pwned")
    async with app.run_test(size=(160, 20)) as pilot:
        await ready(app, pilot, "pwned")
        await pilot.pause()
        line = app.query_one(PickList).render_line(0).text
    assert "[bold red]Pwned[/]" in line and "[i]Eve[/i] Ro" in line
    assert "\x1b" not in line and "\x07" not in line and "\r" not in line


WIDE_ROWS = [
    PickRow("2401.00011", "深層学習による画像生成の研究について詳しく述べる論文",
            "山田 太郎 et al.", "2024", "yamada2024深層学習"),
    PickRow("2401.00012", "Rockets 🚀🚀 and ﬁ ligatures", "Zoë Ångström", "2023", "zoe2023rockets"),
    PickRow("2401.00013", "Cafe\u0301 and nai\u0308ve: combining accents", "Ana Pe\u0301rez",
            "", ""),
    PickRow("2401.00014", "Short", "", "2020", "short2020"),
]  # fmt: skip


@pytest.mark.parametrize("width", [40, 100, 140])
async def test_rows_of_wide_and_combining_characters_fill_the_line_exactly(
    data: Path, library: Library, width: int
) -> None:
    app = picker(data, library, query="zzzz")
    async with app.run_test(size=(width, 10)) as pilot:
        await ready(app, pilot, "zzzz")  # (no search answers after the rows below)
        rows = app.query_one(PickList)
        rows.show(WIDE_ROWS)
        rows.move(1)  # the cursor's row is painted in another style
        await pilot.pause()
        inner = rows.scrollable_content_region.width
        for y, row in enumerate(WIDE_ROWS):
            text = rows.render_line(y).text
            assert cell_len(text) == inner, (y, text)  # measured anew, not the strip's own count
            assert text.startswith("  " + row.title[:3])
        if width >= 110:  # (the key's column)
            assert "yamada2024深層" in rows.render_line(0).text


def args(fmt: str = "key", bib: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(format=fmt, bib=bib, query=[])


def finish(
    data: Path, chosen: list[str] | None, capsys: pytest.CaptureFixture[str], **kw: object
) -> tuple[int, str, str]:
    """What `papertui pick` does once the picker returned `chosen`."""
    ctx = CliContext(LibraryPaths(data))
    try:
        source = PickSource(ctx.paths, ctx.library(), bib=kw.get("bib"))  # type: ignore[arg-type]
        code = deliver(args(**kw), ctx, source, chosen)  # type: ignore[arg-type]
    finally:
        ctx.close()
    out = capsys.readouterr()
    return code, out.out, out.err


CHOSEN = ["2401.00002", "2401.00001"]


@pytest.mark.parametrize(
    ("fmt", "printed"),
    [
        ("key", "ng2024latentdiffusionaudio,perez2023diffusionmodelsimages\n"),
        ("latex", "\\cite{ng2024latentdiffusionaudio,perez2023diffusionmodelsimages}\n"),
        ("pandoc", "[@ng2024latentdiffusionaudio; @perez2023diffusionmodelsimages]\n"),
        ("markdown", "[@ng2024latentdiffusionaudio; @perez2023diffusionmodelsimages]\n"),
    ],
)
def test_formats(data: Path, capsys: pytest.CaptureFixture[str], fmt: str, printed: str) -> None:
    assert finish(data, CHOSEN, capsys, fmt=fmt) == (0, printed, "")


def test_bibtex_format_prints_entries_an_independent_parser_reads(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = finish(data, CHOSEN, capsys, fmt="bibtex")
    parsed = bibtexparser.parse_string(out)
    assert code == 0 and not parsed.failed_blocks
    assert [e.key for e in parsed.entries] == [
        "ng2024latentdiffusionaudio",
        "perez2023diffusionmodelsimages",
    ]


def test_cancel_prints_nothing(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert finish(data, None, capsys) == (1, "", "")


def test_bib_adds_the_chosen_entries_and_keeps_their_keys(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    refs.write_text("@book{mine,\n  title = {Mine},\n}\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    capsys.readouterr()
    code, out, err = finish(data, ["2401.00001"], capsys, fmt="latex", bib=refs)
    assert (code, out) == (0, "\\cite{perez2023diffusionmodelsimages}\n")
    assert f"{refs}: 1 chosen, 1 added; 2 entries from papertui" in err
    assert set(keys_in(refs)) == {"mine", "diaz2022sparsegraphsspectra",
                                  "perez2023diffusionmodelsimages"}  # fmt: skip

    # The paper's metadata changes: its key in refs.bib does not.
    with Library(LibraryPaths(data).store) as library:
        library.import_papers([PAPERS[0].with_changes(title="Score models", authors=(
            Author("Zoe Adams"),))])  # fmt: skip
    code, out, err = finish(data, ["2401.00001"], capsys, fmt="key", bib=refs)
    assert (code, out) == (0, "perez2023diffusionmodelsimages\n") and "all there already" in err
    # A later sync of another selection keeps the picked entry.
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "audio"]) == 0
    assert "1 of them added by papertui pick" in capsys.readouterr().out
    assert set(keys_in(refs)) == {"mine", "ng2024latentdiffusionaudio",
                                  "perez2023diffusionmodelsimages"}  # fmt: skip
    assert keys_in(refs)["perez2023diffusionmodelsimages"] == "Score models"


def keys_in(path: Path) -> dict[str, str]:
    parsed = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    return {e.key: e.fields_dict["title"].value for e in parsed.entries}


def test_an_empty_library_is_said_before_any_screen(
    isolated: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--data-dir", str(isolated), "pick"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "the library is empty: nothing to pick" in out.err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\xff\xfe not text", "not UTF-8 text"),
        (b"% papertui: begin synced entries\n@misc{a,}\n", "lines 1: papertui's begin/end"),
    ],
)
def test_a_bad_bib_is_refused_before_any_screen(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    refs = tmp_path / "refs.bib"
    refs.write_bytes(content)
    assert main(["--data-dir", str(data), "pick", "--bib", str(refs)]) == 1
    out = capsys.readouterr()
    assert out.out == "" and f"{refs}" in out.err and said in out.err
    assert refs.read_bytes() == content


def test_a_hand_edited_block_is_refused_before_any_screen(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    edited = refs.read_text(encoding="utf-8").replace("Sparse", "Dense")
    refs.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "pick", "--bib", str(refs)]) == 1
    assert "edited by hand" in capsys.readouterr().err
    assert refs.read_text(encoding="utf-8") == edited


def test_without_a_terminal_it_says_how_to_run_it(data: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "papertui", "--data-dir", str(data), "pick"],
        capture_output=True,
        text=True,
        start_new_session=True,  # no controlling terminal, as from a GUI editor
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "pick needs a terminal to draw on (/dev/tty:" in done.stderr
    assert "tmux display-popup -E" in done.stderr


def test_entries_added_to_a_biblatex_block_are_biblatex(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    args_sync = ["bib", "sync", str(refs), "--query", "sparse", "--format", "biblatex"]
    assert main(["--data-dir", str(data), *args_sync]) == 0
    assert finish(data, ["2401.00001"], capsys, bib=refs)[0] == 0
    text = refs.read_text(encoding="utf-8")
    assert "@online{perez2023diffusionmodelsimages," in text and "@misc{" not in text
    assert "% papertui: picked 2401.00001\n" in text


def test_a_bib_in_a_missing_directory_is_refused_before_any_screen(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "no" / "refs.bib"
    assert main(["--data-dir", str(data), "pick", "--bib", str(refs)]) == 1
    assert f"{refs}: the directory {refs.parent} does not exist" in capsys.readouterr().err


def test_a_picked_entry_is_dropped_by_deleting_its_line_and_forcing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    assert finish(data, ["2401.00001"], capsys, bib=refs)[0] == 0
    text = refs.read_text(encoding="utf-8")
    start = text.index("@misc{perez2023")
    entry = text[start : text.index("\n}\n", start) + 3]
    refs.write_text(text.replace("% papertui: picked 2401.00001\n", "").replace(entry, ""))
    sync = ["bib", "sync", str(refs), "--query", "sparse", "--force"]
    assert main(["--data-dir", str(data), *sync]) == 0
    assert set(keys_in(refs)) == {"diaz2022sparsegraphsspectra"}


def test_without_bib_a_paper_keeps_the_key_a_synced_file_gave_it(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    assert main(["--data-dir", str(data), "bib", "sync", str(refs), "--query", "sparse"]) == 0
    with Library(LibraryPaths(data).store) as library:
        library.import_papers([PAPERS[2].with_changes(title="Dense graphs")])
    capsys.readouterr()
    assert finish(data, ["2401.00003", "2401.00002"], capsys) == (
        0, "diaz2022sparsegraphsspectra,ng2024latentdiffusionaudio\n", "")  # fmt: skip
