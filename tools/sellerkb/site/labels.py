"""The English names of kinds, statuses and other fixed words the site shows. They are
gettext message ids: `locales/<lang>/LC_MESSAGES/sellerkb.po` translates them."""

from __future__ import annotations

from ..kinds import STATUSES, Kind
from ..messages import N_

KIND_NAMES = {Kind.BANS: N_("Ban"), Kind.LAWSUITS: N_("Lawsuit"), Kind.POLICIES: N_("Policy")}
KIND_PLURALS = {Kind.BANS: N_("Bans"), Kind.LAWSUITS: N_("Lawsuits"), Kind.POLICIES: N_("Policies")}
FORUMS = {"court": N_("Court"), "arbitration": N_("Arbitration"), "regulator": N_("Regulator")}
RULINGS = {
    "for-plaintiff": N_("For the plaintiff"),
    "for-defendant": N_("For the defendant"),
    "split": N_("Split"),
}
CONFIDENCE = {
    "high": N_("high confidence"),
    "medium": N_("medium confidence"),
    "low": N_("low confidence"),
}
MONEY_KINDS = {
    "frozen": N_("frozen"),
    "claimed": N_("claimed"),
    "awarded": N_("awarded"),
    "recovered": N_("recovered"),
    "fine": N_("fine"),
    "fee": N_("fee"),
}
# "%(count)s sellers": a count and what it counts, as one message to translate.
AFFECTED = {
    "sellers": N_("%(count)s sellers"),
    "accounts": N_("%(count)s accounts"),
    "brands": N_("%(count)s brands"),
    "listings": N_("%(count)s listings"),
}
AFFECTED_TOTALS = {
    "sellers": N_("Sellers"),
    "accounts": N_("Accounts"),
    "brands": N_("Brands"),
    "listings": N_("Listings"),
}
MONEY_TOTALS = {"frozen": N_("Frozen"), "claimed": N_("Claimed"), "awarded": N_("Awarded")}
STATUS_NAMES = {
    "active": N_("Active"),
    "partially-reinstated": N_("Partially reinstated"),
    "reinstated": N_("Reinstated"),
    "unknown": N_("Unknown"),
    "pending": N_("Pending"),
    "settled": N_("Settled"),
    "decided": N_("Decided"),
    "dismissed": N_("Dismissed"),
    "withdrawn": N_("Withdrawn"),
    "proposed": N_("Proposed"),
    "announced": N_("Announced"),
    "in-effect": N_("In effect"),
    "superseded": N_("Superseded"),
}
assert set(STATUS_NAMES) == {s for statuses in STATUSES.values() for s in statuses}
# Words the site shows that are defined elsewhere (nav titles in mkdocs.yml, chart titles).
OTHER = (
    N_("Home"),
    N_("Explore"),
    N_("Browse"),
    N_("Timeline"),
    N_("Statistics"),
    N_("Needs review"),
    N_("Translations"),
    N_("Data"),
    N_("API"),
    N_("Contributing"),
    N_("Reference"),
    N_("Case format"),
    N_("Problem codes"),
    N_("title"),
    N_("summary"),
    N_("body"),
    N_("European Union"),
    N_("Worldwide"),
)
