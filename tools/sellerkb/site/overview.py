"""The home page's numbers and the statistics page."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import NamedTuple

from markupsafe import Markup

from ..kinds import Kind
from ..messages import N_
from . import labels
from .catalog import Catalog
from .charts import bar_chart
from .pages import PageParts, front_matter
from .render import render

MONEY_SHOWN = ("frozen", "claimed", "awarded")


class Totals(NamedTuple):
    """What the home and statistics pages count and sum."""

    kinds: Counter[Kind]
    affected: Counter[str]
    money: dict[tuple[str, str], float]  # (money kind, currency) -> sum


def totals(site: Catalog) -> Totals:
    """Cases by kind, affected counts summed, and money summed by kind and currency.
    Amounts are bounded by the model; a sum that still overflows is infinite, which the
    page shows as too large, and an amount that is no number is left out."""
    kinds = Counter(case.kind for case in site.cases)
    affected: Counter[str] = Counter()
    money: dict[tuple[str, str], float] = defaultdict(float)
    for case in site.cases:
        if case.meta.affected:
            affected.update(case.meta.affected.model_dump(exclude_none=True))
        for item in case.meta.money:
            if item.kind in MONEY_SHOWN and not math.isnan(item.amount):
                money[(item.kind, item.currency)] += item.amount
    return Totals(kinds, affected, dict(sorted(money.items())))


def home(site: Catalog, latest: int = 10) -> Markup:
    """HTML put in place of <!-- sellerkb:home --> on the home page."""
    kinds = totals(site).kinds
    return render(
        "home",
        site=site,
        here=site.url("index.md"),
        kinds=[(kind, kinds[kind]) for kind in Kind],
        latest=latest,
    )


def stats(site: Catalog) -> PageParts:
    """The statistics page: charts by kind, year and platform, and reported totals."""
    numbers = totals(site)
    years = Counter(case.year for case in site.cases)
    platforms = Counter(p for case in site.cases for p in case.meta.platforms)
    charts: list[tuple[str, str, list[tuple[str, int]]]] = [
        ("kinds", N_("Cases by kind"), [(site.kind_plural(k), numbers.kinds[k]) for k in Kind]),
        ("years", N_("Cases by year"), sorted(years.items())),
        (
            "platforms",
            N_("Cases by platform"),
            [(site.term(p), n) for p, n in platforms.most_common()],
        ),
    ]
    columns = {"kinds": site.facet_title("kind"), "years": site.facet_title("year")}
    columns["platforms"] = site.facet_title("platform")
    html = render(
        "stats",
        site=site,
        here=site.url("stats.md"),
        charts=[
            {
                "id": key,
                "title": site.t(title),
                "html": bar_chart(site, key, site.t(title), data, columns[key]),
            }
            for key, title, data in charts
        ],
        affected=[
            (site.t(labels.AFFECTED_TOTALS[k]), numbers.affected[k])
            for k in labels.AFFECTED_TOTALS
            if numbers.affected[k]
        ],
        money=[
            (site.t(labels.MONEY_TOTALS[kind]), site.amount(amount, currency))
            for (kind, currency), amount in numbers.money.items()
        ],
    )
    return PageParts(front_matter(site.t("Statistics"), search=False), html)
