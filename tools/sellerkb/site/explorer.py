"""The case explorer: one page that filters every case in the browser.

The data is a script (not JSON fetched at run time) so the page also works from disk.
Its filters are the facets, with the values and meaning they have everywhere else.
"""

from __future__ import annotations

import json

from ..facets import FACETS
from .catalog import Catalog, relative
from .pages import PageParts, front_matter
from .render import render

DATA_PATH = "assets/sellerkb/explorer-data.js"
FILTERS = ("kind", "platform", "country", "topic", "violation", "authority", "status")


def data(site: Catalog) -> str:
    """The explorer's data as a script: every case with its facet values, and labels."""
    facets = [facet for facet in FACETS if facet.name in FILTERS]
    rows = [
        {
            "id": case.id,
            "t": site.title(case),
            "s": site.summary(case),
            "d": case.meta.date,
            "u": site.url(site.case_src(case.id)),
            "f": {facet.name: list(facet.values(case)) for facet in facets},
        }
        for case in site.cases
    ]
    options = {
        facet.name: {
            value: site.facet_label(facet.name, value) for value in site.facets[facet.name]
        }
        for facet in facets
    }
    options["kindName"] = {c.kind.value: site.kind_name(c.kind) for c in site.cases}
    options["platformName"] = {s: site.term(s) for s in site.facets["platform"]}
    options["statusName"] = {s: site.status_name(s) for s in site.facets["status"]}
    payload = json.dumps(
        {"cases": rows, "options": options}, ensure_ascii=False, separators=(",", ":")
    )
    # "</" cannot end the script early, whatever the data says.
    return "window.SKB_EXPLORER = " + payload.replace("</", "<\\/") + ";\n"


def page(site: Catalog) -> PageParts:
    """The explorer page: a filter form over the data script."""
    here = site.url("explore.md")
    years = sorted(site.facets["year"]) or ["2000"]
    html = render(
        "explorer",
        site=site,
        data_src=relative(here, DATA_PATH),
        root=relative(here, ""),
        filters=[(name, site.facet_title(name)) for name in FILTERS if site.facets[name]],
        years=years,
        browse_href=site.href(here, "browse/index.md"),
        timeline_href=site.href(here, "timeline.md"),
    )
    return PageParts(front_matter(site.t("Explore cases")), html)
