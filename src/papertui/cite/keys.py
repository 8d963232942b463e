"""Citation keys as arXiv makes them: `dhamo2023headgasrealtimeanimatablehead`.

arXiv's rule (`browse/formatting/cite.py` in arxiv-browse): the first author's
family name, the year of the latest version, and the first four title words
(split at spaces) that are not in its stop-word list, keeping only letters and
digits, lower-cased. papertui reads the title as displayed (TeX rendered) and
transliterates to ASCII instead of dropping letters (`Łajszczak` -> `lajszczak`,
`Rußwurm` -> `russwurm`), so keys work in every BibTeX. Keys are made unique
within one export by suffixing `a`, `b`, ... to the later duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from anyascii import anyascii

from papertui.cite.common import title
from papertui.cite.names import names
from papertui.models import Paper

TITLE_WORDS = 4
# arXiv's list, as in arxiv-browse (including its typos "fify", "thickv", "amoungst").
_STOP_WORDS_TEXT = """
a about above across after afterwards again against all almost alone along already also
although always am among amongst amoungst amount an and another any anyhow anyone anything
anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond bill both bottom but by call can
cannot cant co con could couldnt cry de describe detail do done down due during each eg eight
either eleven else elsewhere empty enough etc even ever every everyone everything everywhere
except few fifteen fify fill find fire first five for former formerly forty found four from
front full further get give go had has hasnt have he hence her here hereafter hereby herein
hereupon hers herself him himself his how however hundred ie if in inc indeed interest into is
it its itself keep last latter latterly least less ltd made many may me meanwhile might mill
mine more moreover most mostly move much must my myself name namely neither never nevertheless
next nine no nobody none noone nor not nothing now nowhere of off often on once one only onto
or other others otherwise our ours ourselves out over own part per perhaps please put rather re
same see seem seemed seeming seems serious several she should show side since sincere six sixty
so some somehow someone something sometime sometimes somewhere still such system take ten than
that the their them themselves then thence there thereafter thereby therefore therein thereupon
these they thickv thin third this those though three through throughout thru thus to together
too top toward towards twelve twenty two un under until up upon us very via was we well were
what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
whether which while whither who whoever whole whom whose why will with within without would yet
you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def ascii_alnum(text: str) -> str:
    """Lower-case ASCII letters and digits of `text`, transliterated (ß -> ss, Ł -> l).

    Only letters and digits are transliterated: an emoji's name is not a word.
    """
    ascii_text = anyascii("".join(c for c in text if c.isalnum()))
    return "".join(c for c in ascii_text.lower() if c.isascii() and c.isalnum())


def _year(paper: Paper) -> str:
    latest = paper.updated[:4] if paper.updated[:4].isdigit() else ""
    return latest or (str(paper.year) if paper.year else "")


def base_key(paper: Paper) -> str:
    """The key before de-duplication; never empty (falls back to `paper`)."""
    authors = names(paper)
    family = ascii_alnum(authors[0].family_full) if authors else ""
    words = [w for w in title(paper).split(" ") if w.lower() not in STOP_WORDS]
    key = family + _year(paper) + ascii_alnum("".join(words[:TITLE_WORDS]))
    return key or "paper"


def _suffixes() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second


class KeyMaker:
    """Hands out keys unique within one export: `smith2020deep`, `smith2020deepa`, ..."""

    def __init__(self, used: Iterable[str] = ()) -> None:
        self._used: set[str] = set(used)  # keys taken already (e.g. in a file being synced)

    def key_for(self, paper: Paper) -> str:
        base = base_key(paper)
        key = base
        if key in self._used:
            for suffix in _suffixes():
                key = base + suffix
                if key not in self._used:
                    break
            else:  # pragma: no cover - 702 identical keys
                key = f"{base}{len(self._used)}"
        self._used.add(key)
        return key
