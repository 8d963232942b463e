"""User configuration (TOML, read-only) and UI preferences (JSON, saved atomically).

The config file lives at `papertui.paths.config_path()` (override with
`PAPERTUI_CONFIG`)::

    theme = "papertui"          # initial theme, if none was chosen in the app

    [cite]
    default = "bibtex"          # style for `y`: bibtex, biblatex, apa, mla, chicago,
                                # ris, csl-json, plain, markdown, arxiv-id, and the
                                # citation commands cite-latex, cite-pandoc, cite-key

    [reader]
    mark_read_after = 1.5       # seconds a paper is shown before it counts as read (0: never)

    [writing]
    bib = "~/thesis/refs.bib"   # copying cite-latex, cite-pandoc or cite-key in the reader
                                # adds the papers here, as `pick --bib` does (a relative
                                # path: from where papertui runs)

    [watch."diffusion"]         # a watch: a saved search (or author = "Ana Pérez")
    query = "diffusion cat:cs.LG"

    [keys]                      # binding id = key(s), comma separated
    "list.down" = "j,down,n"
    "app.quit" = "ctrl+q"

Preferences changed inside the app (the chosen theme, the last visit) are kept apart from the
hand-edited config, in `ui-state.json` beside it, written with temp file +
fsync + rename so a crash can never leave a half-written file.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papertui import atomic
from papertui.paths import config_path
from papertui.watch_config import Watch, parse_watches

PREFS_NAME = "ui-state.json"
DEFAULT_CITE = "bibtex"
DEFAULT_READ_AFTER = 1.5


@dataclass(frozen=True)
class Config:
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str = ""
    citation_style: str = DEFAULT_CITE  # [cite] default (a papertui.cite.FORMATS name)
    mark_read_after: float = DEFAULT_READ_AFTER  # [reader] seconds; 0 turns it off
    watches: tuple[Watch, ...] = ()  # [watch.NAME] tables (papertui.watch_config)
    writing_bib: Path | None = None  # [writing] bib: the .bib a copied citation command adds to
    problems: tuple[str, ...] = ()  # human-readable warnings found while loading


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives defaults, a broken one a warning."""
    path = path or config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(problems=(f"{path}: ignored ({exc})",))
    problems: list[str] = []
    keys = raw.get("keys", {})
    keymap: dict[str, str] = {}
    if isinstance(keys, dict):
        for binding_id, value in keys.items():
            if isinstance(value, list):
                value = ",".join(str(v) for v in value)
            if not (isinstance(value, str) and value.strip()):
                problems.append(f"[keys] {binding_id}: expected a key string")
            elif bad := [k for k in value.replace(" ", "").split(",") if not _is_key(k)]:
                problems.append(
                    f"[keys] {binding_id}: {bad[0]!r} is not a key (like j, ctrl+d, f5, "
                    "pagedown); its default keys are kept"
                )
            else:
                keymap[str(binding_id)] = value.replace(" ", "")
    else:
        problems.append("[keys] must be a table")
    problems += _unknown_settings(raw)
    return Config(
        keymap=keymap,
        theme=str(raw.get("theme") or ""),
        citation_style=_cite_style(raw, problems),
        mark_read_after=_read_after(raw, problems),
        watches=parse_watches(raw, problems),
        writing_bib=_writing_bib(raw, problems),
        problems=tuple(problems),
    )


_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_KEY_NAME = re.compile(r"[a-z0-9_]+|[^\sa-z0-9_+,]")  # a named key, or one character
# Every setting the config file knows, by section ("" = top level). [[feeds]] entries
# are checked by the fetch settings, [watch.NAME] tables by `watch_config`.
KNOWN_SETTINGS = {
    "": {"theme", "citation_style", "cite", "reader", "keys", "fetch", "feeds", "watch"}
    | {"reading", "writing"},
    "cite": {"default"},
    "writing": {"bib"},
    "reader": {"mark_read_after"},
    "fetch": {"hf_url", "arxiv_url", "timeout"},
    "reading": {"html_url", "ar5iv_url", "pdf_url", "pdf_viewer"},
}


def _is_key(key: str) -> bool:
    """Whether `key` reads as a key: modifiers joined by '+', then one key name."""
    *modifiers, name = key.lower().split("+")
    if key.endswith("+") and key != "+":
        return False
    return all(m in _MODIFIERS for m in modifiers) and bool(_KEY_NAME.fullmatch(name or "+"))


def _unknown_settings(raw: dict[str, Any]) -> list[str]:
    """One warning per setting papertui does not know (a typo would otherwise do nothing)."""
    unknown = [name for name in raw if name not in KNOWN_SETTINGS[""]]
    for section, names in KNOWN_SETTINGS.items():
        table = raw.get(section) if section else None
        if isinstance(table, dict):
            unknown += [f"{section}.{name}" for name in table if name not in names]
    return [f"unknown setting {name!r} (ignored)" for name in unknown]


def _section(raw: dict[str, Any], name: str, problems: list[str]) -> dict[str, Any]:
    section = raw.get(name, {})
    if isinstance(section, dict):
        return section
    problems.append(f"[{name}] must be a table")
    return {}


def _cite_style(raw: dict[str, Any], problems: list[str]) -> str:
    from papertui.cite import FORMATS
    from papertui.cite.commands import COMMANDS

    style = _section(raw, "cite", problems).get("default", raw.get("citation_style"))
    if style is None:
        return DEFAULT_CITE
    if isinstance(style, str) and style.strip().lower() in {**FORMATS, **COMMANDS}:
        return style.strip().lower()
    known = ", ".join([*FORMATS, *COMMANDS])
    problems.append(f"[cite] default: unknown style {style!r} (known: {known})")
    return DEFAULT_CITE


def _read_after(raw: dict[str, Any], problems: list[str]) -> float:
    value = _section(raw, "reader", problems).get("mark_read_after", DEFAULT_READ_AFTER)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    problems.append("[reader] mark_read_after: expected seconds (a number >= 0)")
    return DEFAULT_READ_AFTER


def _writing_bib(raw: dict[str, Any], problems: list[str]) -> Path | None:
    value = _section(raw, "writing", problems).get("bib")
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return Path(value.strip()).expanduser()
    problems.append("[writing] bib: expected the path of a .bib file")
    return None


def prefs_path() -> Path:
    return config_path().parent / PREFS_NAME


def load_prefs(path: Path | None = None) -> dict[str, Any]:
    path = path or prefs_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_prefs(prefs: dict[str, Any], path: Path | None = None) -> None:
    """Write `prefs` atomically: temp file in the same directory, fsync, rename."""
    atomic.write_text(path or prefs_path(), json.dumps(prefs, indent=2, sort_keys=True) + "\n")


def update_prefs(path: Path | None = None, **changes: Any) -> dict[str, Any]:
    prefs = {**load_prefs(path), **changes}
    save_prefs(prefs, path)
    return prefs
