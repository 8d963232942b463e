"""User text made TeX, and characters pdflatex cannot typeset made ones it can.

`escape_text` is for free text that is not TeX (tags, notes): every TeX special
(`% # & _ $ { } ~ ^ \\`) is escaped so LaTeX prints what the user typed and
biblatex's `\\keyw`/`\\annotation` macros never see a comment, a parameter
sign or a paragraph break. `pdflatex_safe` keeps the characters pdflatex's
default UTF-8 input (with T1 fonts) knows, writes Greek letters and common math
symbols as LaTeX (`μ` -> `\\ensuremath{\\mu}`) and drops the rest (CJK without a
CJK package, U+FFFD, emoji), logging a warning that names them.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache

log = logging.getLogger(__name__)

_ESCAPES = {
    "\\": "\\textbackslash{}",
    "%": "\\%",
    "#": "\\#",
    "&": "\\&",
    "_": "\\_",
    "$": "\\$",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}
# Typeset by pdflatex with `\usepackage[T1]{fontenc}` and the kernel's UTF-8 and
# textcomp support (tests/test_cite_compile.py compiles every one of them).
SAFE = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180)]
    + list("\n\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030")
    + list("\u2039\u203a\u20ac\u2122")
) - frozenset("\u0126\u0127\u0138\u013f\u0140\u0149\u0166\u0167\u017f")  # not in T1
# LaTeX kernel math symbols (no package needed) that pylatexenc may write.
_KERNEL_MATH_TEXT = """
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi
varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi
Pi Sigma Upsilon Phi Psi Omega leq geq neq approx sim simeq equiv pm mp times div cdot ast star
circ bullet infty partial nabla forall exists in notin ni subset supset subseteq supseteq cup cap
wedge vee neg rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto to
uparrow downarrow sum prod int oint sqrt ell hbar Re Im aleph emptyset propto perp parallel
angle prime dagger ddagger langle rangle lceil rceil lfloor rfloor ll gg
"""
KERNEL_MATH = frozenset(_KERNEL_MATH_TEXT.split())


def _balanced_braces(text: str) -> set[int]:
    """Positions of the braces that have a partner (they stay `\\{`...`\\}`)."""
    stack: list[int] = []
    paired: set[int] = set()
    for i, char in enumerate(text):
        if char == "{":
            stack.append(i)
        elif char == "}" and stack:
            paired.update((stack.pop(), i))
    return paired


def escape_text(text: str) -> str:
    """Plain user text as TeX that prints it: `50% {x}` -> `50\\% \\{x\\}`.

    Lines are kept (BibTeX reads a line break as a space), blank lines dropped:
    a blank line is a paragraph break, which ends a macro argument with an error.
    """
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    paired = _balanced_braces(text)
    out = []
    for i, char in enumerate(text):
        if char in "{}":
            unpaired = "\\textbraceleft{}" if char == "{" else "\\textbraceright{}"
            out.append("\\" + char if i in paired else unpaired)
        else:
            out.append(_ESCAPES.get(char, char))
    return pdflatex_safe("".join(out))


@lru_cache(maxsize=1024)
def _latex_for(char: str) -> str:
    """A LaTeX form of `char` that needs no package, or "" when there is none."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(non_ascii_only=True, unknown_char_policy=lambda _: "")
    latex = encoder.unicode_to_latex(char).strip("{}")
    if latex.startswith("\\ensuremath{\\") and latex[13:].rstrip("}") in KERNEL_MATH:
        return "{" + latex.rstrip("}") + "}}"
    return ""


def pdflatex_safe(text: str) -> str:
    """`text` with every character pdflatex rejects mapped to LaTeX or dropped (logged)."""
    text = unicodedata.normalize("NFC", text)
    if all(c in SAFE for c in text):
        return text
    out, dropped = [], []
    for char in text:
        if char in SAFE:
            out.append(char)
        elif latex := _latex_for(char):
            out.append(latex)
        else:
            dropped.append(f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip())
    if dropped:
        log.warning("left out characters pdflatex cannot typeset: %s", ", ".join(dropped))
    return "".join(out)
