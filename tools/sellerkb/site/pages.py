"""Pages made from cases: the case page, listings, the browse index and the timeline.

Each page is the Markdown MkDocs renders (front matter, and anything that should reach the
table of contents) plus HTML from a template that the plugin adds after rendering.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from markupsafe import Markup, escape

from ..checks.body import retarget_links
from ..citation import cite
from ..facets import FACETS
from ..feeds import FeedInfo
from ..kinds import LANGUAGES, OPEN_STATUSES, Kind
from ..messages import N_
from ..model import Case, coverage
from .catalog import Catalog, relative
from .render import render


class PageParts(NamedTuple):
    """A generated page: the Markdown MkDocs renders, and the HTML appended to it."""

    markdown: str
    html: Markup


def front_matter(title: str, description: str = "", *, search: bool = True) -> str:
    """MkDocs page meta. Titles are HTML-escaped: themes print them unescaped.
    Pages that repeat case titles by the thousand stay out of the search index."""
    meta: dict[str, object] = {"title": str(escape(title))}
    if description:
        meta["description"] = str(escape(description))
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

    body = retarget_links(site.body(case), to_page)
    return front_matter(site.title(case), site.summary(case), search=False) + body


def case_card(case: Case, site: Catalog) -> Markup:
    """The head of a case page: title, badges, summary and facts."""
    return render("case_card", case=case, site=site, here=site.url(site.case_src(case.id)))


def case_footer(case: Case, site: Catalog, edit_url: str, issue_url: str) -> Markup:
    """The foot of a case page: sources, related cases and actions."""
    here = site.url(site.case_src(case.id))
    return render(
        "case_footer",
        case=case,
        site=site,
        here=here,
        related=site.related(case),
        edit_url=edit_url,
        issue_url=issue_url,
        data_url=site.href(here, f"data/cases/{case.id}.json"),
    )


def root_path(site: Catalog, url: str) -> str:
    """A page's URL from the root of the whole site (every language)."""
    return url if site.language == LANGUAGES[0] else f"{site.language}/{url}"


def feed_href(site: Catalog, here: str, feed: FeedInfo) -> str:
    """The link from the page at `here` (in the build's language) to a feed."""
    return relative(root_path(site, here), feed.path)


def search_script(here: str) -> Markup:
    """The <script> in a page's head that adds the words of case bodies to the search
    box after the first query: it must run before the theme makes its search worker."""
    return render("search_script", src=relative(here, "assets/sellerkb/search-bodies.js"))


def feed_link(site: Catalog, here: str, feed: FeedInfo) -> Markup:
    """The <link rel="alternate"> of a feed, for the page's head."""
    return render("feed_link", site=site, feed=feed, href=feed_href(site, here, feed))


def citation(case: Case, site: Catalog, site_name: str, site_url: str) -> Markup:
    """'Cite this case' in plain text, BibTeX and CSL-JSON, at its permanent URL."""
    url = root_path(site, site.url(site.case_src(case.id)))
    permanent = f"{site_url.rstrip('/')}/{url}" if site_url else url
    cited = cite(
        case, permanent, site_name, language=site.language, reviewed_label=site.t("last reviewed")
    )
    return render("citation", site=site, citation=cited)


def listing(site: Catalog, facet: str, value: str, feed: FeedInfo | None = None) -> PageParts:
    """The cases of one facet value, newest first, with the feed that follows them."""
    cases = site.facets[facet][value]
    here = site.url(site.facet_src(facet, value))
    title = site.t("%(facet)s: %(value)s") % {
        "facet": site.facet_title(facet),
        "value": site.facet_label(facet, value),
    }
    html = render("listing", site=site, here=here, cases=cases)
    if feed is not None:
        html = render("subscribe", site=site, feed=feed, href=feed_href(site, here, feed)) + html
    return PageParts(front_matter(title, search=False), html)


def browse(site: Catalog) -> PageParts:
    """Every facet value with its count."""
    html = render("browse", site=site, here=site.url("browse/index.md"), facets=FACETS)
    return PageParts(front_matter(site.t("Browse cases")), html)


def timeline(site: Catalog) -> PageParts:
    """Every case by year, newest first."""
    years: dict[str, list[Case]] = {}
    for case in site.cases:
        years.setdefault(case.year, []).append(case)
    html = render("timeline", site=site, here=site.url("timeline.md"), years=years)
    return PageParts(front_matter(site.t("Timeline"), search=False), html)


AWAITING = {
    Kind.BANS: N_("a reinstatement, the release of funds, or news that the closures stand"),
    Kind.LAWSUITS: N_("a decision, a settlement, a dismissal, or the outcome of an appeal"),
    Kind.POLICIES: N_("the rule taking effect, or its withdrawal"),
}


def needs_review(site: Catalog) -> PageParts:
    """Open cases, the longest unchecked first, with what would close each."""
    open_cases = [c for c in site.cases if c.status in OPEN_STATUSES[c.kind]]
    open_cases.sort(key=lambda c: (c.meta.reviewed or "", c.id))
    rows = [(c, c.meta.awaiting or site.t(AWAITING[c.kind])) for c in open_cases]
    html = render("needs_review", site=site, here=site.url("needs-review.md"), rows=rows)
    return PageParts(front_matter(site.t("Needs review"), search=False), html)


def translations(site: Catalog) -> PageParts:
    """Translation coverage: how many cases each language has, stale and missing."""
    rows = [row for row in coverage(site.corpus) if row.cases]
    kinds = {kind.value: kind for kind in Kind}
    here = site.url("translations.md")
    html = render("translations", site=site, here=here, rows=rows, kinds=kinds)
    return PageParts(front_matter(site.t("Translations"), search=False), html)
