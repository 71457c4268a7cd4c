"""Markdown to the plain text that is indexed and shown in snippets."""

from __future__ import annotations

import re

from ..markdown_syntax import prose

_MARKERS = re.compile(r"^[ \t]{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def plain(markdown: str) -> str:
    """The text of a body: links read as their text, without definitions, fence lines,
    block markers or emphasis."""
    text = _MARKERS.sub("", prose(markdown))
    text = _EMPHASIS.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
