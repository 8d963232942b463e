"""Export and merge the user's own state (bookmarks, tags, notes, read) as JSON.

Format, version 1 (documented in the README):

    {"format": "papertui-state", "version": 1, "exported_at": "<ISO time>",
     "papers": [{"id": "2401.12345", "title": "<for humans only>",
                 "bookmarked_at": "<ISO or ''>", "read_at": "<ISO or ''>",
                 "tags": ["Survey", "to-read"],
                 "note": "...", "note_updated_at": "<ISO or ''>"}]}

Merging is lossless: tags are united, a paper is bookmarked/read if either side
says so (earliest time kept), and the note with the later `note_updated_at`
wins. State for papers the library does not have is kept and attaches when the
paper is imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from papertui.models import PaperState
from papertui.output_file import write_output
from papertui.sanitize import json_text
from papertui.store import Library
from papertui.store.user_state import merge_imported, now_iso

FORMAT = "papertui-state"
VERSION = 1


class StateFileError(Exception):
    """The state file cannot be read; nothing was changed."""


@dataclass
class MergeReport:
    papers: int = 0
    changed: int = 0
    pending: int = 0  # state for papers not in the library (yet)


def export_state(
    library: Library, target: str | Path, *, force: bool = False, stdout: TextIO | None = None
) -> int:
    """Write the state file (private: notes; see `output_file` for `-`, --force, FIFOs)."""
    ids = library.state_ids()
    states = library.states_for(ids)
    papers = library.get_many(ids)
    entries = []
    for paper_id in ids:
        state = states[paper_id]
        paper = papers.get(paper_id)
        entries.append(
            {
                "id": paper_id,
                "title": paper.display_title if paper else "",
                **state.to_dict(),
            }
        )
    document = {"format": FORMAT, "version": VERSION, "exported_at": now_iso(), "papers": entries}
    text = json_text(document, indent=1) + "\n"
    write_output(target, lambda fh: fh.write(text), force=force, private=True, stdout=stdout)
    return len(entries)


def _read_document(path: Path) -> list[dict[str, Any]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise StateFileError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise StateFileError(f"{path}: a directory, not a state file") from exc
    except OSError as exc:
        raise StateFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateFileError(f"{path}: not a papertui state file ({exc})") from exc
    except RecursionError:
        raise StateFileError(f"{path}: not a papertui state file (nested too deeply)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StateFileError(f'{path}: not a papertui state file (no "format": "{FORMAT}")')
    if not isinstance(document.get("version"), int) or document["version"] > VERSION:
        raise StateFileError(
            f"{path}: state format version {document.get('version')!r} is newer than this "
            f"papertui understands ({VERSION})"
        )
    entries = document.get("papers")
    if not isinstance(entries, list):
        raise StateFileError(f'{path}: "papers" must be a list')
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            raise StateFileError(f'{path}: record {number}: needs an "id"')
        if not isinstance(entry.get("tags", []), list):
            raise StateFileError(f"{path}: record {number} ({entry['id']}): tags must be a list")
    return entries


def merge_state(current: PaperState | None, entry: dict[str, Any]) -> PaperState:
    incoming = PaperState(
        paper_id=current.paper_id if current else entry["id"],
        tags=tuple(str(t) for t in entry.get("tags", [])),
        bookmarked_at=str(entry.get("bookmarked_at") or ""),
        read_at=str(entry.get("read_at") or ""),
        note=str(entry.get("note") or ""),
        note_updated_at=str(entry.get("note_updated_at") or ""),
    )
    return merge_imported(current, incoming)


def import_state(library: Library, path: Path) -> MergeReport:
    """Merge a state file into the library in one transaction (all or nothing)."""
    entries = _read_document(path)
    report = MergeReport(papers=len(entries))
    current_ids = library.canonical_ids(e["id"] for e in entries)  # ids before a merge
    entries = [{**e, "id": current_ids[e["id"]]} for e in entries]
    ids = [e["id"] for e in entries]
    present = set(library.nums_for_ids(ids))

    def compute(current: dict[str, PaperState]) -> dict[str, PaperState | None]:
        updated: dict[str, PaperState | None] = {}
        for entry in entries:
            before = current.get(entry["id"])
            merged = merge_state(before, entry)
            if merged != before:
                updated[entry["id"]] = merged
                current[entry["id"]] = merged
        return updated

    report.changed = library.update_states(ids, compute)
    report.pending = sum(1 for i in ids if i not in present)
    return report
