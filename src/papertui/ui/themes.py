"""papertui's own themes: a calm paper-like dark theme and its light sibling."""

from __future__ import annotations

from textual.theme import Theme

PAPERTUI_DARK = Theme(
    name="papertui",
    primary="#C9A66B",  # aged-paper gold
    secondary="#8FA8A3",
    accent="#E0B872",
    foreground="#E6E1D6",
    background="#1C1B19",
    surface="#24231F",
    panel="#2E2C27",
    success="#9DB787",
    warning="#E0B872",
    error="#D9796C",
    dark=True,
    variables={
        "footer-key-foreground": "#E0B872",
        "input-selection-background": "#C9A66B 35%",
        "block-cursor-text-style": "none",
    },
)

PAPERTUI_LIGHT = Theme(
    name="papertui-light",
    primary="#7A5A2B",
    secondary="#4F6F69",
    accent="#9C6B1E",
    foreground="#2B2823",
    background="#F6F1E6",  # paper
    surface="#EDE6D6",
    panel="#E3DAC6",
    success="#4E7A3A",
    warning="#9C6B1E",
    error="#A8402F",
    dark=False,
    variables={
        "footer-key-foreground": "#7A5A2B",
        "input-selection-background": "#7A5A2B 25%",
        "block-cursor-text-style": "none",
    },
)

THEMES = (PAPERTUI_DARK, PAPERTUI_LIGHT)
DEFAULT_THEME = PAPERTUI_DARK.name
