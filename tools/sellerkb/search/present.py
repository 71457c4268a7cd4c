"""Search results for people (text) and for scripts (JSON).

Everything from a case or a query is escaped before it reaches a terminal: control
characters (C0, C1, DEL) and the bidirectional overrides and isolates are shown as
\\x.. or \\u.... escapes, whatever the validator let in.
"""

from __future__ import annotations

import json
import re

from . import labels
from .query import MARK_END, MARK_START, Hit, Results

# C0 and C1 controls and DEL (bar the marks and the newline), bidi embeddings, overrides
# and isolates.
_UNSAFE = re.compile(r"[\x00\x03-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with every control and direction character spelled as an escape."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m"  # as click.style(text, bold=True)


def _dim(text: str) -> str:
    return f"\x1b[2m{text}\x1b[0m"  # as click.style(text, dim=True)


def _marks(text: str, colour: bool) -> str:
    text = safe(text.replace("\n", " "))
    if colour:
        return text.replace(MARK_START, "\x1b[1;33m").replace(MARK_END, "\x1b[0m")
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _plain(text: str) -> str:
    return safe(text.replace(MARK_START, "").replace(MARK_END, "").replace("\n", " "))


def _hit_lines(hit: Hit, colour: bool, language: str) -> list[str]:
    head = _plain(hit.id)
    facts = " · ".join(
        _plain(f)
        for f in (
            labels.kind(language, hit.kind),
            hit.date,
            labels.status(language, hit.status),
            ", ".join(hit.platform_names.get(language) or hit.platform_names.get("en", [])),
        )
        if f
    )
    lines = [(_bold(head) if colour else head) + f"  {facts}"]
    lines.append(f"  {_plain(hit.title)}")
    path = _plain(hit.path)
    lines.append(f"  {_dim(path) if colour else path}")
    if hit.snippet:
        lines.append(f"  {_marks(hit.snippet, colour)}")
    lines.append("")
    return lines


def _quoted(text: str) -> str:
    return "'" + _plain(text) + "'"


def text(results: Results, colour: bool, language: str = "en") -> str:
    """The results as people read them; labels in `language`."""
    lines: list[str] = []
    for hit in results.hits:
        lines += _hit_lines(hit, colour, language)
    shown = len(results.hits)
    if results.total == 0:
        lines.append(f"No cases match {_quoted(results.query)}.")
    elif shown < results.total:
        lines.append(
            f"{results.total} cases match; showing the first {shown} (use --limit for more)."
        )
    else:
        lines.append(f"{results.total} case{'s' if results.total != 1 else ''} match.")
    if results.complete is not None and 0 < results.complete < results.total:
        every = results.complete
        lines.append(
            f"{every} of them {'has' if every == 1 else 'have'} every word; the others, "
            "some of the words."
        )
    if results.unmatched:
        missing = ", ".join(_plain(w) for w in results.unmatched)
        lines.append(f"No case has the word{'s' if len(results.unmatched) > 1 else ''}: {missing}")
    if results.suggestion:
        lines.append(f"Did you mean: {_plain(results.suggestion)}")
    for described, count in results.narrower:
        lines.append(f"Without {_plain(described)}: {count} case{'s' if count != 1 else ''}.")
    if results.partial:
        lines += ["", "Cases with some of the words:", ""]
        for hit in results.partial:
            lines += _hit_lines(hit, colour, language)
    return "\n".join(lines).rstrip("\n")


def as_json(results: Results) -> str:
    """One JSON object: the query, the counts, the hits and the advice."""
    dumped = json.dumps(
        {
            "query": results.query,
            "total": results.total,
            "complete": results.complete,
            "results": [hit.as_dict() for hit in results.hits],
            "unmatched": results.unmatched,
            "suggestion": results.suggestion,
            "partial": [hit.as_dict() for hit in results.partial],
        },
        ensure_ascii=False,
        indent=2,
    )
    # json escapes C0 controls itself; C1 controls and direction marks, not.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
