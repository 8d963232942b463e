"""A digest as one self-contained HTML file for a mail client: inline styles, no
scripts, no external resources; every text from a paper is escaped."""

from __future__ import annotations

from html import escape

from papertui.digest.collect import Digest, Item, Section
from papertui.digest.render import count_line, heading

_BODY = (
    "margin:0;padding:24px;background:#f6f7f9;color:#1f2328;"
    "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;line-height:1.45"
)
_PAGE = "max-width:760px;margin:0 auto"
_H1 = "font-size:22px;margin:0 0 20px"
_H2 = "font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid #d0d7de"
_CARD = (
    "background:#ffffff;border:1px solid #d0d7de;border-radius:6px;"
    "padding:12px 16px;margin:0 0 12px"
)
_TITLE = "font-size:16px;font-weight:600;margin:0 0 4px"
_AUTHORS = "font-size:13px;color:#57606a;margin:0 0 8px"
_ABSTRACT = "font-size:14px;margin:0 0 8px"
_LINK = "color:#0969da;text-decoration:none;margin-right:14px;font-size:13px"
_BADGE = (
    "font-size:12px;color:#9a6700;background:#fff8c5;border-radius:10px;"
    "padding:1px 8px;margin-left:6px"
)
_EMPTY = "color:#57606a;font-size:14px;margin:0 0 12px"


def _t(text: str) -> str:
    return escape(text, quote=True)


def render_html(digest: Digest) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_t(heading(digest))}</title></head>",
        f'<body style="{_BODY}"><div style="{_PAGE}">',
        f'<h1 style="{_H1}">{_t(heading(digest))}</h1>',
    ]
    for section in (*digest.watches, digest.top):
        parts += _section(section)
    parts.append("</div></body></html>")
    return "\n".join(parts) + "\n"


def _section(section: Section) -> list[str]:
    out = [f'<h2 style="{_H2}">{_t(section.name)}: {_t(count_line(section))}</h2>']
    if not section.items:
        out.append(f'<p style="{_EMPTY}">Nothing new.</p>')
    out += [_item(item) for item in section.items]
    if section.more:
        out.append(f'<p style="{_EMPTY}">… and {section.more} more.</p>')
    return out


def _item(item: Item) -> str:
    badge = f'<span style="{_BADGE}">▲ {item.upvotes}</span>' if item.upvotes else ""
    links = "".join(
        f'<a style="{_LINK}" href="{_t(url)}">{_t(label)}</a>' for label, url in item.links
    )
    return (
        f'<div style="{_CARD}">'
        f'<p style="{_TITLE}">{_t(item.title)}{badge}</p>'
        f'<p style="{_AUTHORS}">{_t(item.authors)}</p>'
        f'<p style="{_ABSTRACT}">{_t(item.abstract)}</p>'
        f'<p style="margin:0">{links}</p></div>'
    )
