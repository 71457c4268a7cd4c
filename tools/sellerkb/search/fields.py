"""The Whoosh schema and its version stamp. Change SCHEMA_VERSION with any change here:
an index with another stamp is rebuilt from the cases."""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh import analysis, fields

SCHEMA_VERSION = 3

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class CJKBigramFilter(analysis.Filter):  # type: ignore[misc]
    """Splits runs of Chinese characters into overlapping bigrams (a lone character stays
    one token), leaving other tokens to the stemmer. Chosen over jieba segmentation by
    measurement: see benchmarks/bench_cjk.py."""

    def __call__(self, tokens: Iterator[analysis.Token]) -> Iterator[analysis.Token]:
        shift = 0
        for token in tokens:
            text = token.text
            if token.positions:
                token.pos += shift
            if not _HAN.search(text):
                yield token
                continue
            start = token.startchar if token.chars else 0
            grams = [text[i : i + 2] for i in range(len(text) - 1)] or [text]
            base = token.pos if token.positions else 0
            for n, gram in enumerate(grams):
                token.text = gram
                if token.positions:
                    token.pos = base + n
                if token.chars:
                    token.startchar = start + n
                    token.endchar = start + n + len(gram)
                yield token
            shift += len(grams) - 1


def text_analyzer() -> analysis.Analyzer:
    # Words, or runs of Chinese characters (\w matches both); English is stemmed.
    return (
        analysis.RegexTokenizer(r"\w+(?:['.]\w+)*")
        | analysis.LowercaseFilter()
        | CJKBigramFilter()
        | analysis.StopFilter()
        | analysis.StemFilter()
    )


def make_schema() -> fields.Schema:
    text = text_analyzer()
    keyword = {"stored": True, "commas": True, "lowercase": True, "scorable": False}
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, unique=True),
        kind=fields.KEYWORD(**keyword),
        title=fields.TEXT(stored=True, analyzer=text, field_boost=4.0, spelling=True),
        # Spelling suggestions come from titles: from bodies too, they doubled build time.
        summary=fields.TEXT(stored=True, analyzer=text, field_boost=2.0),
        body=fields.TEXT(stored=True, analyzer=text),
        date=fields.ID(stored=True, sortable=True),
        date_lo=fields.ID(),
        date_hi=fields.ID(),
        status=fields.KEYWORD(**keyword),
        platform=fields.KEYWORD(**keyword),
        country=fields.KEYWORD(**keyword),
        topic=fields.KEYWORD(**keyword),
        violation=fields.KEYWORD(**keyword),
        forum=fields.KEYWORD(**keyword),
        issuer=fields.KEYWORD(**keyword),
    )


TEXT_FIELDS = ("title", "summary", "body")
QUERY_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "body",
    "status",
    "platform",
    "country",
    "topic",
    "violation",
    "forum",
    "issuer",
)


def date_bounds(date: str) -> tuple[str, str]:
    """A partial date as the earliest and latest keys it may stand for."""
    parts = date.split("-")
    lo = "-".join([*parts, "00", "00"][:3])
    hi = "-".join([*parts, "99", "99"][:3])
    return lo, hi
