"""The facets of a case: the one table that listings, the explorer, search documents,
search filters, exports and duplicate checks read. Light to import (no model at run time).

Each facet has a name (also its search field and filter), a title, the values a case has,
and how its values are labelled (`vocabulary`, `country`, `kind`, `status` or `plain`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .messages import N_

if TYPE_CHECKING:
    from .model import Case


@dataclass(frozen=True)
class Facet:
    """One way to group cases: its name, title, the values of a case, and how values are named."""

    name: str
    title: str
    values: Callable[[Case], Sequence[str]]
    labels: str  # how values are named: vocabulary, country, kind, status or plain


FACETS: tuple[Facet, ...] = (
    Facet("kind", N_("Kind"), lambda case: [case.kind.value], "kind"),
    Facet(
        "platform",
        N_("Platform"),
        lambda case: list(case.meta.platforms),
        "vocabulary",
    ),
    Facet("country", N_("Country"), lambda case: case.countries, "country"),
    Facet("topic", N_("Topic"), lambda case: list(case.meta.topics), "vocabulary"),
    Facet("violation", N_("Violation"), lambda case: case.violations, "vocabulary"),
    Facet("authority", N_("Authority"), lambda case: case.authorities, "vocabulary"),
    Facet("status", N_("Status"), lambda case: [case.status], "status"),
    Facet("year", N_("Year"), lambda case: [case.year], "plain"),
)
BY_NAME = {facet.name: facet for facet in FACETS}
# Facets a search can filter by (the year is a date range instead).
FILTERS: tuple[str, ...] = tuple(f.name for f in FACETS if f.name != "year")


def values(case: Case, name: str) -> Sequence[str]:
    """The values of one facet of a case."""
    return BY_NAME[name].values(case)
