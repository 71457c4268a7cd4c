"""A valid case as a Whoosh document: its text in every language it has, and the names
and aliases of its vocabulary terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..kinds import LANGUAGES
from .fields import STOP_WORDS, date_bounds
from .labels import KIND_LABELS
from .text import plain

if TYPE_CHECKING:
    from ..model import Case, Vocabulary
    from ..translations import Translation

# Whole words for "Did you mean": letters only (no digits, no punctuation, no Chinese).
_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_\u3400-\u9fff\uf900-\ufaff]{3,30}(?![^\W\d_])")


def base(case: Case) -> dict[str, Any]:
    """What a case's own file gives its document (made in the loader's workers)."""
    meta = case.meta
    lo, hi = date_bounds(meta.date)
    language = meta.language
    return {
        "id": case.id,
        "path": case.path,
        "kind": case.kind.value,
        "title": meta.title,
        "summary": meta.summary,
        "body": "",
        "titles": {language: meta.title},
        "summaries": {language: meta.summary},
        "bodies": {language: plain(case.body)},
        "language": language,
        "date": meta.date,
        "date_lo": lo,
        "date_hi": hi,
        "status": case.status,
        "platform": ",".join(meta.platforms),
        "country": ",".join(case.countries),
        "topic": ",".join(meta.topics),
        "violation": ",".join(case.violations),
        "forum": getattr(meta, "forum", "") or "",
        "issuer": getattr(meta, "issuer", "") or "",
        "authority": getattr(meta, "authority", "") or "",
        "old_ids": ",".join(meta.aliases),
        "moved_to": meta.merged_into or "",
        "listed": "no" if meta.merged_into else "yes",
    }


class Finisher:
    """Completes documents made by `base`: translations, vocabulary names, words.
    Made once per index update, as it caches each term's names."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        self._names: dict[str, str] = {}

    def names_of(self, slug: str) -> str:
        found = self._names.get(slug)
        if found is None:
            term = self._vocabulary.term(slug)
            found = self._names[slug] = " · ".join(term.all_names()) if term else slug
        return found

    def platform_names(self, slugs: Iterable[str]) -> dict[str, list[str]]:
        """Display names of platforms by language (the English name where none is given)."""
        terms = [(slug, self._vocabulary.term(slug)) for slug in slugs]
        english = [term.name if term else slug for slug, term in terms]
        out = {"en": english}
        for language in LANGUAGES:
            if language != "en":
                given = [getattr(term, language, None) if term else None for _, term in terms]
                out[language] = [g.name if g else e for g, e in zip(given, english, strict=True)]
        return out

    def finish(
        self, document: dict[str, Any], translations: Mapping[str, Translation]
    ) -> dict[str, Any]:
        for language, translation in sorted(translations.items()):
            document["titles"][language] = translation.title
            document["summaries"][language] = translation.summary
            document["bodies"][language] = plain(translation.body)
        for name, parts in (("title", "titles"), ("summary", "summaries"), ("body", "bodies")):
            document[name] = "\n\n".join(document[parts].values())
        slugs = [
            *filter(None, document["platform"].split(",")),
            *filter(None, (document["authority"], document["issuer"])),
            *filter(None, document["topic"].split(",")),
            *filter(None, document["violation"].split(",")),
        ]
        kind = [labels[document["kind"]] for labels in KIND_LABELS.values()]
        document["names"] = " · ".join([*kind, *(self.names_of(s) for s in slugs)])
        document["platform_names"] = self.platform_names(
            filter(None, document["platform"].split(","))
        )
        document["words"] = " ".join(words(document))
        return document


def words(document: Mapping[str, Any]) -> list[str]:
    """The whole words of a document's text, once each, that suggestions may offer."""
    text = " ".join(document[name] for name in ("title", "summary", "body", "names")).lower()
    return sorted(set(_WORD.findall(text)) - STOP_WORDS)


def document(case: Case, vocabulary: Vocabulary) -> dict[str, Any]:
    """The whole document of a loaded case (with its translations attached)."""
    return Finisher(vocabulary).finish(base(case), case.translations)


def entry(case: Case) -> tuple[dict[str, Any], list[str]]:
    """What the loader's workers make of a case for a rebuild: its document without
    translations and vocabulary names (added by `Finisher`), and the ids it refers to.
    Plain data, as it is sent between processes."""
    return base(case), case.references
