"""Pages made from cases: the case page, listings, the browse index and the timeline.

Each function returns (markdown, html): the Markdown MkDocs renders (front matter and
anything that should reach the table of contents), and HTML the plugin adds after
rendering. Every case string in the HTML is escaped or sanitized.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..checks.body import retarget_links
from ..model import Case, LawsuitFields, PolicyFields
from . import labels
from .catalog import FACET_TITLES, FACETS, Catalog, relative
from .html import badge, esc, link, sort_key, table


def front_matter(title: str, description: str = "", *, search: bool = True) -> str:
    """MkDocs page meta. Titles are HTML-escaped: themes print them unescaped.
    Pages that repeat case titles by the thousand stay out of the search index."""
    meta: dict[str, object] = {"title": esc(title)}
    if description:
        meta["description"] = esc(description)
    if not search:
        meta["search"] = {"exclude": True}
    return (
        "---\n"
        + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        + "\n---\n\n"
    )


def case_markdown(case: Case, site: Catalog) -> str:
    """The body, with links to other cases pointed at their pages."""
    ids = site.corpus.cases

    def to_page(target: str) -> str | None:
        case_id, _, fragment = target.partition("#")
        if case_id not in ids:
            return None
        return f"{case_id}.md" + (f"#{fragment}" if fragment else "")

    body = retarget_links(case.body, to_page)
    return front_matter(case.title, case.meta.summary, search=False) + body


def _links(site: Catalog, here: str, facet: str, values: Iterable[str]) -> str:
    return ", ".join(
        link(site.href(here, site.facet_src(facet, v)), site.facet_label(facet, v)) for v in values
    )


def _date_range(start: str, end: str | None) -> str:
    return f"{esc(start)} to {esc(end)}" if end else esc(start)


def case_card(case: Case, site: Catalog) -> str:
    here = site.url(site.case_src(case.id))
    meta = case.meta
    badges = [
        badge(labels.KIND_NAMES[case.kind], case.kind.value),
        badge(labels.status(case.status), "status"),
    ]
    facts: list[tuple[str, str]] = [("Date", _date_range(meta.date, meta.end_date))]
    if isinstance(meta, PolicyFields):
        facts.append(("Issuer", esc(labels.term(site.corpus.vocabulary, meta.issuer))))
        if meta.effective_date:
            facts.append(("Effective", esc(meta.effective_date)))
    if meta.platforms:
        facts.append(("Platforms", _links(site, here, "platform", meta.platforms)))
    if meta.marketplaces:
        facts.append(("Marketplaces", _links(site, here, "country", meta.marketplaces)))
    if meta.seller_countries:
        facts.append(("Sellers based in", _links(site, here, "country", meta.seller_countries)))
    facts.append(("Topics", _links(site, here, "topic", meta.topics)))
    violations = getattr(meta, "violations", None)
    if violations:
        facts.append(("Alleged", _links(site, here, "violation", violations)))
    if isinstance(meta, LawsuitFields):
        facts.append(("Forum", esc(labels.FORUMS[meta.forum])))
        if meta.venue:
            facts.append(("Venue", esc(meta.venue)))
        if meta.case_number:
            facts.append(("Case number", f"<code>{esc(meta.case_number)}</code>"))
        facts.append(("Plaintiffs", "; ".join(esc(p) for p in meta.plaintiffs)))
        facts.append(("Defendants", "; ".join(esc(d) for d in meta.defendants)))
        if meta.class_action:
            badges.append(badge("Class action", "class-action"))
        if meta.ruling:
            facts.append(("Ruling", esc(labels.RULINGS[meta.ruling])))
    if meta.affected:
        counts = [
            f"{labels.count(n)} {labels.AFFECTED[k]}"
            for k, n in meta.affected.model_dump(exclude_none=True).items()
        ]
        facts.append(("Affected", esc(", ".join(counts))))
    for item in meta.money:
        text = ("about " if item.estimate else "") + labels.money(item.amount, item.currency)
        text += f" {labels.MONEY_KINDS[item.kind]}"
        note = f' <span class="skb-note">({esc(item.note)})</span>' if item.note else ""
        facts.append(("Money", f'<span class="skb-money">{esc(text)}</span>{note}'))
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
    return (
        f'<h1>{esc(meta.title)}</h1><div class="skb-card"><p class="skb-badges">'
        f'{"".join(badges)}</p><p class="skb-summary">{esc(meta.summary)}</p>'
        f'<dl class="skb-facts">{rows}</dl></div>'
    )


def case_footer(case: Case, site: Catalog, edit_url: str, issue_url: str) -> str:
    here = site.url(site.case_src(case.id))
    parts = ['<h2 id="sources">Sources</h2><ol class="skb-sources">']
    for source in case.meta.sources:
        title = (
            link(source.url, source.title, external=True)
            if source.url
            else f"{esc(source.title)} <em>(no link)</em>"
        )
        details = [esc(d) for d in (source.publisher, source.date) if d]
        if source.language:
            details.append(esc(labels.language(source.language)))
        if source.archive_url:
            details.append(link(source.archive_url, "archived copy", external=True))
        parts.append(f"<li>{title}" + (" · " + " · ".join(details) if details else "") + "</li>")
    parts.append("</ol>")
    related = site.related(case)
    if related:
        parts.append('<h2 id="related">Related cases</h2><ul class="skb-related">')
        for other, backlink in related:
            href = site.href(here, site.case_src(other.id))
            note = ' <span class="skb-note">(links here)</span>' if backlink else ""
            parts.append(
                f"<li>{badge(labels.KIND_NAMES[other.kind], other.kind.value)} "
                f'{link(href, other.title)} <span class="skb-date">'
                f"{esc(other.meta.date)}</span>{note}</li>"
            )
        parts.append("</ul>")
    data = relative(here, f"data/cases/{case.id}.json")
    actions = [
        link(edit_url, "Edit this case", external=True, cls="skb-action"),
        link(issue_url, "Suggest a correction", external=True, cls="skb-action"),
        link(data, "Download as JSON", cls="skb-action"),
    ]
    parts.append(f'<p class="skb-actions">{" ".join(actions)}</p>')
    return "".join(parts)


def case_rows(cases: Iterable[Case], site: Catalog, here: str) -> list[list[str]]:
    rows = []
    for case in cases:
        href = site.href(here, site.case_src(case.id))
        countries = sorted({*case.meta.marketplaces, *case.meta.seller_countries})
        rows.append(
            [
                sort_key(case.meta.date, esc(case.meta.date)),
                link(href, case.title),
                esc(labels.KIND_NAMES[case.kind]),
                esc(labels.status(case.status)),
                esc(", ".join(labels.term(site.corpus.vocabulary, p) for p in case.meta.platforms)),
                esc(", ".join(countries)),
            ]
        )
    return rows


CASE_COLUMNS = ("Date", "Case", "Kind", "Status", "Platforms", "Countries")


def listing(site: Catalog, facet: str, value: str) -> tuple[str, str]:
    label = site.facet_label(facet, value)
    cases = site.facets[facet][value]
    here = site.url(site.facet_src(facet, value))
    title = f"{FACET_TITLES[facet]}: {label}"
    intro = f"<p>{labels.count(len(cases))} case{'s' if len(cases) != 1 else ''}, newest first.</p>"
    return (
        front_matter(title, search=False),
        intro + table(CASE_COLUMNS, case_rows(cases, site, here)),
    )


def browse(site: Catalog) -> tuple[str, str]:
    here = site.url("browse/index.md")
    parts = []
    for facet in FACETS:
        values = site.facets[facet]
        if not values:
            continue
        items = "".join(
            f"<li>{link(site.href(here, site.facet_src(facet, v)), site.facet_label(facet, v))}"
            f' <span class="skb-count">{len(cases)}</span></li>'
            for v, cases in values.items()
        )
        parts.append(
            f'<h2 id="{facet}">By {FACET_TITLES[facet].lower()}</h2>'
            f'<ul class="skb-facet">{items}</ul>'
        )
    return front_matter("Browse cases"), "".join(parts)


def timeline(site: Catalog) -> tuple[str, str]:
    here = site.url("timeline.md")
    years: dict[str, list[Case]] = {}
    for case in site.cases:
        years.setdefault(case.meta.date[:4], []).append(case)
    parts = [f"<p>All {labels.count(len(site.cases))} cases by date, newest first.</p>"]
    for year, cases in years.items():
        parts.append(f'<h2 id="y{year}">{year}</h2>')
        parts.append(table(CASE_COLUMNS, case_rows(cases, site, here)))
    return front_matter("Timeline", search=False), "".join(parts)
