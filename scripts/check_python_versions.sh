#!/usr/bin/env bash
# Import every papertui module on each other Python found (3.12, 3.13), compiling
# from scratch with SyntaxWarning as an error (the 2016 Whoosh release fails this).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for minor in 3.12 3.13; do
  py=""
  for candidate in "python$minor" /root/.pyenv/versions/"$minor".*/bin/python /usr/bin/python"$minor"; do
    if [ -x "$(command -v "$candidate" 2>/dev/null || true)" ] && "$candidate" -c "" 2>/dev/null; then
      py=$candidate; break
    fi
  done
  if [ -z "$py" ]; then echo "python$minor: not installed here, skipped"; continue; fi
  venv=$(mktemp -d)
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet . 2>&1 | grep -v "is ignored" || true
  if PYTHONPYCACHEPREFIX=$(mktemp -d) "$venv/bin/python" -W error::SyntaxWarning -c "
import importlib, pkgutil, papertui
for m in pkgutil.walk_packages(papertui.__path__, 'papertui.'):
    if m.name.endswith('__main__'): continue
    importlib.import_module(m.name)
import whoosh.qparser, whoosh.highlight, whoosh.spelling, whoosh.sorting, whoosh.filedb.filestore
print('$minor: every papertui module imports cleanly')"; then :; else status=1; fi
  rm -rf "$venv"
done
exit $status
