"""Shared fixtures: every test gets its own data, config and cache directories."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_LISTING = Path(__file__).parents[1] / "src" / "papertui" / "demo" / "hf-papers-listing.txt"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point papertui's data/config/cache at tmp_path so no test touches the user's files."""
    home = tmp_path / "papertui-home"
    monkeypatch.setenv("PAPERTUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("PAPERTUI_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("PAPERTUI_CACHE_DIR", str(home / "cache"))
    return home


@pytest.fixture
def data_dir(isolated_dirs: Path) -> Path:
    return isolated_dirs / "data"
