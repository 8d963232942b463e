"""Where papertui keeps things: data (store + index), cache, config.

Each location can be overridden: the data directory with `--data-dir` or
`PAPERTUI_DATA_DIR`, the cache with `PAPERTUI_CACHE_DIR`, the config file with
`PAPERTUI_CONFIG`. Defaults come from platformdirs.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "papertui"


# platformdirs is imported only when a default is needed: `--data-dir` and the
# variables above spare a command its import (with tempfile and random).
def default_data_dir() -> Path:
    env = os.environ.get("PAPERTUI_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    env = os.environ.get("PAPERTUI_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)


def config_path() -> Path:
    env = os.environ.get("PAPERTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME) / "config.toml"


@dataclass(frozen=True)
class LibraryPaths:
    """The files of one library. The store is the truth; the index is derived."""

    data_dir: Path

    @classmethod
    def resolve(cls, override: str | Path | None = None) -> LibraryPaths:
        base = Path(override).expanduser() if override else default_data_dir()
        return cls(base.resolve())

    @property
    def store(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def index_dir(self) -> Path:
        """Beside the library; in the cache dir when the data dir cannot be written, so a
        read-only library still searches (the index is derived and can be built anywhere)."""
        if self.data_dir.is_dir() and not os.access(self.data_dir, os.W_OK):
            key = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:16]
            return cache_dir() / "read-only-libraries" / key / "index"
        return self.data_dir / "index"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
