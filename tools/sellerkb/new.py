"""`sellerkb new`: a case file from a template, written by the one writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .kinds import STATUSES, Kind
from .problems import Problem
from .write import CaseExists as CaseExists
from .write import case_text
from .write import write_new as write_new

_PLACEHOLDER_SUMMARY = (
    "TODO: two or three plain sentences saying what happened, as the sources report it."
)


def render(
    kind: Kind, title: str, platform: str, date: str, source_url: str, source_title: str
) -> str:
    """The template of a new case: what is known filled in, TODO where the author writes."""
    fields: dict[str, Any] = {
        "title": title,
        "summary": _PLACEHOLDER_SUMMARY,
        "date": date,
        "reviewed": None,
        "status": kind.default_status,
    }
    comments = {
        "status": "one of: " + ", ".join(STATUSES[kind]),
        "reviewed": "YYYY-MM-DD, the day you checked the case against its sources",
        "issuer": "a platforms or authorities slug",
        "marketplaces": "[US]  ISO country codes, EU or GLOBAL",
        "seller_countries": "[CN]  where the affected sellers are based",
        "topics": "at least one slug from the topics in cases/vocabulary.yml",
        "violations": "what the platform alleged",
        "forum": "court, arbitration or regulator",
        "plaintiffs": "organisations only: never name private individuals",
    }
    if kind is Kind.POLICIES:
        fields["issuer"] = platform
    else:
        fields["platforms"] = [platform]
    fields |= {"marketplaces": None, "seller_countries": None, "topics": []}
    if kind is Kind.BANS:
        fields["violations"] = ["unspecified"]
    if kind is Kind.LAWSUITS:
        fields |= {"forum": "court", "plaintiffs": ["TODO"], "defendants": ["TODO"]}
    source: dict[str, str] = {"title": source_title}
    if source_url:
        source["url"] = source_url
    fields["sources"] = [source]
    body = "\n".join(
        [
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
    )
    return case_text(fields, body, comments)


def existing_case(root: Path, case_id: str) -> Path | None:
    """The file of a case with this id in any kind (names compared case-insensitively)."""
    for kind in Kind:
        for candidate in (root / "cases" / kind.value).glob("*.md"):
            if candidate.stem.lower() == case_id.lower():
                return candidate
    return None


def next_steps(rel: str, problems: list[Problem]) -> str:
    """What to do after a case file was written: what is left, how to check and preview."""
    errors = [p for p in problems if p.severity.value == "error"]
    todo = sorted({p.field for p in errors if p.field})
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
