"""Nothing outside `papertui.ui` imports Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import papertui
names = [m.name for m in pkgutil.walk_packages(papertui.__path__, "papertui.")
         if not m.name.startswith("papertui.ui") and m.name not in ("papertui.__main__",)]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(names), leaked[:3])
sys.exit(1 if leaked else 0)
"""


def test_core_modules_do_not_import_textual() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = int(result.stdout.split()[0])
    assert imported > 40  # every core module was really imported
