"""Atom 1.0 feeds of what a reader follows: one platform, topic, country or kind, or
everything, in each language of the site.

An entry's `<updated>` changes whenever its case is reviewed or edited: its day is the
case's `reviewed` date (else its `date`), and its time of day comes from a digest of the
case's facts and of the text shown (the translation fingerprint), so an edit made without
a new review still moves it. Ids are stable (`urn:sellerkb:case:<id>`). Withdrawn and
merged cases leave the feeds.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from . import iso, translations
from .facets import BY_NAME
from .kinds import LANGUAGES, Kind
from .model import Case, Corpus, Vocabulary

ATOM = "http://www.w3.org/2005/Atom"
FEED_FACETS = ("kind", "platform", "topic", "country")
# Characters XML 1.0 does not allow in text, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Label = Callable[[str, str, str], str]  # (facet, value, language) -> the value's name
PageOf = Callable[[str, str], str]  # (case id, language) -> the case page, from the site root
ListingOf = Callable[[str, str, str], str]  # (facet, value, language) -> its listing page


class FeedInfo(NamedTuple):
    """A feed, for linking it: where it is, its title, and what it follows."""

    path: str  # under the site root: feeds/<language>/<facet>/<value>.xml, feeds/<lang>/all.xml
    title: str
    facet: str  # "" for the feed of everything
    value: str  # as cases write it ("amazon", "US"); "" for everything
    language: str


class FeedFile(NamedTuple):
    path: str
    text: str


def case_page(case_id: str, language: str) -> str:
    """The default case URL: English at cases/<id>/, other languages under /<lang>/."""
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    return f"{prefix}cases/{case_id}/"


def listing_page(facet: str, value: str, language: str) -> str:
    """The default listing URL of a facet value (the home page for everything)."""
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    return f"{prefix}browse/{facet}/{value.lower()}/" if facet else prefix


_GROUPS = {
    "platform": "platforms",
    "topic": "topics",
    "violation": "violations",
    "authority": "authorities",
}


def names(vocabulary: Vocabulary) -> Label:
    """Names from the data: vocabulary terms (with their `zh` names), pycountry's country
    names in each language, kinds as the site's English labels. The site passes its own."""
    from .site.labels import KIND_PLURALS

    def label(facet: str, value: str, language: str) -> str:
        how = BY_NAME[facet].labels if facet else ""
        if how == "vocabulary":
            term = vocabulary.slugs(_GROUPS[facet]).get(value)
            if term is not None and language == "zh" and term.zh is not None:
                return term.zh.name
            return term.name if term is not None else value
        if how == "country":
            return iso.country_name(value, language)
        if how == "kind":
            return KIND_PLURALS[Kind(value)]
        return value

    return label


@dataclass(frozen=True)
class FeedOptions:
    site_name: str
    site_url: str = ""  # with it, links are absolute (feed readers need that)
    page_of: PageOf = case_page
    listing_of: ListingOf = listing_page
    label: Label | None = None  # default: names(corpus.vocabulary)
    limit: int | None = 50  # entries per feed, most recently updated first
    languages: Sequence[str] = field(default=LANGUAGES)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _shown(case: Case, language: str) -> tuple[str, str, str, str]:
    """(title, summary, body, language of the text) of a case in a language."""
    translation = case.translations.get(language)
    if language != case.meta.language and translation is not None:
        return translation.title, translation.summary, translation.body, language
    return case.title, case.meta.summary, case.body, case.meta.language


def updated(case: Case, language: str) -> str:
    """An entry's <updated>: the day of the last review (else the case's date), at a time
    of day drawn from the digest of its facts and text, so any edit changes it."""
    day = [*(case.meta.reviewed or case.meta.date).split("-"), "01", "01"][:3]
    text = translations.fingerprint(*(_text(part) for part in _shown(case, language)[:3]))
    facts = json.dumps(case.meta.model_dump(mode="json"), sort_keys=True)
    digest = hashlib.sha256(f"{text}\n{facts}".encode()).hexdigest()
    seconds = int(digest[:8], 16) % 86400
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f"{day[0]}-{day[1]}-{day[2]}T{clock}Z"


def _published(case: Case) -> str:
    day = [*case.meta.date.split("-"), "01", "01"][:3]
    return f"{day[0]}-{day[1]}-{day[2]}T00:00:00Z"


