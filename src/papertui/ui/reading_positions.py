"""Where the user was in each paper: `<data>/reading_positions.json`, {arXiv id: block}.

Blocking file access: call from a worker thread. A missing or damaged file is no
position (the paper opens at its top); a position is a block index, so it holds
at any terminal width.
"""

from __future__ import annotations

import json
from pathlib import Path

from papertui import atomic

FILE_NAME = "reading_positions.json"


class ReadingPositions:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    def _read(self) -> dict[str, int]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {k: v for k, v in raw.items() if isinstance(k, str) and type(v) is int}

    def get(self, arxiv_id: str) -> int:
        """The block the paper was left at (-1: none)."""
        return self._read().get(arxiv_id, -1)

    def put(self, arxiv_id: str, block: int) -> None:
        positions = self._read()
        if positions.get(arxiv_id, -1) == block:
            return
        positions[arxiv_id] = block
        atomic.write_text(self.path, json.dumps(positions, indent=0), durable=False)
