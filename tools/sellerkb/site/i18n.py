"""The site's languages: interface text from gettext catalogs (Babel), country, language
and currency names from pycountry's translations, numbers and dates from Babel.

The catalogs are `locales/<lang>/LC_MESSAGES/sellerkb.po`, edited by translators; they are
compiled in memory when a build starts. English is the source language.
"""

from __future__ import annotations

import datetime
import decimal
import io
import math
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from .. import iso
from ..kinds import LOCALES as LOCALE

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "sellerkb"
NAMES = {"en": "English", "zh": "中文"}
EXTRA_COUNTRIES = {"EU": "European Union", "GLOBAL": "Worldwide"}


def catalog_path(language: str) -> Path:
    """Where the translation catalog of a language lives."""
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def locale(language: str) -> Locale:
    """Babel's locale of a site language, parsed once: Babel parses a locale name on
    every call it is given one."""
    return Locale.parse(LOCALE[language])


@cache
def translations(language: str) -> NullTranslations:
    """The interface text of a language; English is the source, so it needs none."""
    path = catalog_path(language)
    if language == "en" or not path.is_file():
        return NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=LOCALE[language], domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def tr(language: str, message: str) -> str:
    """A message in the language (extracted with the keyword `tr`)."""
    return translations(language).gettext(message)


@cache  # pure, and asked the same thousands of times per build
def country(code: str, language: str) -> str:
    """A country's name (or EU, GLOBAL) in the language."""
    if code in EXTRA_COUNTRIES:
        return tr(language, EXTRA_COUNTRIES[code])
    return iso.country_name(code, language)


@cache  # pure, and asked the same thousands of times per build
def language_name(code: str, language: str) -> str:
    """A language's name (from its ISO 639-1 code) in the language."""
    return iso.language_name(code, language)


@cache  # pure, and asked the same thousands of times per build
def money(amount: float, currency: str, language: str) -> str:
    """An amount with its ISO currency code: 'CNY 41,430,000'; a sum too large for a
    float is said so."""
    if math.isnan(amount):
        return tr(language, "%(currency)s (not a number)") % {"currency": currency}
    if math.isinf(amount):
        return tr(language, "%(currency)s (too large to show)") % {"currency": currency}
    try:
        return format_currency(
            amount,
            currency,
            format="¤¤ #,##0.##",
            locale=locale(language),
            currency_digits=False,
        )
    except decimal.InvalidOperation:  # beyond the digits Babel's decimal context holds
        return f"{currency} {amount:,.0f}"


@cache  # pure, and asked the same thousands of times per build
def count(n: int, language: str) -> str:
    """A whole number in the language's format (13,000)."""
    return format_decimal(n, locale=locale(language))


@cache  # pure, and asked the same thousands of times per build
def date(text: str, language: str) -> str:
    """A date of YYYY-MM-DD, YYYY-MM or YYYY precision in the language's form; English
    keeps the ISO form, which sorts and reads the same everywhere."""
    if language == "en":
        return text
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return format_date(datetime.date(*parts), format="long", locale=locale(language))
    if len(parts) == 2:
        return format_skeleton(
            "yMMM", datetime.date(parts[0], parts[1], 1), locale=locale(language)
        )
    return format_skeleton("y", datetime.date(parts[0], 1, 1), locale=locale(language))


KEYWORDS = {"_": None, "N_": None, "t": None, "tr": (2,), "gettext": None, "ngettext": (1, 2)}
METHODS = [
    ("site/templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]


def messages() -> dict[str, tuple[str, ...]]:
    """Every interface message of the package (templates and code), extracted by Babel:
    msgid -> its plural forms (empty for a singular message)."""
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).parent.parent
    found: dict[str, tuple[str, ...]] = {}
    options = {"site/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for _file, _line, message, _comments, _context in extract_from_dir(
        package, METHODS, options_map=options, keywords=KEYWORDS
    ):
        if isinstance(message, tuple):
            found[message[0]] = tuple(message[1:])
        elif message:
            found.setdefault(message, ())
    return found
