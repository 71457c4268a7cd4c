"""Search results for people (text) and for scripts (JSON)."""

from __future__ import annotations

import json

import click

from ..kinds import Kind
from .query import MARK_END, MARK_START, Results


def _marks(text: str, colour: bool) -> str:
    if colour:
        return text.replace(MARK_START, "\x1b[1;33m").replace(MARK_END, "\x1b[0m")
    return text.replace(MARK_START, "").replace(MARK_END, "")


def text(results: Results, colour: bool) -> str:
    lines: list[str] = []
    for hit in results.hits:
        head = hit.id
        facts = " · ".join(
            filter(
                None,
                [Kind(hit.kind).singular, hit.date, hit.status, ", ".join(hit.platforms)],
            )
        )
        lines.append((click.style(head, bold=True) if colour else head) + f"  {facts}")
        lines.append(f"  {hit.title}")
        lines.append(f"  {click.style(hit.path, dim=True) if colour else hit.path}")
        if hit.snippet:
            lines.append(f"  {_marks(hit.snippet, colour)}")
        lines.append("")
    shown = len(results.hits)
    if results.total == 0:
        lines.append(f"No cases match {results.query!r}.")
        if results.suggestion:
            lines.append(f"Did you mean: {results.suggestion}")
        for described, count in results.narrower:
            lines.append(f"Without {described}: {count} case{'s' if count != 1 else ''}.")
    elif shown < results.total:
        lines.append(
            f"{results.total} cases match; showing the first {shown} (use --limit for more)."
        )
    else:
        lines.append(f"{results.total} case{'s' if results.total != 1 else ''} match.")
    return "\n".join(lines)


def as_json(results: Results) -> str:
    return json.dumps(
        {
            "query": results.query,
            "total": results.total,
            "results": [hit.as_dict() for hit in results.hits],
        },
        ensure_ascii=False,
        indent=2,
    )
