"""The case model: the one definition of case format v1.

Front matter is validated by the pydantic models below (one per kind), which also
generate the JSON Schema and the "Case format" docs page. Checks that need more than
one field's value but only one case live here too; checks across cases live in
`checks/`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import iso
from .kinds import LANGUAGES
from .kinds import Kind as Kind
from .kinds import valid_id as valid_id
from .problems import (
    BOOLEAN_WORD,
    DATES_OUT_OF_ORDER,
    INVALID_COUNTRY,
    INVALID_CURRENCY,
    INVALID_DATE,
    INVALID_ID,
    INVALID_LANGUAGE,
    INVALID_URL,
    LIFECYCLE_CONFLICT,
    OUT_OF_RANGE,
    RAW_HTML,
    REPEATED_ENTRY,
    RULING_MISMATCH,
    TEXT_LENGTH,
    UNKNOWN_SLUG,
    Rule,
)
from .translations import Coverage, Translation

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_HTML_TAG = re.compile(r"<[A-Za-z/!?]")
_BOOL_WORDS = frozenset(("yes", "no", "on", "off", "y", "n"))


# --- value types -------------------------------------------------------------------


def _error(rule: Rule, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(rule.code, message, ctx or None)


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_date(value: Any) -> str:
    """A date of YYYY-MM-DD, YYYY-MM or YYYY precision, kept as that text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _error(
            INVALID_DATE,
            "expected a date (YYYY-MM-DD, YYYY-MM or YYYY), found {found}",
            found=describe(value),
        )
    text = str(value)
    match = _DATE.match(text)
    if not match:
        raise _error(
            INVALID_DATE,
            "'{text}' is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY",
            text=text[:40],
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    if year is None or not 1900 <= year <= 2100:
        raise _error(INVALID_DATE, "year {text} is outside 1900-2100", text=text[:40])
    if month is not None and not 1 <= month <= 12:
        raise _error(INVALID_DATE, "'{text}' has no month {month}", text=text, month=month)
    if day is not None and month is not None:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        last = 28 if month == 2 and not leap else _DAYS[month - 1]
        if not 1 <= day <= last:
            raise _error(INVALID_DATE, "'{text}' is not a day on the calendar", text=text)
    return text


def date_not_before(later: str, earlier: str) -> bool:
    """Compare partial dates at their common precision."""
    n = min(len(later), len(earlier))
    return later[:n] >= earlier[:n]


def describe(value: Any) -> str:
    """A value as a message names it: 'the text ...', 'the number 3', 'a list'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _text(max_length: int, min_length: int = 1, one_line: bool = True) -> Any:
    def check(value: str) -> str:
        stripped = value.strip()
        if len(stripped) < min_length:
            raise _error(
                TEXT_LENGTH,
                "is {n} characters; at least {min} are needed",
                n=len(stripped),
                min=min_length,
            )
        if len(stripped) > max_length:
            raise _error(
                TEXT_LENGTH,
                "is {n} characters; at most {max} are allowed",
                n=len(stripped),
                max=max_length,
            )
        if one_line and "\n" in stripped:
            raise _error(TEXT_LENGTH, "must be one line")
        if _HTML_TAG.search(stripped):
            raise _error(RAW_HTML, "contains an HTML tag; plain text only")
        return stripped

    return AfterValidator(check)


def _bool_words(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in _BOOL_WORDS:
        raise _error(BOOLEAN_WORD, "'{found}' is not true or false in sellerkb's YAML", found=value)
    return value


def _vocab(*lists: str) -> Any:
    def check(value: str, info: ValidationInfo) -> str:
        vocabulary = (info.context or {}).get("vocabulary")
        if vocabulary is None:
            return value
        known = vocabulary.slug_set(lists)
        if value not in known:
            close = difflib.get_close_matches(value, sorted(known), n=1)
            raise _error(
                UNKNOWN_SLUG,
                "'{found}' is not in the {lists} of cases/vocabulary.yml{close}",
                found=value,
                lists=" or ".join(lists),
                close=f"; did you mean '{close[0]}'?" if close else "",
            )
        return value

    return AfterValidator(check)


def _code_in(table: Any, rule: Rule, what: str, extra: dict[str, str] | None = None) -> Any:
    def check(value: str) -> str:
        if value not in table() and value not in (extra or {}):
            raise _error(rule, "'{found}' is not {what}", found=value[:40], what=what)
        return value

    return AfterValidator(check)


_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?\Z", re.IGNORECASE)


def _url(value: str) -> str:
    if not _URL.match(value):
        raise _error(INVALID_URL, "'{found}' is not an http or https URL", found=value[:80])
    return value


def _unique(value: list[Any]) -> list[Any]:
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, (str, int)):
            continue
        if item in seen:
            raise _error(REPEATED_ENTRY, "repeats '{item}'", item=item, index=index)
        seen.add(str(item))
    return value


# Far above any real amount in any currency (the largest in cases/ is a fine of
# 162,800,000,000 KRW); the bound keeps sums and labels of amounts finite.
MAX_AMOUNT = 10**13


def _positive(value: float) -> float:
    if not value > 0:
        raise _error(OUT_OF_RANGE, "must be a number greater than 0, found {found}", found=value)
    if value > MAX_AMOUNT:
        raise _error(
            OUT_OF_RANGE,
            "{found} is more than 10,000,000,000,000 (10^13), larger than any amount "
            "reported in any currency; check the number of digits",
            found=f"{value:g}",
        )
    return value


def _non_negative(value: int) -> int:
    if value < 0:
        raise _error(
            OUT_OF_RANGE, "must be a whole number of at least 0, found {found}", found=value
        )
    return value


CaseDate = Annotated[
    str,
    BeforeValidator(parse_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1900, "maximum": 2100},
            ],
            "description": "YYYY-MM-DD, YYYY-MM or YYYY",
        }
    ),
]


def _full_date(value: Any) -> str:
    text = parse_date(value)
    if len(text) != 10:
        raise _error(INVALID_DATE, "'{text}' is not a full date YYYY-MM-DD", text=text)
    return text


FullDate = Annotated[
    str,
    BeforeValidator(_full_date),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}
    ),
]
OneLine = Annotated[str, _text(300), Field(json_schema_extra={"maxLength": 300})]
Url = Annotated[
    str, AfterValidator(_url), Field(json_schema_extra={"format": "uri", "pattern": "^https?://"})
]
Slug = Annotated[str, Field(json_schema_extra={"pattern": SLUG_PATTERN})]
PlatformSlug = Annotated[Slug, _vocab("platforms")]
TopicSlug = Annotated[Slug, _vocab("topics")]
ViolationSlug = Annotated[Slug, _vocab("violations")]
IssuerSlug = Annotated[Slug, _vocab("platforms", "authorities")]
AuthoritySlug = Annotated[Slug, _vocab("authorities")]


def _case_id(value: str) -> str:
    if not valid_id(value):
        raise _error(
            INVALID_ID,
            "'{found}' is not a case id (3 to 80 characters of a-z, 0-9 and single '-')",
            found=value[:80],
        )
    return value


CaseId = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": r"^[a-z0-9](-?[a-z0-9])*$", "minLength": 3, "maxLength": 80}
    ),
]
# An id that must be well formed where it is written: a merge target or an earlier id.
CheckedId = Annotated[CaseId, AfterValidator(_case_id)]
Country = Annotated[
    str,
    _code_in(iso.countries, INVALID_COUNTRY, "an ISO 3166-1 alpha-2 country code"),
    Field(json_schema_extra={"pattern": r"^[A-Z]{2}$"}),
]
Marketplace = Annotated[
    str,
    _code_in(
        iso.countries,
        INVALID_COUNTRY,
        "an ISO 3166-1 alpha-2 country code, EU or GLOBAL",
        iso.MARKETPLACE_EXTRAS,
    ),
    Field(json_schema_extra={"pattern": r"^([A-Z]{2}|GLOBAL)$"}),
]
Currency = Annotated[
    str,
    _code_in(iso.currencies, INVALID_CURRENCY, "an ISO 4217 currency code"),
    Field(json_schema_extra={"pattern": r"^[A-Z]{3}$"}),
]
Language = Annotated[
    str,
    _code_in(iso.languages, INVALID_LANGUAGE, "an ISO 639-1 language code"),
    Field(json_schema_extra={"pattern": r"^[a-z]{2}$"}),
]
Bool = Annotated[bool, BeforeValidator(_bool_words)]
Count = Annotated[int, AfterValidator(_non_negative), Field(json_schema_extra={"minimum": 0})]


def _list(item: Any, required: bool) -> Any:
    return Annotated[
        list[item],
        AfterValidator(_unique),
        Field(min_length=1 if required else 0, json_schema_extra={"uniqueItems": True}),
    ]


# --- the front matter ---------------------------------------------------------------

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)
Title = Annotated[
    str, _text(160, min_length=8), Field(json_schema_extra={"minLength": 8, "maxLength": 160})
]
Summary = Annotated[str, _text(600, one_line=False), Field(json_schema_extra={"maxLength": 600})]


class Source(BaseModel):
    """Where a fact comes from. A source without `url` is allowed but warned about."""

    model_config = _STRICT
    title: OneLine = Field(description="The article's or document's title, as published.")
    url: Url | None = Field(None, description="Where to read it: an http or https URL.")
    publisher: OneLine | None = Field(None, description="Who published it.")
    date: CaseDate | None = Field(None, description="When it was published.")
    language: Language | None = Field(
        None, description="ISO 639-1 code of its language (`en`, `zh`)."
    )
    archive_url: Url | None = Field(None, description="An archived copy (http or https).")
    confidence: Literal["high", "medium", "low"] | None = Field(
        None,
        description="How far the source can be trusted for what the case takes from it: "
        "`high` (a court, regulator or official page, or two independent major outlets), "
        "`medium` (one reputable outlet, or trade press quoting a primary document), `low` "
        "(a blog, vendor, law-firm marketing page or a copy of unknown provenance).",
    )


class Affected(BaseModel):
    """How many were affected, as reported. Whole numbers of at least 0."""

    model_config = _STRICT
    sellers: Count | None = Field(None, description="Sellers (businesses or people).")
    accounts: Count | None = Field(None, description="Seller accounts or stores.")
    brands: Count | None = Field(None, description="Brands.")
    listings: Count | None = Field(None, description="Product listings.")


class Money(BaseModel):
    """An amount of money at stake, with its currency and what it is."""

    model_config = _STRICT
    amount: Annotated[
        float,
        AfterValidator(_positive),
        Field(json_schema_extra={"exclusiveMinimum": 0, "maximum": MAX_AMOUNT}),
    ] = Field(
        description="The amount, a number greater than 0 and at most 10^13 "
        "(no thousands separators)."
    )
    currency: Currency = Field(description="ISO 4217 code (`USD`, `CNY`, `EUR`).")
    kind: Literal["frozen", "claimed", "awarded", "recovered", "fine", "fee"] = Field(
        description="What the money is."
    )
    estimate: Bool = Field(False, description="true when the amount is an estimate.")
    note: OneLine | None = Field(None, description="A short note: whose money, which period.")

    @model_validator(mode="before")
    @classmethod
    def _int_amount(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and isinstance(data.get("amount"), int)
            and not isinstance(data.get("amount"), bool)
        ):
            data = {**data, "amount": float(data["amount"])}
        return data


class Withdrawn(BaseModel):
    """When and why a case was withdrawn: found to be wrong, or not a case for this
    knowledge base. Its page stays, with a notice; listings, statistics and feeds leave it
    out; the API keeps it, marked."""

    model_config = _STRICT
    date: FullDate = Field(description="The day it was withdrawn (YYYY-MM-DD).")
    reason: OneLine = Field(description="Why, in one line; the case page shows it.")


class CaseFields(BaseModel):
    """Fields every kind has."""

    model_config = _STRICT
    title: Title = Field(description="8 to 160 characters, one line.")
    summary: Summary = Field(
        description="Plain text of at most 600 characters, shown in listings, search results "
        "and feeds."
    )
    date: CaseDate = Field(description="When it began, was filed or announced.")
    reviewed: FullDate | None = Field(
        None,
        description="The day someone last checked the case against its sources and the newest "
        "public reporting (YYYY-MM-DD); not the day the file was last edited.",
    )
    awaiting: OneLine | None = Field(
        None,
        description="For an open case: what would close or change it, the thing to look for "
        "at the next review (an appeal decision, a reinstatement).",
    )
    language: Literal["en", "zh"] = Field(
        "en", description="The language the case is written in: `en` (default) or `zh`."
    )
    end_date: CaseDate | None = Field(None, description="When it ended; not before `date`.")
    platforms: list[PlatformSlug] = Field(
        default_factory=list,
        description="`platforms` slugs from the vocabulary. Required (1+) for bans and lawsuits.",
    )
    marketplaces: _list(Marketplace, False) = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Where the storefronts are: ISO 3166-1 alpha-2 codes, or `EU`, `GLOBAL`.",
    )
    seller_countries: _list(Country, False) = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Where the affected sellers are based: ISO 3166-1 alpha-2 codes.",
    )
    topics: _list(TopicSlug, True) = Field(  # type: ignore[valid-type]
        description="`topics` slugs from the vocabulary, at least one."
    )
    affected: Affected | None = Field(None, description="Counts affected, as reported.")
    money: list[Money] = Field(default_factory=list, description="Money at stake.")
    related: _list(CaseId, False) = Field(  # type: ignore[valid-type]
        default_factory=list, description="Ids of related cases; the site links them both ways."
    )
    sources: Annotated[list[Source], Field(min_length=1)] = Field(
        description="Every source the case uses, at least one."
    )
    withdrawn: Withdrawn | None = Field(
        None,
        description="`date` and `reason`, for a case found to be wrong. The page stays with "
        "a notice; listings, statistics and feeds leave it out; the API keeps it, marked.",
    )
    merged_into: CheckedId | None = Field(
        None,
        description="The id of the case this one duplicated. Its page and its API document "
        "redirect there, and its id keeps resolving. Not a case that is itself merged or "
        "withdrawn.",
    )
    aliases: _list(CheckedId, False) = Field(  # type: ignore[valid-type]
        default_factory=list,
        description="Earlier ids of this case, after a rename: each old URL redirects here. "
        "Not the id of any case, nor another case's alias.",
    )

    @model_validator(mode="after")
    def _lifecycle(self) -> CaseFields:
        if self.withdrawn is not None and self.merged_into is not None:
            raise _error(
                LIFECYCLE_CONFLICT,
                "is given with withdrawn; a case is either merged or withdrawn",
                field="merged_into",
            )
        return self

    @model_validator(mode="after")
    def _dates(self) -> CaseFields:
        if self.end_date and not date_not_before(self.end_date, self.date):
            raise _error(
                DATES_OUT_OF_ORDER,
                "{end} is before date {start}",
                end=self.end_date,
                start=self.date,
                field="end_date",
            )
        return self


class BanFields(CaseFields):
    """Account suspensions, fund holds, delistings."""

    status: Literal["active", "partially-reinstated", "reinstated", "unknown"] = Field(
        description="Where the ban stands."
    )
    platforms: _list(PlatformSlug, True) = Field(  # type: ignore[valid-type]
        description="`platforms` slugs from the vocabulary, at least one."
    )
    violations: _list(ViolationSlug, True) = Field(  # type: ignore[valid-type]
        description="What the platform alleged: `violations` slugs, at least one."
    )


class LawsuitFields(CaseFields):
    """Lawsuits, class actions, arbitrations, regulator actions."""

    status: Literal["pending", "settled", "decided", "dismissed", "withdrawn", "unknown"] = Field(
        description="Where the proceeding stands."
    )
    platforms: _list(PlatformSlug, True) = Field(  # type: ignore[valid-type]
        description="`platforms` slugs from the vocabulary, at least one."
    )
    forum: Literal["court", "arbitration", "regulator"] = Field(description="Where it is heard.")
    authority: AuthoritySlug | None = Field(
        None,
        description="The public authority that brought or decides it, where there is one: "
        "an `authorities` slug (a regulator, a ministry, the EU).",
    )
    venue: OneLine | None = Field(None, description="The court, tribunal or agency.")
    case_number: OneLine | None = Field(None, description="The docket or file number, as text.")
    plaintiffs: _list(OneLine, True) = Field(  # type: ignore[valid-type]
        description="Names of the parties bringing it, at least one. No private individuals."
    )
    defendants: _list(OneLine, True) = Field(  # type: ignore[valid-type]
        description="Names of the parties it is brought against, at least one."
    )
    class_action: Bool = Field(False, description="true for a class or collective action.")
    ruling: Literal["for-plaintiff", "for-defendant", "split"] | None = Field(
        None, description="Only when status is `decided`, and required then."
    )

    @model_validator(mode="after")
    def _ruling(self) -> LawsuitFields:
        if self.status == "decided" and self.ruling is None:
            raise _error(RULING_MISMATCH, "is decided but there is no ruling", field="status")
        if self.status != "decided" and self.ruling is not None:
            raise _error(
                RULING_MISMATCH,
                "is given but status is '{status}', not decided",
                status=self.status,
                field="ruling",
            )
        return self


class PolicyFields(CaseFields):
    """Platform rules and laws that change what sellers may do."""

    status: Literal["proposed", "announced", "in-effect", "withdrawn", "superseded"] = Field(
        description="Where the policy stands."
    )
    issuer: IssuerSlug = Field(description="Who issued it: a `platforms` or `authorities` slug.")
    effective_date: CaseDate | None = Field(
        None, description="When it takes effect; not before `date`."
    )

    @model_validator(mode="after")
    def _effective(self) -> PolicyFields:
        if self.effective_date and not date_not_before(self.effective_date, self.date):
            raise _error(
                DATES_OUT_OF_ORDER,
                "{end} is before date {start}",
                end=self.effective_date,
                start=self.date,
                field="effective_date",
            )
        return self


class TranslationFields(BaseModel):
    """The front matter of a translation, `cases/<kind>/<id>.<language>.md`: only the
    translated text. Facts live in the original."""

    model_config = _STRICT
    title: Title = Field(description="The translated title: 8 to 160 characters, one line.")
    summary: Summary = Field(description="The translated summary: at most 600 characters.")
    translated_from: Annotated[
        str, Field(json_schema_extra={"pattern": r"^[0-9a-f]{10}(-[0-9a-f]{10}){2}$"})
    ] = Field(
        description="The fingerprint of the original's title, summary and body when it was "
        "translated, as `sellerkb translate` writes it."
    )


FIELDS_BY_KIND: dict[Kind, type[CaseFields]] = {
    Kind.BANS: BanFields,
    Kind.LAWSUITS: LawsuitFields,
    Kind.POLICIES: PolicyFields,
}


# --- the vocabulary -----------------------------------------------------------------


Alias = Annotated[str, _text(60)]


class TermTranslation(BaseModel):
    """A vocabulary term in another language: its name, description and the words sellers
    use for it in that language."""

    model_config = _STRICT
    name: Annotated[str, _text(80)]
    description: Annotated[str, _text(600, one_line=False)] | None = None
    aliases: _list(Alias, False) = Field(default_factory=list)  # type: ignore[valid-type]


class Term(BaseModel):
    model_config = _STRICT
    slug: Slug
    name: Annotated[str, _text(80)]
    description: Annotated[str, _text(600, one_line=False)]
    url: Url | None = None
    aliases: _list(Alias, False) = Field(default_factory=list)  # type: ignore[valid-type]
    zh: TermTranslation | None = None

    def all_names(self) -> list[str]:
        """Its names and aliases in every language, once each: what a search finds it by."""
        names = [self.name, *self.aliases]
        if self.zh:
            names += [self.zh.name, *self.zh.aliases]
        return list(dict.fromkeys(names))


class Vocabulary(BaseModel):
    model_config = _STRICT
    platforms: list[Term]
    authorities: list[Term]
    topics: list[Term]
    violations: list[Term]

    _index: dict[str, dict[str, Term]] = PrivateAttr(default_factory=dict)
    _sets: dict[tuple[str, ...], frozenset[str]] = PrivateAttr(default_factory=dict)

    def slugs(self, name: str) -> dict[str, Term]:
        if name not in self._index:
            self._index[name] = {term.slug: term for term in getattr(self, name)}
        return self._index[name]

    def slug_set(self, names: tuple[str, ...]) -> frozenset[str]:
        found = self._sets.get(names)
        if found is None:
            found = self._sets[names] = frozenset(s for n in names for s in self.slugs(n))
        return found

    def term(self, slug: str) -> Term | None:
        """The term with this slug, in whichever list it is."""
        for group in VOCABULARY_LISTS:
            found = self.slugs(group).get(slug)
            if found:
                return found
        return None

    def name_of(self, slug: str) -> str:
        term = self.term(slug)
        return term.name if term else slug


VOCABULARY_LISTS = ("platforms", "authorities", "topics", "violations")


# --- a loaded case ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    kind: Kind
    path: str  # relative to the root, with "/"
    meta: CaseFields
    body: str
    body_line: int
    links: tuple[str, ...] = ()  # ids of cases the body links to
    # language -> its translation; filled by the loader once both are read
    translations: dict[str, Translation] = field(default_factory=dict, compare=False)

    @property
    def references(self) -> list[str]:
        """Ids this case needs to exist: its related cases and the cases it links to."""
        return sorted({*self.meta.related, *self.links})

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def status(self) -> str:
        """Every kind has a status, each with its own words."""
        return str(self.meta.status)  # type: ignore[attr-defined]

    @property
    def countries(self) -> list[str]:
        """Where the case applies: its marketplaces and the sellers' countries, sorted."""
        return sorted({*self.meta.marketplaces, *self.meta.seller_countries})

    @property
    def violations(self) -> list[str]:
        """What the platform alleged (bans); empty for other kinds."""
        return list(getattr(self.meta, "violations", ()))

    @property
    def authorities(self) -> list[str]:
        """The authorities of the case: a policy's issuer or a lawsuit's authority, when
        it is an `authorities` slug (a platform issuer is a platform, not an authority)."""
        found = [getattr(self.meta, name, None) for name in ("issuer", "authority")]
        return [slug for slug in found if slug and slug not in self.meta.platforms]

    @property
    def year(self) -> str:
        return self.meta.date[:4]

    @property
    def is_withdrawn(self) -> bool:
        """Withdrawn through the `withdrawn` field (not a lawsuit's or policy's status
        `withdrawn`, which is a fact about the proceeding or the rule)."""
        return self.meta.withdrawn is not None

    @property
    def is_merged(self) -> bool:
        """Merged into another case: its id now redirects there."""
        return self.meta.merged_into is not None

    @property
    def is_listed(self) -> bool:
        """Whether listings, statistics and feeds show it: neither withdrawn nor merged."""
        return self.meta.withdrawn is None and self.meta.merged_into is None

    def vocabulary_slugs(self) -> set[str]:
        """Every vocabulary slug the case uses, from any list."""
        issuer = getattr(self.meta, "issuer", None)
        authority = getattr(self.meta, "authority", None)
        return {*self.meta.platforms, *self.meta.topics, *self.violations} | {
            slug for slug in (issuer, authority) if slug
        }


@dataclass
class Corpus:
    vocabulary: Vocabulary
    cases: dict[str, Case] = field(default_factory=dict)

    def by_kind(self, kind: Kind) -> list[Case]:
        return [case for case in self.cases.values() if case.kind is kind]

    def listed(self) -> list[Case]:
        """The cases listings, statistics and feeds show: not withdrawn, not merged."""
        return [case for case in self.cases.values() if case.is_listed]

    @property
    def redirects(self) -> dict[str, str]:
        """Old id -> the id of the case it lives in now: every alias, and every merged
        case. The validator refuses chains and loops; should one slip through (a corpus
        built by hand), it is followed to its end and a loop is left out."""
        direct: dict[str, str] = {}
        for case in self.cases.values():
            for alias in case.meta.aliases:
                direct.setdefault(alias, case.id)
            if case.meta.merged_into is not None:
                direct[case.id] = case.meta.merged_into
        out = {}
        for old, new in direct.items():
            seen = {old}
            while new in direct and new not in seen:
                seen.add(new)
                new = direct[new]
            if new not in seen and new in self.cases:
                out[old] = new
        return dict(sorted(out.items()))

    def resolve(self, case_id: str) -> Case | None:
        """The case an id (current or earlier) answers with now, or None."""
        target = self.redirects.get(case_id, case_id)
        return self.cases.get(target)


TYPE_NAMES: list[tuple[Any, str]] = [
    (CaseDate, "date"),
    (FullDate, "full date"),
    (OneLine, "text (one line)"),
    (Url, "URL"),
    (PlatformSlug, "platform slug"),
    (TopicSlug, "topic slug"),
    (ViolationSlug, "violation slug"),
    (IssuerSlug, "platform or authority slug"),
    (AuthoritySlug, "authority slug"),
    (CaseId, "case id"),
    (CheckedId, "case id"),
    (Country, "country code"),
    (Marketplace, "marketplace code"),
    (Currency, "currency code"),
    (Language, "language code"),
    (Bool, "true/false"),
    (Count, "whole number"),
]


def coverage(corpus: Corpus, languages: tuple[str, ...] = LANGUAGES) -> list[Coverage]:
    """Translation coverage by language and kind: cases translated, stale and missing."""
    out = []
    for language in languages:
        for kind in Kind:
            cases = [c for c in corpus.by_kind(kind) if c.meta.language != language]
            done = [c for c in cases if language in c.translations]
            out.append(
                Coverage(
                    language,
                    kind.value,
                    len(cases),
                    len(done),
                    sorted(c.id for c in done if c.translations[language].stale),
                    sorted(c.id for c in cases if language not in c.translations),
                )
            )
    return out
