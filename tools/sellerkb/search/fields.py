"""The Whoosh schema and its version stamp. Change SCHEMA_VERSION with any change here:
an index with another stamp is rebuilt from the cases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from whoosh import analysis, fields, scoring

from ..han import has_han

SCHEMA_VERSION = 8


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
            if not has_han(text):
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


def _stop_words() -> frozenset[str]:
    lines = (Path(__file__).parent / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    extra = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(analysis.STOP_WORDS) | extra


def _stem_overrides() -> dict[str, str]:
    lines = (Path(__file__).parent / "stems.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    return {word: stem for word, stem in pairs}


STOP_WORDS = _stop_words()
STEM_OVERRIDES = _stem_overrides()


class StemOverrideFilter(analysis.Filter):  # type: ignore[misc]
    """Gives listed words a fixed stem, which the stemmer then leaves alone."""

    def __call__(self, tokens: Iterator[analysis.Token]) -> Iterator[analysis.Token]:
        for token in tokens:
            token.text = STEM_OVERRIDES.get(token.text, token.text)
            yield token


# Words, or runs of Chinese characters (\w matches both). An apostrophe ends a word
# ("walmart's" is "walmart"), and so does a dot ("amazon.com" is "amazon", "com").
WORD = r"\w+"


def text_analyzer() -> analysis.Analyzer:
    """The analyzer of every text field: words lowercased, Chinese as bigrams, stop words
    dropped, English stemmed (Porter's stemmer, with the overrides: Snowball's
    English stemmer conflates a little more but made highlighting four times dearer)."""
    return (
        analysis.RegexTokenizer(WORD)
        | analysis.LowercaseFilter()
        | CJKBigramFilter()
        | analysis.StopFilter(stoplist=STOP_WORDS)
        | StemOverrideFilter()
        | analysis.StemFilter(ignore=set(STEM_OVERRIDES.values()))
    )


def make_schema() -> fields.Schema:
    """The Whoosh schema of the index; change SCHEMA_VERSION with it."""
    text = text_analyzer()
    keyword = {"stored": True, "commas": True, "lowercase": True, "scorable": False}
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, unique=True),
        # Earlier ids of the case (aliases), and for a case merged into another, that one:
        # an old id answers with the case it lives in now. Merged cases are not listed.
        old_ids=fields.KEYWORD(commas=True, scorable=False),
        moved_to=fields.ID(stored=True),
        listed=fields.ID(),
        kind=fields.KEYWORD(**keyword),
        # Each text field holds the original and its translations, one after the other.
        title=fields.TEXT(analyzer=text),
        summary=fields.TEXT(analyzer=text),
        body=fields.TEXT(analyzer=text),
        # Names and aliases (both languages) of the case's platforms, authority, topics
        # and violations, and the name of its kind.
        names=fields.TEXT(analyzer=text),
        # The whole words of all the above, unstemmed: what "Did you mean" may offer.
        words=fields.KEYWORD(lowercase=True, scorable=False),
        # For display and snippets: {language: text} of each text field, and
        # {language: [platform names]}
        titles=fields.STORED(),
        summaries=fields.STORED(),
        bodies=fields.STORED(),
        platform_names=fields.STORED(),
        language=fields.STORED(),
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
        authority=fields.KEYWORD(**keyword),
    )


# Where plain words are looked for, and how much a match in each counts.
BOOSTS = {"title": 4.0, "names": 3.0, "summary": 2.0, "body": 1.0}
TEXT_FIELDS = tuple(BOOSTS)


def weighting() -> scoring.WeightingModel:
    """BM25F, with no length normalization of the vocabulary names: a case with three
    topics is no less about each of them than a case with one."""
    return scoring.BM25F(names_B=0.0)


QUERY_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "body",
    "names",
    "status",
    "platform",
    "country",
    "topic",
    "violation",
    "forum",
    "issuer",
    "authority",
)


def date_bounds(date: str) -> tuple[str, str]:
    """A partial date as the earliest and latest keys it may stand for."""
    parts = date.split("-")
    lo = "-".join([*parts, "00", "00"][:3])
    hi = "-".join([*parts, "99", "99"][:3])
    return lo, hi
