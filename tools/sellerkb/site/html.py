"""Small HTML helpers. Every string from a case goes through `esc` or `sanitize`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "td": {"align"},
    "th": {"align"},
}
EXTERNAL_REL = "nofollow ugc noopener"
_EXTERNAL_LINK = re.compile(r'<a href="(https?:|mailto:)')


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def sanitize(fragment: str) -> str:
    """Allow-list HTML from case content: no scripts, no handlers, only safe links."""
    clean = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    return _EXTERNAL_LINK.sub(rf'<a rel="{EXTERNAL_REL}" href="\1', clean)


def link(href: str, text: str, *, external: bool = False, cls: str = "") -> str:
    """A link; an external one only to http, https or mailto, else just the text."""
    if external and not href.lower().startswith(("https://", "http://", "mailto:")):
        return esc(text)
    rel = f' rel="{EXTERNAL_REL}"' if external else ""
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{esc(href)}"{rel}{klass}>{esc(text)}</a>'


def badge(text: str, kind: str) -> str:
    return f'<span class="skb-badge skb-badge--{esc(kind)}">{esc(text)}</span>'


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "") -> str:
    """A sortable table. Cells are HTML already; a cell may start with a sort key in
    the form '\\x00key\\x00' for dates and numbers."""
    out = [f'<table class="skb-table {cls}" data-sortable>', "<thead><tr>"]
    out += [f'<th scope="col">{esc(h)}</th>' for h in headers]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for cell in row:
            if cell.startswith("\x00"):
                key, _, content = cell[1:].partition("\x00")
                out.append(f'<td data-sort="{esc(key)}">{content}</td>')
            else:
                out.append(f"<td>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def sort_key(key: object, content: str) -> str:
    return f"\x00{key}\x00{content}"
