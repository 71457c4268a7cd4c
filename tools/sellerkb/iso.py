"""ISO code lists (countries, currencies, languages), loaded once from pycountry, and
their names in each site language from pycountry's own translations."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from .kinds import LOCALES

MARKETPLACE_EXTRAS = {"EU": "European Union", "GLOBAL": "Worldwide"}


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English name."""
    return {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}


@cache
def currencies() -> dict[str, str]:
    """ISO 4217 code -> English name."""
    return {c.alpha_3: c.name for c in pycountry.currencies}


@cache
def languages() -> dict[str, str]:
    """ISO 639-1 code -> English name."""
    return {lang.alpha_2: lang.name for lang in pycountry.languages if hasattr(lang, "alpha_2")}


@cache
def _translations(domain: str, language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[LOCALES[language]], fallback=True
    )


def country_name(code: str, language: str = "en") -> str:
    """The name of a country code in the language (EU and GLOBAL in English)."""
    if code in MARKETPLACE_EXTRAS:
        return MARKETPLACE_EXTRAS[code]
    name = countries().get(code)
    if name is None:
        return code
    return _translations("iso3166-1", language).gettext(name)


def language_name(code: str, language: str = "en") -> str:
    """The name of an ISO 639-1 code in the language."""
    name = languages().get(code)
    if name is None:
        return code
    return _translations("iso639-3", language).gettext(name)
