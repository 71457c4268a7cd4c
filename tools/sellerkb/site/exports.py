"""The files a reader can download: one table that both writes them and describes them
on the Data page."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import api, export
from ..case_schema import case_schema
from ..messages import N_
from .catalog import Catalog


@dataclass(frozen=True)
class Export:
    """A downloadable file (or set of files): where it lives, what it is, and what makes it."""

    path: str  # under the site root; "<id>" stands for each case
    name: str
    description: str
    make: Callable[[Catalog, Options], Iterator[tuple[str, str]]]  # -> (path, text) files
    linked: bool = True  # whether the Data page links it (not for a pattern)
    # The same files in every language (nothing in them is translated or has the site's
    # URL): made once a build and written into each language's folder.
    shared: bool = False


@dataclass(frozen=True)
class Options:
    """What exports need of the site's configuration."""

    site_name: str
    site_url: str
    feed_size: int


Make = Callable[[Catalog, Options], Iterator[tuple[str, str]]]


def _one(path: str, text: Callable[[Catalog, Options], str]) -> Make:
    def make(site: Catalog, options: Options) -> Iterator[tuple[str, str]]:
        yield path, text(site, options)

    return make


def _url_of(site: Catalog) -> Callable[[str], str]:
    return lambda case_id: site.url(site.case_src(case_id))


def _api(site: Catalog, options: Options) -> Iterator[tuple[str, str]]:
    stamp = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds set it
    when = (
        datetime.datetime.fromtimestamp(int(stamp), datetime.UTC)
        if stamp and stamp.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    where = api.Site(when, options.site_url, _url_of(site))
    for item in api.api_files(site.corpus, where):
        yield item.path, item.text


def _per_case(site: Catalog, options: Options) -> Iterator[tuple[str, str]]:
    for case in site.cases:
        record = export.record(case, _url_of(site)(case.id))
        yield f"data/cases/{case.id}.json", json.dumps(record, ensure_ascii=False, indent=1)


EXPORTS = (
    Export(
        "api/v1/index.json",
        "api/v1/",
        N_(
            "the versioned static API: every case, each case, the cases of each platform, "
            "topic and country, the vocabulary, with JSON Schemas and an OpenAPI description "
            "(api/v1/openapi.json); cases.ndjson for search engines. See the API page."
        ),
        _api,
    ),
    Export(
        "data/cases.json",
        "cases.json",
        N_("every case, every field, its URL, its Markdown body and its translations."),
        _one("data/cases.json", lambda site, _: export.cases_json(site.corpus, _url_of(site))),
        shared=True,
    ),
    Export(
        "data/cases.csv",
        "cases.csv",
        N_(
            "one row per case; lists are joined with ;, lists of maps (money, sources) are "
            "JSON. Cells that a spreadsheet would run as a formula are neutralized."
        ),
        _one("data/cases.csv", lambda site, _: export.cases_csv(site.corpus, _url_of(site))),
        shared=True,
    ),
    Export(
        "data/cases/<id>.json",
        "data/cases/<id>.json",
        N_("one JSON file per case, linked from each case page."),
        _per_case,
        linked=False,
        shared=True,
    ),
    Export(
        "data/case.schema.json",
        "case.schema.json",
        N_("the JSON Schema (Draft 2020-12) of case front matter."),
        _one("data/case.schema.json", lambda site, _: json.dumps(case_schema(), indent=2)),
        shared=True,
    ),
    Export(
        "feed.xml",
        "feed.xml",
        N_("an Atom feed of the latest cases; an entry is updated when its case is reviewed."),
        _one(
            "feed.xml",
            lambda site, o: export.atom_feed(
                site.corpus, o.site_name, o.site_url, o.feed_size, _url_of(site)
            ),
        ),
    ),
)
