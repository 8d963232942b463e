from __future__ import annotations

import pytest

from papertui.models import Author, Paper
from papertui.texify import tex_to_plain, tex_to_unicode


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"C. Bal\'azs", "C. Balázs"),
        (r"Schr\"{o}dinger", "Schrödinger"),
        (r"{\"O}zt{\"u}rk", "Öztürk"),
        (r"Pr\'{e}cis of \emph{things}", "Précis of things"),
        (
            "Calculation of prompt diphoton production cross sections at Tevatron\n  and LHC",
            "Calculation of prompt diphoton production cross sections at Tevatron and LHC",
        ),
        (r"50\% faster", "50% faster"),
        ("R&D at 100% of C# speed", "R&D at 100% of C# speed"),
        ("Pages 1--10", "Pages 1–10"),
        (r"The $\alpha$-decay", r"The $\alpha$-decay"),
        ("", ""),
    ],
)
def test_tex_to_unicode(tex: str, shown: str) -> None:
    assert tex_to_unicode(tex) == shown


def test_display_forms_keep_the_source_tex() -> None:
    paper = Paper(id="x", title="Bal\\'azs\n  and Nadolsky", authors=(Author(r"C. Bal\'azs"),))
    assert paper.title == "Bal\\'azs\n  and Nadolsky"
    assert paper.display_title == "Balázs and Nadolsky"
    assert paper.authors[0].display_name == "C. Balázs"


def test_broken_tex_never_raises() -> None:
    for text in (r"\frac{", "{{{", r"\begin{itemize} x", "$unclosed", "}}}"):
        assert isinstance(tex_to_unicode(text), str)


@pytest.mark.parametrize(
    ("tex", "plain"),
    [
        ("100\\%, c\\#, a\\_b, R\\&D, \\$5", "100%, c#, a_b, R&D, $5"),
        ("\\{x\\} \\textbraceleft{}y\\textbraceright{}", "{x} {y}"),
        ("x\\^{}2 \\~{}home \\textasciicircum{} \\textasciitilde{}", "x^2 ~home ^ ~"),
        ("a\\textbackslash{}b \\textbackslash c", "a\\b \\c"),  # TeX eats the space
        ("\\textless{}\\textbar{}\\textgreater{} \\textunderscore{}", "<|> _"),
        ('Schr{\\"o}dinger {GAN}s', "Schrödinger GANs"),
        ("pages 1--10 --- kept", "pages 1--10 --- kept"),  # plain text: no dashes made
        ("first  line\r\n  second~line\n\nthird", "first line\nsecond line\n\nthird"),
        ("bare 50% & #1", "bare 50% & #1"),
    ],
)
def test_tex_to_plain(tex: str, plain: str) -> None:
    assert tex_to_plain(tex) == plain
