"""`papertui bib sync`: stable keys, the user's entries kept, hand edits refused, atomic."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from test_watch import FIRST, SECOND, bib, cli

USER_PART = '@string{jml = "J. Mach. Learn."}\n\n% my own\n@book{mine,\n  title = {Mine},\n}\n'


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "data"
    assert cli(data, capsys, "import", "--no-index", str(bib(tmp_path / "a.bib", *FIRST)))[0] == 0
    cli(data, capsys, "tag", FIRST[0][0], FIRST[1][0], "+thesis")
    return data


def keys_in(path: Path) -> dict[str, str]:
    """{key: title} of every entry, as bibtexparser (an independent parser) reads the file."""
    parsed = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    return {
        e.key: e.fields_dict["title"].value if "title" in e.fields_dict else ""
        for e in parsed.entries
    }


def test_keys_stay_when_metadata_changes(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    code, out, _ = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert (
        code == 0
        and out == f"{refs}: 2 entries from papertui (2 new, 0 removed); 0 of yours kept\n"
    )
    first = keys_in(refs)
    assert set(first) == {"perez2024diffusionmodelsimages", "diaz2024graphnetworks"}
    renamed = (FIRST[0][0], "Score models for images", "Zoe Adams")
    cli(data, capsys, "import", "--no-index", str(bib(tmp_path / "b.bib", renamed)))
    cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert keys_in(refs)["perez2024diffusionmodelsimages"] == "Score models for images"


def test_the_users_entries_are_kept_and_their_keys_avoided(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    theirs = USER_PART + "@misc{diaz2024graphnetworks, title = {My copy}}\n"
    refs.write_text(theirs, encoding="utf-8")
    code, out, _ = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert code == 0 and "2 of yours kept" in out
    text = refs.read_text(encoding="utf-8")
    assert text.startswith(theirs)
    assert set(keys_in(refs)) == {
        "mine", "diaz2024graphnetworks", "diaz2024graphnetworksa", "perez2024diffusionmodelsimages"
    }  # fmt: skip
    cli(data, capsys, "tag", FIRST[1][0], "-thesis")
    code, out, _ = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert "1 entries from papertui (0 new, 1 removed)" in out
    assert refs.read_text(encoding="utf-8").startswith(theirs)
    cli(data, capsys, "tag", FIRST[1][0], "+thesis")
    cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert "diaz2024graphnetworksa" in keys_in(refs)  # back with the key it had


def test_a_hand_edited_block_is_refused_then_forced(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    edited = refs.read_text(encoding="utf-8").replace("Graph networks", "Graph nets")
    refs.write_text(edited, encoding="utf-8")
    code, _, err = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert code == 1 and f"{refs}:2: the papertui block was edited by hand" in err
    assert refs.read_text(encoding="utf-8") == edited
    code, _, _ = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis", "--force")
    assert code == 0 and keys_in(refs)["diaz2024graphnetworks"] == "Graph networks"


def test_a_user_entry_taking_a_synced_key_is_refused(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    text = "@misc{diaz2024graphnetworks, title = {Mine now}}\n" + refs.read_text(encoding="utf-8")
    refs.write_text(text, encoding="utf-8")
    code, _, err = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis")
    assert code == 1 and f"{refs}:1: your entry 'diaz2024graphnetworks' uses the key" in err
    assert refs.read_text(encoding="utf-8") == text


def test_a_list_or_a_query_selects_the_papers(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli(data, capsys, "import", str(bib(tmp_path / "b.bib", *SECOND)))
    refs = tmp_path / "refs.bib"
    cli(data, capsys, "bib", "sync", str(refs), "--query", "diffusion")
    assert set(keys_in(refs)) == {"perez2024diffusionmodelsimages", "ng2024latentdiffusionaudio"}
    cli(data, capsys, "list", "create", "ch2")
    cli(data, capsys, "list", "add", "ch2", SECOND[2][0])
    cli(data, capsys, "bib", "sync", str(refs), "--list", "ch2")
    assert set(keys_in(refs)) == {"ro2024proteinfolding"}
    code, _, err = cli(data, capsys, "bib", "sync", str(refs), "--list", "nope")
    assert code == 1 and "no list named 'nope'" in err


def test_watch_rewrites_the_file_after_each_change(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wait for a change is replaced by making the change: the loop then syncs again."""
    from papertui.cli import bib_cmd
    from papertui.store import Library

    refs = tmp_path / "refs.bib"
    seen_by_sync: list[set[str]] = []
    changes = iter([(FIRST[1][0], "-thesis"), (FIRST[1][0], "+thesis")])

    def change_instead_of_waiting(library: Library, seen: int) -> int:
        seen_by_sync.append(set(keys_in(refs)))
        try:
            paper_id, tag = next(changes)
        except StopIteration:
            raise KeyboardInterrupt from None
        with Library(data / "library.sqlite3") as other:  # as another papertui would
            if tag.startswith("-"):
                other.change_tags([paper_id], add=[], remove=[tag[1:]])
            else:
                other.change_tags([paper_id], add=[tag[1:]], remove=[])
        assert library.change_seq() > seen
        return library.change_seq()

    monkeypatch.setattr(bib_cmd, "wait_for_change", change_instead_of_waiting)
    code, out, err = cli(data, capsys, "bib", "sync", str(refs), "--tag", "thesis", "--watch")
    assert code == 130 and "interrupted" in err
    both = {"perez2024diffusionmodelsimages", "diaz2024graphnetworks"}
    assert seen_by_sync == [both, {"perez2024diffusionmodelsimages"}, both]
    assert len(out.splitlines()) == 3
