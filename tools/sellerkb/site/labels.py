"""Display names for kinds, statuses, codes and slugs: the one place to translate later."""

from __future__ import annotations

import math

from .. import iso
from ..model import Kind, Vocabulary

KIND_NAMES = {Kind.BANS: "Ban", Kind.LAWSUITS: "Lawsuit", Kind.POLICIES: "Policy"}
KIND_PLURALS = {Kind.BANS: "Bans", Kind.LAWSUITS: "Lawsuits", Kind.POLICIES: "Policies"}
FORUMS = {"court": "Court", "arbitration": "Arbitration", "regulator": "Regulator"}
RULINGS = {
    "for-plaintiff": "For the plaintiff",
    "for-defendant": "For the defendant",
    "split": "Split",
}
MONEY_KINDS = {
    "frozen": "frozen",
    "claimed": "claimed",
    "awarded": "awarded",
    "recovered": "recovered",
    "fine": "fine",
    "fee": "fee",
}
AFFECTED = {
    "sellers": "sellers",
    "accounts": "accounts",
    "brands": "brands",
    "listings": "listings",
}


def status(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def country(code: str) -> str:
    return iso.country_name(code)


def language(code: str) -> str:
    return iso.language_name(code)


def term(vocabulary: Vocabulary, slug: str) -> str:
    return vocabulary.name_of(slug)


def money(amount: float, currency: str) -> str:
    """`USD 1,250,000` or `EUR 19,627.03`; a sum too large for a float is said so."""
    if math.isnan(amount):
        return f"{currency} (not a number)"
    if math.isinf(amount):
        return f"{currency} (too large to show)"
    whole = amount == int(amount)
    number = f"{int(amount):,}" if whole else f"{amount:,.2f}"
    return f"{currency} {number}"


def count(n: int) -> str:
    return f"{n:,}"
