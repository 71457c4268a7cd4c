"""ISO code lists (countries, currencies, languages), loaded once from pycountry.

Display names live here too, so that the site can later show them in the reader's
language from one place.
"""

from __future__ import annotations

from functools import cache

import pycountry

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


def country_name(code: str) -> str:
    """The English name of a country code, EU or GLOBAL."""
    return MARKETPLACE_EXTRAS.get(code) or countries().get(code, code)


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code."""
    return languages().get(code, code)
