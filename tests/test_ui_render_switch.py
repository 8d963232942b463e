"""PAPERTUI_STOCK_RENDER=1 turns every override of Textual's rendering off at once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
from papertui.ui.screens.main import MainScreen
from papertui.ui.widgets.paper_detail import PaperDetail
from papertui.ui.widgets.paper_list import PaperList
from papertui.ui.widgets.search_bar import QueryInput
from papertui.ui.render.bases import KeyFooter
for cls in (MainScreen, PaperList, PaperDetail, QueryInput, KeyFooter):
    print(cls.__name__, sorted({
        base.__module__ for base in cls.__mro__
        if base.__module__.startswith("papertui.ui.render.")
        and base.__module__ != "papertui.ui.render.bases"
    }))
"""


def overrides_in_use(switch: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PAPERTUI_STOCK_RENDER"}
    if switch is not None:
        env["PAPERTUI_STOCK_RENDER"] = switch
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.parametrize("switch", ["1", "yes"])
def test_the_switch_leaves_plain_textual(switch: str) -> None:
    assert overrides_in_use(switch).splitlines() == [
        "MainScreen []",
        "PaperList []",
        "PaperDetail []",
        "QueryInput []",
        "KeyFooter []",
    ]


def test_without_the_switch_every_override_is_in_place() -> None:
    render = "papertui.ui.render."
    assert overrides_in_use(None).splitlines() == [
        f"MainScreen ['{render}prompt_paint']",
        f"PaperList ['{render}reused_lines', '{render}scrollbars']",
        f"PaperDetail ['{render}reused_lines', '{render}scrollbars']",
        f"QueryInput ['{render}fixed_input']",
        f"KeyFooter ['{render}steady_footer']",
    ]
