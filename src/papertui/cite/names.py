"""Person and group names split the way citation styles need them.

    "Jean-Paul van der Berg"   -> given "Jean-Paul", particle "van der", family "Berg"
    "Beethoven, Ludwig van"    -> given "Ludwig", dropping "van", family "Beethoven"
    "Martin Luther King Jr."   -> given "Martin Luther", family "King", suffix "Jr."
    "The ATLAS Collaboration"  -> a group, cited whole (`literal`)

Particles follow CSL (and citeproc-js, which reads names the same way): lower-case
words leading the family name are a non-dropping particle ("de Gouvea" stays
together when inverted), lower-case words ending the given name a dropping one.
"""

from __future__ import annotations

from dataclasses import dataclass

from papertui.cite.tex import tex_display
from papertui.models import Author, Paper
from papertui.sanitize import printable

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A name with one of these words is a group, cited whole: "The ATLAS Collaboration".
GROUP_WORDS = frozenset({
    "collaboration", "consortium", "team", "group", "project", "initiative", "committee",
    "inc.", "inc", "ltd"
})  # fmt: skip


@dataclass(frozen=True)
class Name:
    """A display-ready (Unicode) name; a group or a one-word name has only `family`."""

    family: str
    given: str = ""
    suffix: str = ""
    particle: str = ""  # non-dropping: "van der" in "van der Berg"
    dropping: str = ""  # dropping: "van" in "Beethoven, Ludwig van"

    @property
    def is_literal(self) -> bool:
        """A group or a single name: printed as is, never inverted or initialised."""
        return not self.given and not self.particle and not self.dropping

    @property
    def family_full(self) -> str:
        """The family name with its non-dropping particle: "van der Berg"."""
        return " ".join(p for p in (self.particle, self.family) if p)

    @property
    def full(self) -> str:
        """ "Given dropping particle Family Suffix": the name as written in running text."""
        parts = (self.given, self.dropping, self.particle, self.family, self.suffix)
        return " ".join(p for p in parts if p)

    def csl(self) -> dict[str, str]:
        """The CSL-JSON name object."""
        if self.is_literal:
            return {"literal": self.family}
        fields = {
            "family": self.family,
            "given": self.given,
            "non-dropping-particle": self.particle,
            "dropping-particle": self.dropping,
            "suffix": self.suffix,
        }
        return {k: v for k, v in fields.items() if v}


def _split_particles(family: str, given: str) -> tuple[str, str, str, str]:
    """(family, given, non-dropping particle, dropping particle)."""
    words = family.split()
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].islower():
        lead += 1
    given_words = given.split()
    tail = len(given_words)
    while tail > 1 and given_words[tail - 1][:1].islower():
        tail -= 1
    return (
        " ".join(words[lead:]),
        " ".join(given_words[:tail]),
        " ".join(words[:lead]),
        " ".join(given_words[tail:]),
    )


def make_name(family: str, given: str = "", suffix: str = "") -> Name:
    family, given = " ".join(family.split()), " ".join(given.split()).replace(". -", ".-")
    if not given and (GROUP_WORDS.intersection(family.lower().split()) or " " not in family):
        return Name(family)
    core, given, particle, dropping = _split_particles(family, given)
    return Name(core, given, suffix, particle, dropping)


def split_name(text: str) -> Name:
    """Split a free-form name: "Family, [Jr.,] Given" or "Given [particles] Family [Jr.]"."""
    text = printable(text, single_line=True).replace(". -", ".-")
    if GROUP_WORDS.intersection(text.lower().split()):
        return Name(text)
    if "," in text:
        family, _, rest = text.partition(",")
        pieces = [p.strip() for p in rest.split(",")]
        if len(pieces) >= 2 and pieces[0].lower() in SUFFIXES:  # "King, Jr., Martin"
            return make_name(family, ", ".join(pieces[1:]), pieces[0])
        if pieces[0].lower() in SUFFIXES:  # "Martin King, Jr."
            inner = split_name(family)
            return make_name(inner.family_full, f"{inner.given} {inner.dropping}", pieces[0])
        return make_name(family, ", ".join(p for p in pieces if p))
    words = text.split()
    if not words:
        return Name("")
    suffix = ""
    if len(words) > 2 and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    # As BibTeX reads "First von Last": the first lower-case word starts the family name.
    cut = next((i for i in range(1, len(words) - 1) if words[i][:1].islower()), len(words) - 1)
    return make_name(" ".join(words[cut:]), " ".join(words[:cut]), suffix)


def author_name(author: Author) -> Name:
    """The name parts of an author, using family/given when the source had them."""
    if author.family:
        words = author.name.split()
        last = words[-1] if len(words) > 2 else ""
        in_parts = last in (author.family.split() + author.given.split())[-1:]
        suffix = last if last.lower() in SUFFIXES and not in_parts else ""
        return make_name(tex_display(author.family), tex_display(author.given), suffix)
    return split_name(tex_display(author.name))


def names(paper: Paper) -> list[Name]:
    return [n for n in (author_name(a) for a in paper.authors) if n.family]
