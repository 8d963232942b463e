"""What changed in a paper between two records of it: a new arXiv version, a journal
reference, a DOI (what `papertui update` looks for)."""

from __future__ import annotations

from papertui.models import Paper


def describe_change(before: Paper, after: Paper) -> str:
    """'v3 (2025-02-10); published in J. Foo 12 (2025); DOI 10.1/x', or '' when none."""
    parts = []
    if after.arxiv_version > before.arxiv_version:
        when = f" ({after.updated})" if after.updated else ""
        parts.append(f"v{after.arxiv_version}{when}")
    if after.journal_ref and after.journal_ref != before.journal_ref:
        parts.append(f"published in {after.journal_ref}")
    if after.doi and after.doi != before.doi:
        parts.append(f"DOI {after.doi}")
    return "; ".join(parts)
