"""Compact entries for the site's search box, one per case, and the words of bodies.

Material's own index holds each page's full text (11 MiB gzipped for the bodies of
10,000 cases and their translations), and every page downloads it. Case pages are left
out of it, and each case gets one entry with what a first query needs: title, summary
and the names of its facts (in a field of their own, searched but not shown under the
result). The words of its body, each once, are a second file that the search box
fetches after the reader's first query (`assets/search-bodies.js`). Chinese is segmented
with jieba and joined by zero-width spaces, as Material does for its pages, so that its
search worker can match the words of a Chinese query.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from markupsafe import escape

from ..han import han_runs, has_han
from ..model import LawsuitFields
from ..search.text import plain
from .catalog import Catalog

ZWSP = "\u200b"
BODIES = "search/bodies.json"
# Fields of an entry that Material's worker indexes but never shows (it shows the title
# and the text, here the summary): the names of a case's facts, and the words of its
# body once they have come (see `bodies`). The summary weighs as much as each.
FIELDS = {"facts": {"boost": 1.0}, "body": {"boost": 1.0}}
_WORD = re.compile(r"[^\W_]+")


@cache
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


# Every entry repeats the Chinese names and aliases of its terms, in both languages'
# builds: a run is cut once. (jieba cuts each run on its own, so this changes nothing.)
@lru_cache(maxsize=2**16)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(_jieba().cut(run))


def segment(text: str, between: str = ZWSP) -> str:
    """Chinese runs in text split into words: by zero-width spaces in text that is shown,
    or by what `between` says."""
    if not has_han(text):
        return text
    return han_runs().sub(lambda m: between.join(w for w in _cut(m.group()) if w.strip()), text)


def han_words(text: str) -> list[str]:
    """The Chinese words of text, segmented by jieba, each once; words of two characters
    or more (a single character is mostly a function word: 的, 了, 在)."""
    words: dict[str, None] = {}
    for run in han_runs().findall(text):
        for word in _jieba().cut(run):  # a body's runs are its own: not kept in _cut's cache
            if len(word) > 1:
                words.setdefault(word)
    return list(words)


def body_words(markdown: str) -> str:
    """The words of a body, each once, apart by spaces, as Material's search worker
    reads them: Chinese words of two characters or more, then the other words of two
    characters or more, split at apostrophes (in the first spelling met)."""
    text = plain(markdown)
    seen: dict[str, str] = {}
    for word in _WORD.findall(han_runs().sub(" ", text)):
        if len(word) > 1:
            seen.setdefault(word.lower(), word)
    return " ".join([*han_words(text), *seen.values()])


def bodies(site: Catalog) -> dict[str, str]:
    """The words of each case's body in the build's language, by the location of its
    entry: what the search box adds to its index after the first query."""
    return {
        site.url(site.case_src(case.id)): str(escape(body_words(site.body(case))))
        for case in site.cases
    }


def entries(site: Catalog) -> list[dict[str, str]]:
    """One search entry per case, for Material's search box, in the build's language:
    what every page downloads, so without the words of bodies (see `bodies`)."""
    vocabulary = site.corpus.vocabulary
    names: dict[str, list[str]] = {}

    def names_of(slug: str) -> list[str]:
        """Every name and alias, in both languages, of a vocabulary term: the same words
        `sellerkb search` finds a case by."""
        found = names.get(slug)
        if found is None:
            term = vocabulary.term(slug)
            found = names[slug] = term.all_names() if term else [site.term(slug)]
        return found

    out = []
    for case in site.cases:
        meta = case.meta
        facts = [site.kind_name(case.kind), site.status_name(case.status), meta.date]
        for slug in dict.fromkeys([*meta.platforms, *meta.topics, *case.violations]):
            facts += names_of(slug)
        for slug in case.authorities:
            facts += names_of(slug)
        facts += [site.facet_label("country", c) for c in case.countries]
        if isinstance(meta, LawsuitFields):
            facts += [meta.venue or "", meta.case_number or "", *meta.plaintiffs, *meta.defendants]
        # Material's search results insert these as HTML: escape them.
        out.append(
            {
                "location": site.url(site.case_src(case.id)),
                "title": str(escape(segment(site.title(case)))),
                "text": str(escape(segment(site.summary(case)))),
                # never shown: words apart by plain spaces, which weigh a third of ZWSP
                "facts": str(escape(segment(" ".join(f for f in facts if f), " "))),
            }
        )
    return out
