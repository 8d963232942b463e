"""Counts in messages: "1 paper", "1,234 papers"."""


def papers(count: int) -> str:
    return f"{count:,} paper" if count == 1 else f"{count:,} papers"