def _groups(corpus: Corpus) -> dict[tuple[str, str], list[Case]]:
    """(facet, value) -> its listed cases; ("", "") for everything."""
    out: dict[tuple[str, str], list[Case]] = defaultdict(list)
    out[("", "")] = []  # the feed of everything exists even before the first case
    for case in sorted(corpus.listed(), key=lambda c: c.id):
        out[("", "")].append(case)
        for facet in FEED_FACETS:
            for value in BY_NAME[facet].values(case):
                out[(facet, value)].append(case)
    return dict(sorted(out.items()))


def feed_path(facet: str, value: str, language: str) -> str:
    """Where the feed of a facet value (or of everything, with facet "") lives."""
    return f"feeds/{language}/{facet}/{value.lower()}.xml" if facet else f"feeds/{language}/all.xml"


def _title(options: FeedOptions, label: Label, facet: str, value: str, language: str) -> str:
    return f"{options.site_name}: {label(facet, value, language)}" if facet else options.site_name


def feed_list(corpus: Corpus, options: FeedOptions) -> list[FeedInfo]:
    """Every feed, so that each listing page can link its own."""
    label = options.label or names(corpus.vocabulary)
    return [
        FeedInfo(
            feed_path(facet, value, language),
            _title(options, label, facet, value, language),
            facet,
            value,
            language,
        )
        for language in options.languages
        for facet, value in _groups(corpus)
    ]


def feed_files(corpus: Corpus, options: FeedOptions) -> Iterator[FeedFile]:
    """Every feed's Atom XML."""
    label = options.label or names(corpus.vocabulary)
    groups = _groups(corpus)
    for language in options.languages:
        # A case is in several feeds: its digest is worked out once per language.
        stamps = {case.id: updated(case, language) for case in groups[("", "")]}
        for (facet, value), cases in groups.items():
            title = _title(options, label, facet, value, language)
            yield FeedFile(
                feed_path(facet, value, language),
                atom(cases, options, title, facet, value, language, label, stamps),
            )


def atom(
    cases: Sequence[Case],
    options: FeedOptions,
    title: str,
    facet: str,
    value: str,
    language: str,
    label: Label,
    stamps: dict[str, str] | None = None,
) -> str:
    """One Atom 1.0 feed of these cases, most recently updated first. `stamps` holds
    the <updated> of cases by id, where they are known already."""
    base = options.site_url.rstrip("/") + "/" if options.site_url else ""
    known = stamps or {}
    stamped = sorted(
        ((known.get(case.id) or updated(case, language), case) for case in cases),
        key=lambda pair: pair[1].id,
    )
    stamped.sort(key=lambda pair: pair[0], reverse=True)
    if options.limit is not None:
        stamped = stamped[: options.limit]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": language})
    ET.SubElement(feed, "title").text = _text(title)
    ET.SubElement(feed, "id").text = (
        f"urn:sellerkb:feed:{language}:{facet}:{value.lower()}"
        if facet
        else f"urn:sellerkb:feed:{language}:all"
    )
    ET.SubElement(feed, "updated").text = stamped[0][0] if stamped else "1970-01-01T00:00:00Z"
    ET.SubElement(
        feed,
        "link",
        {
            "rel": "self",
            "type": "application/atom+xml",
            "href": base + feed_path(facet, value, language),
        },
    )
    ET.SubElement(
        feed,
        "link",
        {
            "rel": "alternate",
            "type": "text/html",
            "href": base + options.listing_of(facet, value, language),
        },
    )
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = _text(options.site_name)
    for stamp, case in stamped:
        shown_title, summary, _, text_language = _shown(case, language)
        entry = ET.SubElement(feed, "entry", {"xml:lang": text_language})
        ET.SubElement(entry, "title").text = _text(shown_title)
        ET.SubElement(entry, "id").text = f"urn:sellerkb:case:{case.id}"
        ET.SubElement(entry, "updated").text = stamp
        ET.SubElement(entry, "published").text = _published(case)
        ET.SubElement(
            entry,
            "link",
            {
                "rel": "alternate",
                "type": "text/html",
                "href": base + options.page_of(case.id, language),
            },
        )
        for facet_name in ("kind", "platform", "topic"):
            for term in BY_NAME[facet_name].values(case):
                ET.SubElement(
                    entry,
                    "category",
                    {
                        "term": term,
                        "scheme": f"urn:sellerkb:{facet_name}",
                        "label": _text(label(facet_name, term, language)),
                    },
                )
        ET.SubElement(entry, "summary", {"type": "text"}).text = _text(summary)
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
