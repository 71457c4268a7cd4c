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
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {
    "*": {"title"},
    "a": {"href", "class"},
    "div": {"class"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align"},
    "th": {"align"},
    **{h: {"id"} for h in HEADINGS},
}
# The classes Python-Markdown's footnotes and toc extensions put on elements; any other
# class (and every style) in a case body is dropped.
GENERATED_CLASSES = {"a": {"footnote-ref", "footnote-backref", "headerlink"}, "div": {"footnote"}}
# The ids they make: footnotes (fn:1, fnref:1, fnref2:1) and toc's heading slugs. Heading
# text comes from the body, so a heading id that could be one of Material's own
# (__drawer, __search, __toc, __nav_1, ...) is dropped.
_FOOTNOTE_ID = {"li": re.compile(r"fn:\S+"), "sup": re.compile(r"fnref\d*:\S+")}
_HEADING_ID = re.compile(r"(?!__)[\w-]+")
EXTERNAL_REL = "nofollow ugc noopener"
_EXTERNAL = ("http:", "https:", "mailto:")
# A start tag of an <a> as nh3 writes it: every attribute name="value", with " and > escaped.
_ANCHOR = re.compile(r'<a((?: [^\s"=>]+="[^"]*")*)>')
_HREF = re.compile(r' href="([^"]*)"')
_URL_IGNORED = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: keep the ids and classes Python-Markdown makes, and make
    protocol-relative links explicit. (nh3 does not check what this returns.)"""
    if attribute == "class":
        classes = GENERATED_CLASSES.get(element, set())
        return value if value in classes else None
    if attribute == "id":
        if element in HEADINGS:
            return value if _HEADING_ID.fullmatch(value) else None
        pattern = _FOOTNOTE_ID.get(element)
        return value if pattern is not None and pattern.fullmatch(value) else None
    if attribute == "href":
        # As a browser reads a URL: tabs and newlines removed, leading and trailing
        # spaces and controls stripped, backslashes as slashes.
        url = _URL_IGNORED.sub("", value).strip(_C0_AND_SPACE).replace("\\", "/")
        if url.startswith("//"):
            return "https:" + url  # protocol-relative: another host, so external
    return value


def _mark_external(match: re.Match[str]) -> str:
    attributes = match.group(1)
    href = _HREF.search(attributes)
    if href is None or not href.group(1).lower().startswith(_EXTERNAL):
        return match.group(0)
    return f'<a rel="{EXTERNAL_REL}"{attributes}>'


def sanitize(fragment: str) -> str:
    """Allow-list HTML from case content: no scripts, no handlers, only safe links; only
    the ids and classes Python-Markdown makes, no styles; links to other hosts (also
    protocol-relative ones) get rel="nofollow ugc noopener"."""
    clean = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    return _ANCHOR.sub(_mark_external, clean) if "<a " in clean else clean
