"""User text made TeX, and characters pdflatex cannot typeset made ones it can.

`escape_text` is for free text that is not TeX (tags, notes): every TeX special
(`% # & _ $ { } ~ ^ \\`) is escaped so LaTeX prints what the user typed and
biblatex's `\\keyw`/`\\annotation` macros never see a comment, a parameter
sign or a paragraph break. `pdflatex_safe` keeps the characters pdflatex's
default UTF-8 input (with T1 fonts) knows, writes Greek letters and common math
symbols as LaTeX (`μ` -> `\\ensuremath{\\mu}`) and drops the rest (CJK without a
CJK package, U+FFFD, emoji), reporting them (`papertui.cite.dropped`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from papertui.cite.dropped import record

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


# Pairs T1 fonts typeset as one glyph (`--` is an en dash, two quotes a curly
# quote, `<<` a guillemet): `{}` between them keeps both characters as typed.
_LIGATURE_PAIRS = frozenset({"--", "``", "''", ",,", "<<", ">>", "!`", "?`"})


def _escape_line(line: str) -> str:
    paired = _balanced_braces(line)
    out = []
    for i, char in enumerate(line):
        if char in "{}":
            unpaired = "\\textbraceleft{}" if char == "{" else "\\textbraceright{}"
            out.append("\\" + char if i in paired else unpaired)
        else:
            out.append(_ESCAPES.get(char) or _latex_char(char))
        if line[i : i + 2] in _LIGATURE_PAIRS:
            out.append("{}")
    return "".join(out)


def escape_text(text: str) -> str:
    """Plain user text as TeX that prints it: `50% {x}` -> `50\\% \\{x\\}`.

    Lines are kept (BibTeX reads a line break as a space). A blank line is
    written `{}`: a blank line is a paragraph break, which ends a macro argument
    with an error, while `{}` typesets as nothing and reads back as the blank line.
    """
    lines = typesettable(text).strip().splitlines()
    return "\n".join(_escape_line(line.strip()) or "{}" for line in lines)


@lru_cache(maxsize=1024)
def _latex_for(char: str) -> str:
    """A LaTeX form of `char` that needs no package, or "" when there is none."""
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(
        non_ascii_only=True, unknown_char_policy=lambda _: "", unknown_char_warning=False
    )
    latex = encoder.unicode_to_latex(char).strip("{}")
    if latex.startswith("\\ensuremath{\\"):
        name = latex[13:].rstrip("}")
    else:  # `\\textrightarrow` needs textcomp's TS1 fonts; `\\rightarrow` is the kernel's
        name = latex.removeprefix("\\text") if latex.startswith("\\text") else ""
    return f"{{\\ensuremath{{\\{name}}}}}" if name in KERNEL_MATH else ""


def typesettable(text: str) -> str:
    """`text` (NFC) without the characters pdflatex cannot typeset (reported)."""
    text = unicodedata.normalize("NFC", text)
    if all(c in SAFE for c in text):
        return text
    dropped = [c for c in text if c not in SAFE and not _latex_for(c)]
    record(dropped)
    return "".join(c for c in text if c in SAFE or _latex_for(c))


def _latex_char(char: str) -> str:
    return char if char in SAFE else _latex_for(char)


def pdflatex_safe(text: str) -> str:
    """TeX `text` with every character pdflatex rejects mapped to LaTeX or left out."""
    return "".join(_latex_char(c) for c in typesettable(text))
