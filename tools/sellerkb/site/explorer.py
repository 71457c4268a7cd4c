"""The case explorer: one page that filters every case in the browser.

The data is a script (not JSON fetched at run time) so the page also works from disk.
"""

from __future__ import annotations

import json

from ..model import Kind
from . import labels
from .catalog import Catalog, relative
from .html import esc
from .pages import front_matter

DATA_PATH = "assets/sellerkb/explorer-data.js"

FILTERS = (
    ("kind", "Kind"),
    ("platform", "Platform"),
    ("marketplace", "Marketplace"),
    ("country", "Seller country"),
    ("topic", "Topic"),
    ("status", "Status"),
)


def data(site: Catalog) -> str:
    vocabulary = site.corpus.vocabulary
    rows = []
    for case in site.cases:
        meta = case.meta
        rows.append(
            {
                "id": case.id,
                "k": case.kind.value,
                "t": meta.title,
                "s": meta.summary,
                "d": meta.date,
                "st": case.status,
                "p": meta.platforms,
                "m": meta.marketplaces,
                "c": meta.seller_countries,
                "tp": meta.topics,
                "u": site.url(site.case_src(case.id)),
            }
        )
    options = {
        "kind": {k.value: labels.KIND_PLURALS[k] for k in Kind},
        "kindName": {k.value: labels.KIND_NAMES[k] for k in Kind},
        "platform": {s: labels.term(vocabulary, s) for s in sorted(site.facets["platform"])},
        "marketplace": {
            c: labels.country(c)
            for c in sorted({m for case in site.cases for m in case.meta.marketplaces})
        },
        "country": {
            c: labels.country(c)
            for c in sorted({m for case in site.cases for m in case.meta.seller_countries})
        },
        "topic": {s: labels.term(vocabulary, s) for s in sorted(site.facets["topic"])},
        "status": {s: labels.status(s) for s in sorted(site.facets["status"])},
    }
    payload = json.dumps(
        {"cases": rows, "options": options}, ensure_ascii=False, separators=(",", ":")
    )
    # "</" cannot end the script early, whatever the data says.
    return "window.SKB_EXPLORER = " + payload.replace("</", "<\\/") + ";\n"


def page(site: Catalog) -> tuple[str, str]:
    controls = "".join(
        f'<label>{label}<select name="{key}" data-filter="{key}"><option value="">Any</option>'
        "</select></label>"
        for key, label in FILTERS
    )
    years = sorted(site.facets["year"]) or ["2000"]
    here = site.url("explore.md")
    html = (
        f'<script src="{esc(relative(here, DATA_PATH))}"></script>'
        f'<form class="skb-explorer" id="skb-explorer" data-root="{esc(relative(here, ""))}" '
        'role="search" aria-label="Filter cases">'
        f"{controls}"
        f'<label>From year<input type="number" name="from" min="{years[0]}" max="{years[-1]}">'
        "</label>"
        f'<label>To year<input type="number" name="to" min="{years[0]}" max="{years[-1]}">'
        "</label>"
        '<label class="skb-wide">Text<input type="search" name="q" '
        'placeholder="Words in the title or summary"></label>'
        '<button type="reset">Clear</button></form>'
        '<p id="skb-explorer-count" aria-live="polite"></p>'
        '<table class="skb-table" id="skb-explorer-results" data-sortable><thead><tr>'
        '<th scope="col">Date</th><th scope="col">Case</th><th scope="col">Kind</th>'
        '<th scope="col">Status</th><th scope="col">Platforms</th></tr></thead>'
        "<tbody></tbody></table>"
        "<noscript><p>The explorer needs JavaScript. Without it, use "
        '<a href="../browse/">Browse</a> or the <a href="../timeline/">timeline</a>.'
        "</p></noscript>"
    )
    return front_matter("Explore cases"), html
