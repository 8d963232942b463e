"""The digest: papers new to each watch since the last digest, then the most upvoted
Hugging Face papers added in that time, as text, Markdown or one self-contained HTML file."""

from papertui.digest.collect import Digest, Item, Section, collect
from papertui.digest.render import FORMATS, render

__all__ = ["FORMATS", "Digest", "Item", "Section", "collect", "render"]
