"""What the site derives from the corpus once per build: facets, backlinks, URLs."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

from ..export import ordered
from ..model import Case, Corpus, Kind
from . import labels

FACETS = ("kind", "platform", "country", "topic", "violation", "status", "year")
FACET_TITLES = {
    "kind": "Kind",
    "platform": "Platform",
    "country": "Country",
    "topic": "Topic",
    "violation": "Violation",
    "status": "Status",
    "year": "Year",
}


def facet_values(case: Case, facet: str) -> list[str]:
    meta = case.meta
    if facet == "kind":
        return [case.kind.value]
    if facet == "platform":
        return list(meta.platforms)
    if facet == "country":
        return sorted({*meta.marketplaces, *meta.seller_countries})
    if facet == "topic":
        return list(meta.topics)
    if facet == "violation":
        return list(getattr(meta, "violations", []))
    if facet == "status":
        return [case.status]
    return [meta.date[:4]]


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    stem = src_uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """The link from one page's URL to another's, as MkDocs would write it."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    if base == "/":
        base = ""
    return "../" * base.count("/") + to_url or "./"


@dataclass
class Catalog:
    corpus: Corpus
    directory_urls: bool = True
    cases: list[Case] = field(default_factory=list)  # newest first
    facets: dict[str, dict[str, list[Case]]] = field(default_factory=dict)
    backlinks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, corpus: Corpus, directory_urls: bool = True) -> Catalog:
        index = cls(corpus, directory_urls, ordered(corpus))
        facets: dict[str, dict[str, list[Case]]] = {f: defaultdict(list) for f in FACETS}
        backlinks: dict[str, list[str]] = defaultdict(list)
        for case in index.cases:
            for facet in FACETS:
                for value in facet_values(case, facet):
                    facets[facet][value].append(case)
            for other in case.meta.related:
                backlinks[other].append(case.id)
        index.facets = {f: dict(sorted(v.items())) for f, v in facets.items()}
        index.backlinks = dict(backlinks)
        return index

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def href(self, here: str, src_uri: str) -> str:
        """The link from the page at URL `here` to the page made from `src_uri`."""
        return relative(here, self.url(src_uri))

    def case_src(self, case_id: str) -> str:
        return f"cases/{case_id}.md"

    def facet_src(self, facet: str, value: str) -> str:
        return f"browse/{facet}/{value.lower()}.md"

    def facet_label(self, facet: str, value: str) -> str:
        vocabulary = self.corpus.vocabulary
        if facet == "kind":
            return labels.KIND_PLURALS[Kind(value)]
        if facet in ("platform", "topic", "violation"):
            return labels.term(vocabulary, value)
        if facet == "country":
            return labels.country(value)
        if facet == "status":
            return labels.status(value)
        return value

    def related(self, case: Case) -> list[tuple[Case, bool]]:
        """Cases related to this one both ways: (case, whether only the other links here)."""
        out: list[tuple[Case, bool]] = []
        seen = set()
        for other in case.meta.related:
            if other in self.corpus.cases and other not in seen:
                out.append((self.corpus.cases[other], False))
                seen.add(other)
        for other in self.backlinks.get(case.id, []):
            if other not in seen:
                out.append((self.corpus.cases[other], True))
                seen.add(other)
        return out
