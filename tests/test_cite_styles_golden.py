"""APA, MLA and Chicago text against the official CSL styles run by citeproc-js.

tests/golden/styles/items.json is papertui's CSL-JSON for the golden sample
(tests/cite_sample.py); {apa,mla,chicago}.json hold what citeproc-js made of it
with the official style files (each file names the style version). Where
papertui deliberately differs, the entry says so and why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cite_sample import load_sample
from papertui.cite import format_many
from papertui.models import Paper

GOLDEN = Path(__file__).parent / "golden" / "styles"


@pytest.fixture(scope="module")
def sample() -> list[Paper]:
    return load_sample()


def test_sample_is_large_enough(sample: list[Paper]) -> None:
    assert len(sample) >= 40


def test_csl_json_is_what_citeproc_was_given(sample: list[Paper]) -> None:
    expected = json.loads((GOLDEN / "items.json").read_text(encoding="utf-8"))
    assert json.loads(format_many(sample, "csl-json")) == expected


@pytest.mark.parametrize("style", ["apa", "mla", "chicago"])
def test_style_matches_citeproc(style: str, sample: list[Paper]) -> None:
    golden = json.loads((GOLDEN / f"{style}.json").read_text(encoding="utf-8"))
    assert golden["csl_updated"] and "citeproc-js" in golden["produced_by"]
    ids = [item["id"] for item in json.loads((GOLDEN / "items.json").read_text("utf-8"))]
    ours = dict(zip(ids, format_many(sample, style).split("\n"), strict=True))
    assert set(ours) == set(golden["entries"])
    deviations = [e for e in golden["entries"].values() if "papertui" in e]
    assert all(e["why"] for e in deviations) and len(deviations) <= 1
    for key, entry in golden["entries"].items():
        assert ours[key] == entry.get("papertui", entry["citeproc"]), key
