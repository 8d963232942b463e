"""TeX math (a LaTeXML `alttext`) as Unicode, only where the Unicode says the same thing.

`\\mathcal{O}(n\\log n)` → `𝒪(n log n)`, `x_{i}^{2}` → `xᵢ²`, `\\frac{a}{b}` → `a/b`.
Anything this cannot render faithfully (an unknown command, a superscript with no
Unicode superscript form, a fraction of sums, environments) gives None: the caller
then shows the TeX itself, in its own style, rather than a lookalike that lies.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι",
    "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ",
    "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
    "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "circ": "∘",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪",
    "cap": "∩", "setminus": "∖", "emptyset": "∅", "varnothing": "∅", "forall": "∀",
    "exists": "∃", "neg": "¬", "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "infty": "∞",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮",
    "sqrt": "√", "top": "⊤", "bot": "⊥", "perp": "⊥", "mid": "∣", "parallel": "∥",
    "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "prime": "′", "ell": "ℓ",
    "hbar": "ℏ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "star": "⋆", "dagger": "†",
    "|": "‖", "{": "{", "}": "}", "%": "%", "&": "&", "#": "#", "_": "_", "$": "$",
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": "  ",
    "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "vert": "|", "Vert": "‖",
}  # fmt: skip
OPERATORS = {"log", "ln", "exp", "sin", "cos", "tan", "max", "min", "arg", "lim", "det",
             "dim", "sup", "inf", "Pr", "gcd", "deg", "ker", "tanh", "sinh", "cosh"}  # fmt: skip
IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
           "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "middle"}  # fmt: skip
TEXT_FONTS = {"mathrm", "text", "textrm", "operatorname", "mathit", "textit", "mathsf",
              "textsf", "mathtt", "texttt", "mathbf", "textbf", "boldsymbol", "bm",
              "mathnormal"}  # fmt: skip
LETTER_FONTS = {"mathcal": "SCRIPT", "mathbb": "DOUBLE-STRUCK", "mathfrak": "FRAKTUR"}

SUPERSCRIPTS = dict(zip("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ", strict=True))
SUPERSCRIPTS |= dict(zip("abcdefghjklmoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True))
SUPERSCRIPTS |= {"′": "′", "∗": "*", "*": "*", "⊤": "ᵀ"}
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ",
                      strict=True))  # fmt: skip


_OPERATOR = "\x00"  # marks an operator name until spacing is decided from its neighbours
_OPERATOR_NAME = re.compile(" ?\x00(\\w+)\x00 ?")


_SCRIPT_CHARS = frozenset(SUPERSCRIPTS.values()) | frozenset(SUBSCRIPTS.values())


class Unfaithful(Exception):
    """This TeX has no faithful Unicode form here."""


def _letter_font(style: str, char: str) -> str:
    if not char.isascii() or not char.isalpha():
        raise Unfaithful
    case = "CAPITAL" if char.isupper() else "SMALL"
    try:
        return unicodedata.lookup(f"MATHEMATICAL {style} {case} {char.upper()}")
    except KeyError:
        # Unicode keeps the older letterlike forms (ℋ, ℝ, ℭ) outside the math block.
        names = {"SCRIPT": "SCRIPT", "DOUBLE-STRUCK": "DOUBLE-STRUCK", "FRAKTUR": "BLACK-LETTER"}
        try:
            return unicodedata.lookup(f"{names[style]} {case} {char.upper()}")
        except KeyError:
            raise Unfaithful from None


class _Parser:
    def __init__(self, tex: str) -> None:
        self.tex = tex
        self.pos = 0

    def parse(self, until: str = "") -> str:
        out: list[str] = []
        while self.pos < len(self.tex):
            char = self.tex[self.pos]
            if until and char == until:
                self.pos += 1
                return "".join(out)
            if char in "^_":
                self.pos += 1
                table = SUPERSCRIPTS if char == "^" else SUBSCRIPTS
                out.append("".join(_script(table, c) for c in self.atom()))
            elif char == "}":
                raise Unfaithful  # unbalanced
            else:
                out.append(self.atom(top=True))
        if until:
            raise Unfaithful
        return "".join(out)

    def atom(self, *, top: bool = False) -> str:
        """The next unit: a character, a {group} or a command with its arguments."""
        self._skip_spaces()
        if self.pos >= len(self.tex):
            raise Unfaithful
        char = self.tex[self.pos]
        self.pos += 1
        if char == "{":
            return self.parse(until="}")
        if char == "\\":
            return self.command()
        if char == "%":  # LaTeXML wraps long alttext with "%\n"
            while self.pos < len(self.tex) and self.tex[self.pos] != "\n":
                self.pos += 1
            return ""
        if char.isspace():
            return " " if top else ""
        if char in "&~#$":
            raise Unfaithful
        return char

    def command(self) -> str:
        start = self.pos
        while self.pos < len(self.tex) and self.tex[self.pos].isalpha():
            self.pos += 1
        name = self.tex[start : self.pos] or self.tex[self.pos : self.pos + 1]
        if self.pos == start:
            self.pos += 1
        if name in IGNORED:
            return ""
        if name in OPERATORS:
            return f"{_OPERATOR}{name}{_OPERATOR}"
        if name in TEXT_FONTS:
            return self.atom()
        if name in LETTER_FONTS:
            return "".join(_letter_font(LETTER_FONTS[name], c) for c in self.atom())
        if name == "frac":
            top, bottom = self.atom(), self.atom()
            return f"{_group(top)}/{_group(bottom)}"
        if name == "sqrt":
            return "√" + _group(self.atom())
        if name in SYMBOLS:
            return SYMBOLS[name]
        raise Unfaithful

    def _skip_spaces(self) -> None:
        while self.pos < len(self.tex) and self.tex[self.pos] in " \t\n":
            self.pos += 1


def _script(table: dict[str, str], char: str) -> str:
    if char == " ":
        return ""
    try:
        return table[char]
    except KeyError:
        raise Unfaithful from None


def _group(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 1 or text.isalnum() else f"({text})"


@lru_cache(maxsize=8192)
def tex_to_unicode(tex: str) -> str | None:
    """The faithful Unicode form of a TeX formula, or None."""
    try:
        text = _Parser(tex).parse()
    except (Unfaithful, RecursionError):
        return None
    text = _OPERATOR_NAME.sub(_spaced_operator, " ".join(text.split()))
    return text or None


def _spaced_operator(match: re.Match[str]) -> str:
    """`n log n`, `exp(x)`, `(log n)`: a space only where the operator meets a letter or digit."""
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    left = " " if before and (before.isalnum() or before in ")]") else ""
    after_word = after.isalnum() and after not in _SCRIPT_CHARS  # max ᵢ x: the subscript stays
    right = " " if after and (after_word or after == _OPERATOR) else ""
    return f"{left}{match.group(1)}{right}"
