"""The sanitizer for HTML rendered from case bodies: whatever a case says, its page runs
nothing of its making. Everything else the plugin writes comes from templates."""

from __future__ import annotations

import re

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
_WITH_REL = r'<a rel="nofollow ugc noopener" href="\1'  # EXTERNAL_REL, as a replacement


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
    return _EXTERNAL_LINK.sub(_WITH_REL, clean)
