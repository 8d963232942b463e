"""Fetch settings: server base URLs, timeout and saved feeds, from the config file and env.

In the config file (`papertui.paths.config_path()`, TOML)::

    [fetch]
    hf_url = "https://huggingface.co"                 # env PAPERTUI_HF_URL wins
    arxiv_url = "https://export.arxiv.org/api/query"  # env PAPERTUI_ARXIV_URL wins
    timeout = 20                                      # seconds per connect/read
    allow_hosts = ["mirror.example.org"]              # other hosts links/redirects may reach

    [[feeds]]                                         # `papertui fetch` refreshes these
    name = "daily"
    source = "hf"                                     # optional: sort, search

    [[feeds]]
    name = "cs.LG new"
    source = "arxiv"                                  # query, category, new, ids, max
    category = "cs.LG"
    new = true
    max = 200

Without any `[[feeds]]` the one default feed is today's Hugging Face list.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papertui.paths import config_path

DEFAULT_HF_URL = "https://huggingface.co"
DEFAULT_ARXIV_URL = "https://export.arxiv.org/api/query"
DEFAULT_TIMEOUT = 20.0
DEFAULT_ARXIV_MAX = 100
HF_SORTS = ("trending", "publishedAt")

_FEED_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "hf": {"sort": str, "search": str},
    "arxiv": {"query": str, "category": str, "new": bool, "ids": list, "max": int},
}


@dataclass(frozen=True)
class Feed:
    """A saved fetch. `source` is "hf" or "arxiv"; the other fields apply to one of them."""

    name: str
    source: str
    sort: str = ""  # hf
    search: str = ""  # hf
    query: str = ""  # arxiv
    category: str = ""  # arxiv
    new: bool = False  # arxiv
    ids: tuple[str, ...] = ()  # arxiv
    max: int = DEFAULT_ARXIV_MAX  # arxiv
    problem: str = ""  # set when the config entry is invalid: refreshing it fails with this


DEFAULT_FEEDS = (Feed(name="daily", source="hf"),)


@dataclass(frozen=True)
class FetchSettings:
    hf_url: str = DEFAULT_HF_URL
    arxiv_url: str = DEFAULT_ARXIV_URL
    timeout: float = DEFAULT_TIMEOUT
    feeds: tuple[Feed, ...] = DEFAULT_FEEDS
    allow_hosts: tuple[str, ...] = ()  # besides the hosts of hf_url and arxiv_url
    problems: tuple[str, ...] = field(default=())  # config warnings, one line each


def _parse_feed(number: int, raw: Any) -> Feed:
    where = f"[[feeds]] #{number}"
    if not isinstance(raw, dict):
        return Feed(name=where, source="?", problem=f"{where}: expected a table")
    name = raw.get("name")
    name = name.strip() if isinstance(name, str) and name.strip() else where
    source = raw.get("source")
    if source not in _FEED_KEYS:
        return Feed(name=name, source=str(source), problem=f"{where}: source must be hf or arxiv")
    allowed = _FEED_KEYS[source]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("name", "source"):
            continue
        kind = allowed.get(key)
        if kind is None:
            return Feed(name, source, problem=f"{where}: unknown key {key!r} for {source}")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return Feed(name, source, problem=f"{where}: {key} has the wrong type")
        values[key] = value
    if "ids" in values:
        values["ids"] = tuple(str(i) for i in values["ids"])
    feed = Feed(name=name, source=source, **values)
    if source == "hf" and feed.sort and feed.sort not in HF_SORTS:
        return Feed(name, source, problem=f"{where}: sort must be one of {', '.join(HF_SORTS)}")
    if source == "arxiv" and not (feed.query or feed.category or feed.ids):
        return Feed(name, source, problem=f"{where}: needs query, category or ids")
    if source == "arxiv" and feed.max < 1:
        return Feed(name, source, problem=f"{where}: max must be at least 1")
    return feed


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> FetchSettings:
    """Settings from the config file (missing file: defaults) with env overrides."""
    path = path or config_path()
    env = os.environ if env is None else env
    problems: list[str] = []
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raw = {}
        problems.append(f"{path}: ignored ({' '.join(str(exc).split())})")
    section = raw.get("fetch", {})
    if not isinstance(section, dict):
        problems.append("[fetch] must be a table")
        section = {}
    hf_url = env.get("PAPERTUI_HF_URL") or _string(section, "hf_url", DEFAULT_HF_URL, problems)
    arxiv_url = env.get("PAPERTUI_ARXIV_URL") or _string(
        section, "arxiv_url", DEFAULT_ARXIV_URL, problems
    )
    timeout = section.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        problems.append("[fetch] timeout must be a positive number of seconds")
        timeout = DEFAULT_TIMEOUT
    allow_hosts = section.get("allow_hosts", [])
    if not isinstance(allow_hosts, list) or not all(isinstance(h, str) for h in allow_hosts):
        problems.append("[fetch] allow_hosts must be a list of host names")
        allow_hosts = []
    feeds = DEFAULT_FEEDS
    if "feeds" in raw:
        entries = raw["feeds"] if isinstance(raw["feeds"], list) else [raw["feeds"]]
        feeds = tuple(_parse_feed(n, entry) for n, entry in enumerate(entries, start=1))
    return FetchSettings(
        hf_url=hf_url.rstrip("/"),
        arxiv_url=arxiv_url,
        timeout=float(timeout),
        feeds=feeds,
        allow_hosts=tuple(allow_hosts),
        problems=tuple(problems),
    )


def _string(section: dict[str, Any], key: str, default: str, problems: list[str]) -> str:
    value = section.get(key, default)
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(f"[fetch] {key} must be a non-empty string")
    return default
