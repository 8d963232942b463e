"""A whole-library export compiles: pdflatex + bibtex (natbib) and pdflatex + biber (biblatex).

The library is the golden sample with tags and notes full of TeX specials,
names with suffixes and particles, mojibake-repaired and non-Latin text. The
tools must be installed (.ci/run installs them): a missing one fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cite_sample import every_state, load_sample
from papertui.cite import format_many
from papertui.cite.texsafe import SAFE

PREAMBLE = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{url}\n"


def run(tool: str, *args: str, cwd: Path) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is not installed (.ci/run installs it)"
    done = subprocess.run(
        [path, *args], cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300
    )
    assert done.returncode == 0, f"{tool} failed:\n{done.stdout[-4000:]}"
    return done.stdout


def assert_clean_log(log: str) -> None:
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert not errors, errors


@pytest.mark.parametrize("style", ["plainnat", "plain"])
def test_bibtex_export_compiles(tmp_path: Path, style: str) -> None:
    sample = load_sample()
    (tmp_path / "refs.bib").write_text(
        format_many(sample, "bibtex", states=every_state(sample)), encoding="utf-8"
    )
    natbib = "\\usepackage{natbib}\n" if style == "plainnat" else ""
    (tmp_path / "doc.tex").write_text(
        f"{PREAMBLE}{natbib}\\begin{{document}}\n\\nocite{{*}}\n"
        f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    run("pdflatex", "-interaction=nonstopmode", "doc.tex", cwd=tmp_path)
    blg = run("bibtex", "doc", cwd=tmp_path)
    assert "error message" not in blg, blg
    run("pdflatex", "-interaction=nonstopmode", "doc.tex", cwd=tmp_path)
    assert_clean_log(run("pdflatex", "-interaction=nonstopmode", "doc.tex", cwd=tmp_path))
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == len(sample)
    assert "Luther King, Jr." in bbl  # the suffix after the name, not taken for it
    # the style lower-cased the titles around what papertui braced
    bbl_text = " ".join(bbl.split())
    assert "Porting {C\\#} and {F\\#} code to {C++} with the help" in bbl_text
    assert "{$\\mathcal{O}(n^2)$} sorting for {$k$-NN} graphs" in bbl_text


def test_biblatex_export_compiles(tmp_path: Path) -> None:
    sample = load_sample()
    (tmp_path / "refs.bib").write_text(
        format_many(sample, "biblatex", states=every_state(sample)), encoding="utf-8"
    )
    (tmp_path / "doc.tex").write_text(
        f"{PREAMBLE}\\usepackage[backend=biber,style=authoryear]{{biblatex}}\n"
        "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n"
        "\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    run("pdflatex", "-interaction=nonstopmode", "doc.tex", cwd=tmp_path)
    biber = run("biber", "doc", cwd=tmp_path)
    assert "ERROR" not in biber, biber
    assert_clean_log(run("pdflatex", "-interaction=nonstopmode", "doc.tex", cwd=tmp_path))
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\entry{") == len(sample)


def test_every_safe_character_compiles(tmp_path: Path) -> None:
    """The characters papertui keeps as they are all typeset by pdflatex."""
    text = "".join(sorted(c for c in SAFE if not c.isascii() and c != "\n"))
    (tmp_path / "doc.tex").write_text(
        f"{PREAMBLE}\\begin{{document}}\n{text}\n\\end{{document}}\n", encoding="utf-8"
    )
    assert_clean_log(run("pdflatex", "-interaction=nonstopmode", "doc.tex", cwd=tmp_path))
