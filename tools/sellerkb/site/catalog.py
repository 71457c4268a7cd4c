"""What the site derives from the corpus once per build: facets, backlinks, URLs, and the
names templates show. Templates ask this object; they compute nothing themselves."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ..export import ordered
from ..facets import BY_NAME, FACETS
from ..kinds import Kind
from ..model import Affected, Case, Corpus, Money
from ..translations import Translation
from . import i18n, labels
from .render import render


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
    language: str = "en"  # of the pages being built
    cases: list[Case] = field(default_factory=list)  # listed, newest first
    pages: list[Case] = field(default_factory=list)  # that have a page: withdrawn too
    _rows: dict[tuple[str, str], Markup] = field(default_factory=dict, repr=False)
    _terms: dict[str, str] = field(default_factory=dict, repr=False)  # slug -> name
    _facet_links: dict[tuple[str, str, tuple[str, ...]], Markup] = field(
        default_factory=dict, repr=False
    )
    facets: dict[str, dict[str, list[Case]]] = field(default_factory=dict)
    backlinks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, corpus: Corpus, directory_urls: bool = True, language: str = "en") -> Catalog:
        """The catalog of a corpus, for pages in one language. Listings, statistics and
        feeds show the listed cases; withdrawn cases keep a page (`pages`)."""
        index = cls(corpus, directory_urls, language, [c for c in ordered(corpus) if c.is_listed])
        index.pages = [c for c in ordered(corpus) if not c.is_merged]
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
        """The URL of the page made from src_uri, relative to the site root."""
        return page_url(src_uri, self.directory_urls)

    def href(self, here: str, src_uri: str) -> str:
        """The link from the page at URL `here` to the page made from `src_uri` (a page
        source ending in .md, or any other file of the site)."""
        target = self.url(src_uri) if src_uri.endswith(".md") else src_uri
        return relative(here, target)

    def case_src(self, case_id: str) -> str:
        """The page source of a case."""
        return f"cases/{case_id}.md"

    def facet_src(self, facet: str, value: str) -> str:
        """The page source of one facet value's listing."""
        return f"browse/{facet}/{value.lower()}.md"

    # --- text in the build's language ---------------------------------------------

    def t(self, message: str) -> str:
        """Interface text in the build's language."""
        return i18n.translations(self.language).gettext(message)

    def translation(self, case: Case) -> Translation | None:
        """The case's translation into the build's language, if it has one."""
        if case.meta.language == self.language:
            return None
        return case.translations.get(self.language)

    def untranslated(self, case: Case) -> bool:
        """Whether the page shows the case in another language than the build's."""
        return case.meta.language != self.language and self.translation(case) is None

    def title(self, case: Case) -> str:
        """The case's title in the build's language, where it is translated."""
        found = self.translation(case)
        return found.title if found else case.title

    def summary(self, case: Case) -> str:
        """The case's summary in the build's language, where it is translated."""
        found = self.translation(case)
        return found.summary if found else case.meta.summary

    def body(self, case: Case) -> str:
        """The case's body in the build's language, where it is translated."""
        found = self.translation(case)
        return found.body if found else case.body

    def parts(self, parts: tuple[str, ...]) -> str:
        """Parts of a case (title, summary, body) named in the build's language."""
        return self.t(", ").join(self.t(part) for part in parts)

    def facet_title(self, facet: str) -> str:
        """A facet's title in the build's language."""
        return self.t(BY_NAME[facet].title)

    def facet_links(self, here: str, facet: str, values: list[str]) -> Markup:
        """Links to the listings of these values of a facet, from the page at URL `here`.
        The same on every page as deep as `here`, so each is rendered once a build."""
        key = (relative(here, ""), facet, tuple(values))
        found = self._facet_links.get(key)
        if found is None:
            links = [
                (self.href(here, self.facet_src(facet, value)), self.facet_label(facet, value))
                for value in values
            ]
            found = self._facet_links[key] = render("facet_links", site=self, links=links)
        return found

    def facet_label(self, facet: str, value: str) -> str:
        """A facet value's name in the build's language."""
        how = BY_NAME[facet].labels
        if how == "kind":
            return self.kind_plural(Kind(value))
        if how == "vocabulary":
            return self.term(value)
        if how == "country":
            return i18n.country(value, self.language)
        if how == "status":
            return self.status_name(value)
        return value

    def term(self, slug: str) -> str:
        """A vocabulary term's name in the build's language."""
        found = self._terms.get(slug)
        if found is None:
            found = self._terms[slug] = self._term_name(slug)
        return found

    def _term_name(self, slug: str) -> str:
        for group in ("platforms", "authorities", "topics", "violations"):
            term = self.corpus.vocabulary.slugs(group).get(slug)
            if term is not None:
                if self.language == "zh" and term.zh is not None:
                    return term.zh.name
                return term.name
        return slug

    def kind_name(self, kind: Kind) -> str:
        """A kind's name for one case."""
        return self.t(labels.KIND_NAMES[kind])

    def kind_plural(self, kind: Kind) -> str:
        """A kind's name for many cases."""
        return self.t(labels.KIND_PLURALS[kind])

    def status_name(self, status: str) -> str:
        """A status's name."""
        return self.t(labels.STATUS_NAMES.get(status, status))

    def forum_name(self, forum: str) -> str:
        """A forum's name."""
        return self.t(labels.FORUMS[forum])

    def ruling_name(self, ruling: str) -> str:
        """A ruling's name."""
        return self.t(labels.RULINGS[ruling])

    def confidence_name(self, confidence: str) -> str:
        """A source confidence's name."""
        return self.t(labels.CONFIDENCE[confidence])

    def language_name(self, code: str) -> str:
        """A language's name, from pycountry's translations."""
        return i18n.language_name(code, self.language)

    def platform_names(self, case: Case) -> str:
        """The names of a case's platforms, joined."""
        return ", ".join(self.term(p) for p in case.meta.platforms)

    def count(self, n: int) -> str:
        """A whole number in the build language's format."""
        return i18n.count(n, self.language)

    def date(self, text: str) -> str:
        """A date of any precision in the build language's form."""
        return i18n.date(text, self.language)

    def amount(self, amount: float, currency: str) -> str:
        """An amount with its ISO currency code."""
        return i18n.money(amount, currency, self.language)

    def money(self, item: Money) -> str:
        """A money entry: its amount, what it is, and whether it is an estimate."""
        text = self.t("%(amount)s %(kind)s") % {
            "amount": self.amount(item.amount, item.currency),
            "kind": self.t(labels.MONEY_KINDS[item.kind]),
        }
        return self.t("about %(amount)s") % {"amount": text} if item.estimate else text

    def affected(self, affected: Affected) -> str:
        """A case's counts of affected sellers, accounts, brands and listings."""
        return ", ".join(
            self.t(labels.AFFECTED[k]) % {"count": self.count(n)}
            for k, n in affected.model_dump(exclude_none=True).items()
        )

    def row(self, case: Case, here: str) -> Markup:
        """A case's row in the tables of listings and the timeline. The same for every
        page whose link to the case is the same, so each is rendered once a build."""
        href = self.href(here, self.case_src(case.id))
        key = (case.id, href)
        found = self._rows.get(key)
        if found is None:
            found = self._rows[key] = render("case_row", site=self, case=case, href=href)
        return found

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
