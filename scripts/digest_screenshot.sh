#!/usr/bin/env bash
# Regenerate screenshots/digest.png: a digest of the demo listing, rendered by headless
# Chromium (Debian: apt-get install -y chromium). Two watches are added to an empty
# library, so every demo paper they match is new to them; the top section holds the
# Hugging Face item of tests/fixtures/hf-api.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PAPERTUI_DATA_DIR="$work/data" PAPERTUI_CONFIG="$work/config.toml" PAPERTUI_CACHE_DIR="$work/cache"
papertui watch add "gaussian splatting" '"gaussian splatting"' >/dev/null
papertui watch add "diffusion" 'diffusion cat:cs.CV OR "diffusion model"' >/dev/null
papertui import src/papertui/demo/hf-papers-listing.txt tests/fixtures/hf-api/daily-papers-one-item.json >/dev/null
papertui digest --format html --per-watch 2 --top 1 -o "$work/digest.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=900,1220 --screenshot="$PWD/screenshots/digest.png" "file://$work/digest.html" \
    2>/dev/null
echo "wrote screenshots/digest.png"
