"""Deterministic synthetic arXiv-like corpus for benchmarks.

Words follow a Zipf distribution over a vocabulary of real English/ML words
(the head, including stop words) and pronounceable pseudo-words (the tail).
Titles have 8-14 words, abstracts 150-250, papers 1-8 authors (some with
accented names), 1-3 categories, dates 2007-2025, and a quarter of the papers
carry upvotes. Same seed, same corpus.

    python bench/synth.py 100000 corpus.jsonl   # arXiv bulk-snapshot JSONL
    python bench/synth.py 100000 refs.bib       # BibTeX (write_bibtex)
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from papertui.models import Author, Paper

STOP = [
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "we",
    "is",
    "for",
    "that",
    "on",
    "with",
    "this",
    "by",
    "as",
    "are",
    "an",
    "our",
    "be",
    "from",
    "which",
    "it",
    "can",
    "at",
    "these",
    "such",
    "or",
    "both",
    "its",
    "than",
    "not",
    "has",
    "have",
    "their",
    "into",
    "also",
    "more",
    "using",
]
HEAD = [
    "model",
    "models",
    "learning",
    "neural",
    "network",
    "networks",
    "data",
    "method",
    "methods",
    "results",
    "propose",
    "show",
    "training",
    "performance",
    "based",
    "approach",
    "deep",
    "language",
    "task",
    "tasks",
    "large",
    "new",
    "image",
    "images",
    "paper",
    "framework",
    "problem",
    "algorithm",
    "algorithms",
    "analysis",
    "time",
    "graph",
    "quantum",
    "transformer",
    "transformers",
    "attention",
    "representation",
    "representations",
    "prediction",
    "optimization",
    "efficient",
    "robust",
    "novel",
    "generation",
    "generative",
    "diffusion",
    "reinforcement",
    "policy",
    "agent",
    "agents",
    "vision",
    "visual",
    "semantic",
    "segmentation",
    "detection",
    "object",
    "objects",
    "classification",
    "supervised",
    "unsupervised",
    "self",
    "contrastive",
    "pretrained",
    "pretraining",
    "fine",
    "tuning",
    "benchmark",
    "benchmarks",
    "dataset",
    "datasets",
    "evaluation",
    "experiments",
    "experimental",
    "state",
    "art",
    "accuracy",
    "loss",
    "function",
    "functions",
    "gradient",
    "stochastic",
    "convergence",
    "theory",
    "theoretical",
    "bound",
    "bounds",
    "linear",
    "nonlinear",
    "convex",
    "sparse",
    "matrix",
    "tensor",
    "kernel",
    "gaussian",
    "process",
    "processes",
    "bayesian",
    "inference",
    "probabilistic",
    "variational",
    "estimation",
    "sampling",
    "distribution",
    "distributions",
    "field",
    "fields",
    "energy",
    "physics",
    "spin",
    "magnetic",
    "phase",
    "transition",
    "temperature",
    "dynamics",
    "dynamical",
    "system",
    "systems",
    "control",
    "feedback",
    "signal",
    "signals",
    "noise",
    "channel",
    "wireless",
    "communication",
    "speech",
    "audio",
    "text",
    "retrieval",
    "search",
    "query",
    "ranking",
    "recommendation",
    "user",
    "users",
    "social",
    "structure",
    "structures",
    "structured",
    "features",
    "feature",
    "extraction",
    "embedding",
    "embeddings",
    "latent",
    "space",
    "spaces",
    "generalization",
    "adversarial",
    "attacks",
    "attack",
    "defense",
    "privacy",
    "federated",
    "distributed",
    "parallel",
    "scalable",
    "memory",
    "computation",
    "computational",
    "complexity",
    "efficient",
    "efficiency",
    "pruning",
    "pruned",
    "pruned",
    "compression",
    "quantization",
    "sparse",
    "sparsity",
    "accelerate",
    "speed",
    "rendering",
    "reconstruction",
    "splatting",
    "radiance",
    "scene",
    "scenes",
    "depth",
    "point",
    "cloud",
    "clouds",
    "video",
    "videos",
    "motion",
    "temporal",
    "spatial",
    "medical",
    "clinical",
    "patients",
    "protein",
    "molecular",
    "chemical",
    "materials",
    "galaxy",
    "galaxies",
    "stellar",
    "cosmic",
    "dark",
    "matter",
    "gravitational",
    "waves",
    "black",
    "hole",
    "holes",
    "equation",
    "equations",
    "solution",
    "solutions",
    "boundary",
    "finite",
    "element",
    "numerical",
    "simulation",
    "simulations",
    "stability",
    "stable",
    "random",
    "walk",
    "markov",
    "chain",
    "chains",
    "causal",
    "causality",
    "reasoning",
    "knowledge",
    "logic",
    "planning",
    "robot",
    "robotic",
    "manipulation",
    "navigation",
    "autonomous",
    "driving",
    "vehicle",
    "traffic",
    "power",
    "grid",
    "market",
    "financial",
    "economic",
    "game",
    "games",
    "theory",
    "equilibrium",
    "multi",
    "scale",
    "resolution",
    "high",
    "low",
    "order",
    "prior",
    "posterior",
    "uncertainty",
    "calibration",
    "interpretability",
    "explanation",
    "explainable",
    "fairness",
    "bias",
    "alignment",
    "instruction",
    "reward",
    "human",
    "feedback",
    "preference",
    "chat",
    "multimodal",
    "cross",
    "domain",
    "adaptation",
    "transfer",
    "zero",
    "shot",
    "few",
    "meta",
    "continual",
    "benchmarking",
    "evaluate",
    "evaluating",
    "improves",
    "improved",
    "improving",
    "outperforms",
    "achieves",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "to",
    "su",
    "vi",
    "be",
    "da",
    "fe",
    "gu",
    "hi",
    "jo",
    "ku",
    "la",
    "ma",
    "no",
    "pe",
    "qui",
    "re",
    "sa",
    "ti",
    "vo",
    "wa",
    "xe",
    "yo",
    "ze",
    "bri",
    "cla",
    "dro",
    "fle",
    "gra",
    "plo",
    "stri",
    "tra",
    "ven",
    "mor",
    "lin",
    "tes",
    "ran",
    "col",
]
CATEGORIES = [
    "cs.LG",
    "cs.CV",
    "cs.CL",
    "cs.AI",
    "stat.ML",
    "cs.RO",
    "cs.IR",
    "cs.CR",
    "cs.DC",
    "cs.NE",
    "math.OC",
    "math.ST",
    "physics.optics",
    "quant-ph",
    "astro-ph.GA",
    "astro-ph.CO",
    "hep-th",
    "hep-ph",
    "cond-mat.mtrl-sci",
    "eess.SP",
    "eess.IV",
    "q-bio.NC",
    "gr-qc",
]
GIVEN = [
    "Wei",
    "Li",
    "Ana",
    "María",
    "José",
    "Jörg",
    "Zoë",
    "Anaïs",
    "Søren",
    "Łukasz",
    "François",
    "Chen",
    "Yuki",
    "Olga",
    "Raj",
    "Fatima",
    "David",
    "Sarah",
    "Mohammed",
    "Elena",
    "Hiroshi",
    "Priya",
    "Lars",
    "Ines",
    "Björn",
    "Noémie",
    "Tomás",
]
FAMILY = [
    "Zhang",
    "Wang",
    "Smith",
    "Pérez",
    "García",
    "Müller",
    "Nguyen",
    "Kowalski",
    "Dupont",
    "Ivanov",
    "Sato",
    "Kim",
    "Rossi",
    "Öztürk",
    "Novák",
    "Jørgensen",
    "Hernández",
    "Brontë",
    "Silva",
    "Khan",
    "Lefèvre",
    "Schröder",
    "Takahashi",
    "Dvořák",
    "Çelik",
    "Patel",
    "Cohen",
    "Johansson",
    "Fernández",
    "Bauer",
]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(dict.fromkeys(STOP + HEAD))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.3:
            word += rng.choice(("s", "ing", "ed", "ation", "ity", "al"))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Corpus:
    """`Corpus(seed).papers(n)` yields n deterministic `Paper` objects."""

    def __init__(self, seed: int = 42, vocabulary: int = 30_000) -> None:
        self.seed = seed
        rng = random.Random(seed)
        self.words = _vocabulary(rng, vocabulary)
        self.cum = list(
            itertools.accumulate(1.0 / (rank + 1) ** 1.07 for rank in range(vocabulary))
        )
        # titles skip the stop-word head most of the time
        self.title_words = self.words[len(STOP) :]
        self.title_cum = list(
            itertools.accumulate(1.0 / (r + 1) ** 0.9 for r in range(len(self.title_words)))
        )

    def _text(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=count)

    def papers(self, count: int) -> Iterator[Paper]:
        rng = random.Random(self.seed + 1)
        start = date(2007, 1, 1)
        per_month: dict[str, int] = {}
        for n in range(count):
            day = start + timedelta(days=int(6900 * (n / max(count, 1))) + rng.randint(0, 30))
            if count <= 100_000:  # the ids every published <=100k figure was measured with
                arxiv_id = f"{day:%y%m}.{n % 100000:05d}"
            else:  # beyond 100k, n % 100000 would repeat within a month
                month = f"{day:%y%m}"
                per_month[month] = per_month.get(month, 0) + 1
                arxiv_id = f"{month}.{per_month[month]:05d}"
            title_words = rng.choices(
                self.title_words, cum_weights=self.title_cum, k=rng.randint(8, 14)
            )
            title = " ".join(title_words).capitalize()
            sentences = []
            words = self._text(rng, rng.randint(150, 250))
            for i in range(0, len(words), 18):
                sentences.append(" ".join(words[i : i + 18]).capitalize() + ".")
            authors = tuple(
                Author(name=f"{rng.choice(GIVEN)} {fam}", family=fam)
                for fam in (rng.choice(FAMILY) for _ in range(rng.randint(1, 8)))
            )
            cats = tuple(dict.fromkeys(rng.choice(CATEGORIES) for _ in range(rng.randint(1, 3))))
            extras = {"upvotes": rng.randint(1, 300)} if rng.random() < 0.25 else {}
            yield Paper(
                id=arxiv_id,
                title=title,
                authors=authors,
                abstract=" ".join(sentences),
                published=day.isoformat(),
                updated=day.isoformat(),
                categories=cats,
                arxiv_id=arxiv_id,
                arxiv_version=1,
                sources=("arxiv-snapshot",),
                extras=extras,
            )


def snapshot_record(paper: Paper) -> dict[str, object]:
    """One line of the arXiv bulk metadata snapshot (Kaggle `arxiv-metadata-oai`)."""
    day = date.fromisoformat(paper.published)
    return {
        "id": paper.arxiv_id,
        "submitter": paper.authors[0].name if paper.authors else None,
        "authors": ", ".join(a.name for a in paper.authors),
        "title": paper.title,
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": " ".join(paper.categories),
        "license": None,
        "abstract": "  " + paper.abstract + "\n",
        "versions": [{"version": "v1", "created": f"{day:%a, %d %b %Y} 12:00:00 GMT"}],
        "update_date": paper.updated,
        "authors_parsed": [[a.family, a.name[: -len(a.family)].strip(), ""] for a in paper.authors],
    }


def write_snapshot(path: Path, count: int, seed: int = 42) -> None:
    with path.open("w", encoding="utf-8") as out:
        for paper in Corpus(seed).papers(count):
            out.write(json.dumps(snapshot_record(paper), ensure_ascii=False) + "\n")


# ---- BibTeX -------------------------------------------------------------------

BIB_JOURNALS = {  # @string macros, as reference managers write them
    "jmlr": "Journal of Machine Learning Research",
    "tpami": "{IEEE} Transactions on Pattern Analysis \\& Machine Intelligence",
    "neurips": "Advances in Neural Information Processing Systems",
    "prl": "Physical Review Letters",
    "zphys": 'Zeitschrift f{\\"u}r Physik',
}
BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_preamble() -> str:
    macros = "".join(f"@string{{{name} = {{{text}}}}}\n" for name, text in BIB_JOURNALS.items())
    preamble = '@preamble{"\\newcommand{\\noop}[1]{}"}\n'
    return "% Synthetic references (bench/synth.py)\n" + preamble + macros


def bibtex_entry(paper: Paper, n: int) -> str:
    """One realistic entry: @article (journal macro), @inproceedings (`#`) or @misc (eprint)."""
    day = date.fromisoformat(paper.published)
    names = " and ".join(
        f"{a.family}, {a.name[: -len(a.family)].strip()}".replace("ö", '{\\"o}')
        for a in paper.authors
    )
    key = f"{paper.authors[0].family.lower()}{day.year}n{n}" if paper.authors else f"anon{n}"
    words = paper.title.split()
    title = " ".join(f"{{{w.upper()}}}" if i % 7 == 3 else w for i, w in enumerate(words))
    fields = [("title", f"{{{title}}}"), ("author", f"{{{names}}}")]
    kind = ("article", "article", "misc", "inproceedings", "article")[n % 5]
    if kind == "article":
        macro = list(BIB_JOURNALS)[n % 5]
        fields += [("journal", macro), ("volume", f"{{{n % 60 + 1}}}"),
                   ("pages", f"{{{n % 900 + 1}--{n % 900 + 15}}}"),
                   ("doi", f"{{10.{5000 + n % 400}/bench.{n}}}")]  # fmt: skip
    elif kind == "inproceedings":
        fields += [("booktitle", 'neurips # " Workshops"')]
    else:
        fields += [("eprint", f"{{{paper.arxiv_id}}}"), ("archivePrefix", "{arXiv}"),
                   ("primaryClass", f"{{{paper.categories[0]}}}")]  # fmt: skip
    fields += [("year", f"{{{day.year}}}"), ("month", BIB_MONTHS[day.month - 1])]
    if n % 2:
        tags = (*paper.categories, "deep learning" if n % 4 == 1 else "100\\% reproducible")
        fields.append(("keywords", "{" + ", ".join(tags) + "}"))
    if n % 10 == 0:
        fields.append(("annote", "{Read for the reading group; see section 3 \\& appendix.}"))
    fields.append(("abstract", f"{{{paper.abstract}}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body},\n}}\n\n"


def write_bibtex(path: Path, count: int, seed: int = 42) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(bibtex_preamble())
        for n, paper in enumerate(Corpus(seed).papers(count)):
            out.write(bibtex_entry(paper, n))


if __name__ == "__main__":
    writer = write_bibtex if sys.argv[2].endswith(".bib") else write_snapshot
    writer(Path(sys.argv[2]), int(sys.argv[1]))
