"""Start the reader: resolve the library, build the app (Textual is imported lazily)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path


def launch_tui(data_dir: str | Path | None = None, demo: bool = False) -> int:
    """Run the reader until the user quits; return the process exit code."""
    from papertui.store import StoreError

    temp_dir: Path | None = None
    try:
        if demo:
            from papertui.demo import ensure_demo_library

            temp_dir = Path(tempfile.mkdtemp(prefix="papertui-demo-"))
            ensure_demo_library(temp_dir)
            data_dir = temp_dir
        from papertui.ui.app import make_app

        app = make_app(data_dir)
        try:
            result = app.run()
        finally:
            app.library.close()
        return int(result or 0)
    except StoreError as exc:
        print(f"papertui: {exc}", file=sys.stderr)
        return 1
    finally:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
