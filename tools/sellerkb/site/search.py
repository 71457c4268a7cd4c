"""Compact entries for the site's search box, one per case.

Material's own index holds each page's full text (3.7 MiB gzipped at 10,000 cases).
Case pages are left out of it, and each case gets one entry with what a searcher needs:
title, summary, the names of its facts, and the Chinese words of its body. Chinese is
segmented with jieba and joined by zero-width spaces, as Material does for its pages,
so that its search worker can match the words of a Chinese query.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..model import LawsuitFields
from . import labels
from .catalog import Catalog
from .html import esc

ZWSP = "\u200b"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@cache
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def segment(text: str) -> str:
    """Chinese runs in text split into words with zero-width spaces."""
    if not _HAN.search(text):
        return text
    cut = _jieba().cut
    return _HAN.sub(lambda m: ZWSP.join(w for w in cut(m.group()) if w.strip()), text)


def han_words(text: str) -> list[str]:
    words: dict[str, None] = {}
    for run in _HAN.findall(text):
        for word in _jieba().cut(run):
            words.setdefault(word)
    return list(words)


def entries(site: Catalog) -> list[dict[str, str]]:
    vocabulary = site.corpus.vocabulary
    out = []
    for case in site.cases:
        meta = case.meta
        facts = [labels.KIND_NAMES[case.kind], labels.status(case.status), meta.date]
        # Every name and alias, in both languages, of its vocabulary terms: the same words
        # `sellerkb search` finds a case by.
        slugs = [*meta.platforms, *meta.topics, *getattr(meta, "violations", [])]
        slugs += filter(None, (getattr(meta, "authority", None), getattr(meta, "issuer", None)))
        for slug in dict.fromkeys(slugs):
            term = vocabulary.term(slug)
            facts += term.all_names() if term else [labels.term(vocabulary, slug)]
        facts += [labels.country(c) for c in {*meta.marketplaces, *meta.seller_countries}]
        if isinstance(meta, LawsuitFields):
            facts += [meta.venue or "", meta.case_number or "", *meta.plaintiffs, *meta.defendants]
        text = f"{meta.summary} {' · '.join(f for f in facts if f)}"
        extra = han_words(case.body)
        if extra:
            text += " " + ZWSP.join(extra)
        # Material's search results insert these as HTML: escape them.
        out.append(
            {
                "location": site.url(site.case_src(case.id)),
                "title": esc(segment(meta.title)),
                "text": esc(segment(text)),
            }
        )
    return out
