"""What the site derives from the corpus once per build: facets, backlinks, URLs, and the
names templates show. Templates ask this object; they compute nothing themselves."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

from ..export import ordered
from ..facets import BY_NAME, FACETS
from ..kinds import Kind
from ..model import Affected, Case, Corpus, Money
from . import labels


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page made from src_uri, relative to the site root."""
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
    """The corpus as the site sees it: cases newest first, grouped by facet."""

    corpus: Corpus
    directory_urls: bool = True
    cases: list[Case] = field(default_factory=list)  # newest first
    facets: dict[str, dict[str, list[Case]]] = field(default_factory=dict)
    backlinks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, corpus: Corpus, directory_urls: bool = True) -> Catalog:
        index = cls(corpus, directory_urls, ordered(corpus))
        facets: dict[str, dict[str, list[Case]]] = {f.name: defaultdict(list) for f in FACETS}
        backlinks: dict[str, list[str]] = defaultdict(list)
        for case in index.cases:
            for facet in FACETS:
                for value in facet.values(case):
                    facets[facet.name][value].append(case)
            for other in case.meta.related:
                backlinks[other].append(case.id)
        index.facets = {f: dict(sorted(v.items())) for f, v in facets.items()}
        index.backlinks = dict(backlinks)
        return index

    # --- URLs ------------------------------------------------------------------------

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def href(self, here: str, src_uri: str) -> str:
        """The link from the page at URL `here` to the page made from `src_uri` (a page
        source ending in .md, or any other file of the site)."""
        target = self.url(src_uri) if src_uri.endswith(".md") else src_uri
        return relative(here, target)

    def case_src(self, case_id: str) -> str:
        return f"cases/{case_id}.md"

    def facet_src(self, facet: str, value: str) -> str:
        return f"browse/{facet}/{value.lower()}.md"

    # --- names -------------------------------------------------------------------------

    def title(self, case: Case) -> str:
        return case.title

    def summary(self, case: Case) -> str:
        return case.meta.summary

    def facet_title(self, facet: str) -> str:
        return BY_NAME[facet].title

    def facet_label(self, facet: str, value: str) -> str:
        how = BY_NAME[facet].labels
        if how == "kind":
            return self.kind_plural(Kind(value))
        if how == "vocabulary":
            return self.term(value)
        if how == "country":
            return labels.country(value)
        if how == "status":
            return self.status_name(value)
        return value

    def term(self, slug: str) -> str:
        return labels.term(self.corpus.vocabulary, slug)

    def kind_name(self, kind: Kind) -> str:
        return labels.KIND_NAMES[kind]

    def kind_plural(self, kind: Kind) -> str:
        return labels.KIND_PLURALS[kind]

    def status_name(self, status: str) -> str:
        return labels.status(status)

    def forum_name(self, forum: str) -> str:
        return labels.FORUMS[forum]

    def ruling_name(self, ruling: str) -> str:
        return labels.RULINGS[ruling]

    def confidence_name(self, confidence: str) -> str:
        return labels.CONFIDENCE[confidence]

    def language_name(self, code: str) -> str:
        return labels.language(code)

    def platform_names(self, case: Case) -> str:
        return ", ".join(self.term(p) for p in case.meta.platforms)

    def count(self, n: int) -> str:
        return labels.count(n)

    def money(self, item: Money) -> str:
        text = ("about " if item.estimate else "") + labels.money(item.amount, item.currency)
        return f"{text} {labels.MONEY_KINDS[item.kind]}"

    def affected(self, affected: Affected) -> str:
        return ", ".join(
            f"{labels.count(n)} {labels.AFFECTED[k]}"
            for k, n in affected.model_dump(exclude_none=True).items()
        )

    # --- relations ---------------------------------------------------------------------

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
