"""The home page's numbers and the statistics page."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from ..model import Kind
from . import labels
from .catalog import Catalog
from .charts import bar_chart
from .html import badge, esc, link, table
from .pages import front_matter

MONEY_SHOWN = ("frozen", "claimed", "awarded")


def totals(site: Catalog) -> dict[str, object]:
    """Cases by kind, affected counts summed, and money summed by kind and currency.
    Amounts are bounded by the model; a sum that still overflows is infinite, which
    `labels.money` shows as too large, and an amount that is no number is left out."""
    kinds = Counter(case.kind for case in site.cases)
    affected: Counter[str] = Counter()
    money: dict[tuple[str, str], float] = defaultdict(float)
    for case in site.cases:
        if case.meta.affected:
            affected.update(case.meta.affected.model_dump(exclude_none=True))
        for item in case.meta.money:
            if item.kind in MONEY_SHOWN and not math.isnan(item.amount):
                money[(item.kind, item.currency)] += item.amount
    return {"kinds": kinds, "affected": affected, "money": dict(sorted(money.items()))}


def _latest(site: Catalog, here: str, count: int) -> str:
    items = "".join(
        f"<li>{badge(labels.KIND_NAMES[c.kind], c.kind.value)} "
        f"{link(site.href(here, site.case_src(c.id)), c.title)} "
        f'<span class="skb-date">{esc(c.meta.date)}</span></li>'
        for c in site.cases[:count]
    )
    return f'<ul class="skb-latest">{items}</ul>'


def home(site: Catalog, latest: int = 10) -> str:
    """HTML put in place of <!-- sellerkb:home --> on the home page."""
    here = site.url("index.md")
    numbers = totals(site)
    kinds: Counter[Kind] = numbers["kinds"]  # type: ignore[assignment]
    cards = "".join(
        f'<a class="skb-stat" href="{esc(site.href(here, site.facet_src("kind", k.value)))}">'
        f"<strong>{labels.count(kinds[k])}</strong> {esc(labels.KIND_PLURALS[k].lower())}</a>"
        for k in Kind
    )
    return (
        f'<div class="skb-stats">{cards}</div>'
        f'<h2 id="latest">Latest cases</h2>{_latest(site, here, latest)}'
        f"<p>{link(site.href(here, 'explore.md'), 'Explore all cases')} · "
        f"{link(site.href(here, 'stats.md'), 'Statistics')} · "
        f"{link(site.href(here, 'data.md'), 'Download the data')}</p>"
    )


def stats(site: Catalog) -> tuple[str, str]:
    here = site.url("stats.md")
    numbers = totals(site)
    kinds: Counter[Kind] = numbers["kinds"]  # type: ignore[assignment]
    years = Counter(case.meta.date[:4] for case in site.cases)
    platforms = Counter(p for case in site.cases for p in case.meta.platforms)
    vocabulary = site.corpus.vocabulary
    parts = [
        f"<p>{labels.count(len(site.cases))} cases. Counts and sums are of what the cases "
        "report; one event can appear in more than one case, so sums may count it twice.</p>",
        '<h2 id="kinds">Cases by kind</h2>',
        bar_chart("kinds", "Cases by kind", [(labels.KIND_PLURALS[k], kinds[k]) for k in Kind]),
        '<h2 id="years">Cases by year</h2>',
        bar_chart("years", "Cases by year", sorted(years.items())),
        '<h2 id="platforms">Cases by platform</h2>',
        bar_chart(
            "platforms",
            "Cases by platform",
            [(labels.term(vocabulary, p), n) for p, n in platforms.most_common()],
        ),
    ]
    affected: Counter[str] = numbers["affected"]  # type: ignore[assignment]
    parts.append('<h2 id="affected">Sellers and accounts affected</h2>')
    rows = [
        [esc(labels.AFFECTED[k].capitalize()), labels.count(affected[k])]
        for k in labels.AFFECTED
        if affected[k]
    ]
    parts.append(table(["Affected", "Total reported"], rows) if rows else "<p>None reported.</p>")
    money: dict[tuple[str, str], float] = numbers["money"]  # type: ignore[assignment]
    parts.append('<h2 id="money">Money frozen, claimed and awarded</h2>')
    rows = [
        [esc(kind.capitalize()), esc(labels.money(amount, currency))]
        for (kind, currency), amount in money.items()
    ]
    parts.append(table(["Kind", "Total by currency"], rows) if rows else "<p>None reported.</p>")
    parts.append('<h2 id="latest">Latest cases</h2>' + _latest(site, here, 10))
    return front_matter("Statistics", search=False), "".join(parts)
