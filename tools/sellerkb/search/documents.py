"""A valid case as a Whoosh document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .fields import date_bounds
from .text import plain

if TYPE_CHECKING:
    from ..model import Case


def document(case: Case) -> dict[str, Any]:
    meta = case.meta
    lo, hi = date_bounds(meta.date)
    return {
        "id": case.id,
        "path": case.path,
        "kind": case.kind.value,
        "title": meta.title,
        "summary": meta.summary,
        "body": plain(case.body),
        "date": meta.date,
        "date_lo": lo,
        "date_hi": hi,
        "status": case.status,
        "platform": ",".join(meta.platforms),
        "country": ",".join(case.countries),
        "topic": ",".join(meta.topics),
        "violation": ",".join(case.violations),
        "forum": getattr(meta, "forum", "") or "",
        "issuer": getattr(meta, "issuer", "") or "",
    }


def entry(case: Case) -> tuple[dict[str, Any], list[str]]:
    """What the index keeps of a case: its document and the ids it refers to.
    Made in the loader's worker processes, so it must be plain data."""
    return document(case), case.references
