"""`sellerkb new`: a case file from a template, written atomically and never over another."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .model import Kind
from .problems import Problem

_STATUS = {Kind.BANS: "unknown", Kind.LAWSUITS: "pending", Kind.POLICIES: "announced"}
_ALLOWED_STATUS = {
    Kind.BANS: "active, partially-reinstated, reinstated, unknown",
    Kind.LAWSUITS: "pending, settled, decided, dismissed, withdrawn, unknown",
    Kind.POLICIES: "proposed, announced, in-effect, withdrawn, superseded",
}


class CaseExists(Exception):
    pass


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render(
    kind: Kind, title: str, platform: str, date: str, source_url: str, source_title: str
) -> str:
    lines = [
        "---",
        f"title: {_q(title)}",
        "summary: >-",
        "  TODO: two or three plain sentences saying what happened, as the sources report it.",
        f"date: {date}",
        f"status: {_STATUS[kind]}  # one of: {_ALLOWED_STATUS[kind]}",
    ]
    if kind is Kind.POLICIES:
        lines.append(f"issuer: {platform}  # a platforms or authorities slug")
    else:
        lines.append(f"platforms: [{platform}]")
    lines += [
        "# marketplaces: [US]        # ISO country codes, EU or GLOBAL",
        "# seller_countries: [CN]    # where the affected sellers are based",
        "topics: []  # at least one slug from the topics in cases/vocabulary.yml",
    ]
    if kind is Kind.BANS:
        lines.append("violations: [unspecified]  # what the platform alleged")
    if kind is Kind.LAWSUITS:
        lines += [
            "forum: court  # court, arbitration or regulator",
            "plaintiffs: [TODO]  # organisations only: never name private individuals",
            f"defendants: [{_q('TODO')}]",
        ]
    lines += [
        "sources:",
        f"  - title: {_q(source_title)}",
    ]
    if source_url:
        lines.append(f"    url: {_q(source_url)}")
    lines += [
        "    # publisher: ...",
        "    # date: YYYY-MM-DD",
        "    # language: en",
        "---",
        "",
        "## What happened",
        "",
        'TODO: what the sources report, in plain and neutral words ("reported", "alleged").',
        "",
        "## Timeline",
        "",
        f"- {date}: TODO",
        "",
        "## Outcome",
        "",
        "TODO: where things stand, according to the sources.",
        "",
    ]
    return "\n".join(lines)


def existing_case(root: Path, case_id: str) -> Path | None:
    for kind in Kind:
        for candidate in (root / "cases" / kind.value).glob("*.md"):
            if candidate.stem.lower() == case_id.lower():
                return candidate
    return None


def write_new(path: Path, content: str) -> None:
    """Write content to path atomically; fail with CaseExists rather than replace a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".new-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temp, path)  # fails if path exists, unlike rename
        except FileExistsError:
            raise CaseExists(str(path)) from None
    finally:
        os.unlink(temp)


def next_steps(rel: str, problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity.value == "error"]
    todo = sorted({p.message.split(":")[0] for p in errors})
    first = (
        f"Open {rel} and replace every TODO"
        + (f" (still to fill: {', '.join(todo)})" if todo else "")
        + "."
        if errors
        else f"Read {rel} through against its sources."
    )
    return "\n".join(
        [
            f"Created {rel}.",
            "",
            "Next steps:",
            f"  1. {first}",
            "     The case format: docs/reference/case-format.md",
            f"  2. Check it:   sellerkb validate {rel}",
            "  3. Preview it: make serve, then open http://localhost:8000/",
            "  4. Send it as a pull request; CONTRIBUTING.md explains review.",
        ]
    )
