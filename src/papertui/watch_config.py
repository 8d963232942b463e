"""Watches in the config file: named saved searches and watched authors.

    [watch."diffusion"]
    query = "diffusion cat:cs.LG"

    [watch."ana"]
    author = "Ana Pérez"

`papertui watch add` appends such a table to the config file and `watch remove`
deletes it; the rest of the file (comments, other tables) is kept byte for byte.
Both write the file atomically.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papertui import atomic
from papertui.paths import config_path


class WatchConfigError(ValueError):
    """The config file cannot be changed as asked (a clear, user-facing reason)."""


@dataclass(frozen=True)
class Watch:
    name: str
    query: str = ""  # a query of the query language
    author: str = ""  # a watched author (a phrase in the author field)

    @property
    def key(self) -> str:
        return watch_key(self.name)

    @property
    def search_query(self) -> str:
        if self.author:
            return 'author:"' + self.author.replace('"', " ") + '"'
        return self.query

    @property
    def describe(self) -> str:
        return f"author {self.author}" if self.author else self.query


def watch_key(name: str) -> str:
    """Names compare case-insensitively, with inner whitespace collapsed."""
    return " ".join(name.split()).casefold()


def parse_watches(raw: dict[str, Any], problems: list[str]) -> tuple[Watch, ...]:
    """The `[watch.NAME]` tables of a parsed config file; bad ones become `problems`."""
    section = raw.get("watch", {})
    if not isinstance(section, dict):
        problems.append("[watch] must be a table of [watch.NAME] tables")
        return ()
    watches: dict[str, Watch] = {}
    for name, table in section.items():
        label = f"[watch.{json.dumps(name, ensure_ascii=False)}]"
        if not isinstance(table, dict):
            problems.append(f"{label}: expected a table with query = or author =")
            continue
        query, author = table.get("query", ""), table.get("author", "")
        if not isinstance(query, str) or not isinstance(author, str):
            problems.append(f"{label}: query and author must be strings")
            continue
        if bool(query.strip()) == bool(author.strip()):
            problems.append(f"{label}: give exactly one of query = or author =")
            continue
        if not watch_key(name):
            problems.append(f"{label}: the name is empty")
            continue
        watches[watch_key(name)] = Watch(name.strip(), query.strip(), author.strip())
    return tuple(watches.values())


def add_watch(watch: Watch, path: Path | None = None) -> None:
    """Append `watch` to the config file; refuse a name already watched."""
    path = path or config_path()
    text, raw = _read(path)
    if any(w.key == watch.key for w in parse_watches(raw, [])):
        raise WatchConfigError(f"{path}: a watch named {watch.name!r} exists already")
    field, value = ("author", watch.author) if watch.author else ("query", watch.query)
    block = f"[watch.{_toml_string(watch.name)}]\n{field} = {_toml_string(value)}\n"
    separator = "\n" if text.endswith("\n") else "\n\n"
    if not text or text.endswith("\n\n"):
        separator = ""
    atomic.write_text(path, text + separator + block)


def remove_watch(name: str, path: Path | None = None) -> Watch:
    """Delete the `[watch.NAME]` table (and its lines up to the next table header)."""
    path = path or config_path()
    text, raw = _read(path)
    found = [w for w in parse_watches(raw, []) if w.key == watch_key(name)]
    if not found:
        raise WatchConfigError(f"{path}: no watch named {name!r}")
    kept: list[str] = []
    removing = False
    for line in text.splitlines(keepends=True):
        header = _table_header(line)
        if header is not None:
            removing = (
                len(header) == 2 and header[0] == "watch" and watch_key(header[1]) == found[0].key
            )
        if not removing:
            kept.append(line)
    new_text = "".join(kept)
    if any(w.key == found[0].key for w in parse_watches(tomllib.loads(new_text), [])):
        raise WatchConfigError(
            f"{path}: the watch {name!r} is not written as a [watch.NAME] table "
            "(an inline table?); remove it by hand"
        )
    atomic.write_text(path, new_text)
    return found[0]


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", {}
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WatchConfigError(f"{path}: not valid TOML ({exc}); fix it first") from None


def _table_header(line: str) -> list[str] | None:
    """The key path of a `[a."b"]` header line, or None for any other line."""
    stripped = line.strip()
    if stripped.startswith("[["):
        return []  # an array of tables (e.g. [[feeds]]): a header, never a watch
    if not stripped.startswith("["):
        return None
    try:
        parsed: Any = tomllib.loads(stripped)
    except tomllib.TOMLDecodeError:
        return None
    keys: list[str] = []
    while isinstance(parsed, dict) and len(parsed) == 1:
        key, parsed = next(iter(parsed.items()))
        keys.append(key)
    return keys


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)
