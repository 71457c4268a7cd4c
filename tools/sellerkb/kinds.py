"""Kinds, ids and languages: what a case's folder and file name mean, and which folder is
a repository. Light to import: every command starts here."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

ID_PATTERN = re.compile(r"[a-z0-9](?:-?[a-z0-9])*\Z")
ID_LENGTH = (3, 80)
VOCABULARY = "vocabulary.yml"  # in cases/; the folder above is a repository
# The languages the site is published in; the first is the default of a case.
LANGUAGES = ("en", "zh")
# The locale of each language, as Babel and pycountry's catalogs name it.
LOCALES = {"en": "en", "zh": "zh_CN"}


class Kind(StrEnum):
    """A case's kind, which is its folder under cases/."""

    BANS = "bans"
    LAWSUITS = "lawsuits"
    POLICIES = "policies"

    @property
    def singular(self) -> str:
        """The kind as one word for one case: ban, lawsuit, policy."""
        return _SINGULAR[self]

    @property
    def default_status(self) -> str:
        """The status a new case of this kind starts with."""
        return _DEFAULT_STATUS[self]


_SINGULAR = {Kind.BANS: "ban", Kind.LAWSUITS: "lawsuit", Kind.POLICIES: "policy"}
_DEFAULT_STATUS = {Kind.BANS: "unknown", Kind.LAWSUITS: "pending", Kind.POLICIES: "announced"}
KINDS = tuple(kind.value for kind in Kind)
# Each kind's statuses, in the order the docs list them; the model's Literal types match.
STATUSES = {
    Kind.BANS: ("active", "partially-reinstated", "reinstated", "unknown"),
    Kind.LAWSUITS: ("pending", "settled", "decided", "dismissed", "withdrawn", "unknown"),
    Kind.POLICIES: ("proposed", "announced", "in-effect", "withdrawn", "superseded"),
}
# Statuses of a case that is still open: it may change, so it needs reviews.
OPEN_STATUSES = {
    Kind.BANS: ("active", "unknown"),
    Kind.LAWSUITS: ("pending", "unknown"),
    Kind.POLICIES: ("proposed", "announced"),
}


def valid_id(text: str) -> bool:
    """Whether text is a valid case id (3 to 80 of a-z, 0-9 and single '-')."""
    return ID_LENGTH[0] <= len(text) <= ID_LENGTH[1] and bool(ID_PATTERN.match(text))


_CASE_FILE = re.compile(rf"([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?:{'|'.join(LANGUAGES)}))?\.md\Z")


def is_case_file(name: str) -> bool:
    """Whether a file name is one discovery lists as a case or a translation:
    '<id>.md' or '<id>.<language>.md' with a language of the site."""
    match = _CASE_FILE.match(name)
    return match is not None and ID_LENGTH[0] <= match.end(1) <= ID_LENGTH[1]


def split_stem(stem: str) -> tuple[str, str]:
    """A file stem as (id, language): 'x-2021' -> ('x-2021', ''), 'x-2021.zh' -> ('x-2021',
    'zh'). The language is '' for an original; it may be any short word, checked later."""
    case_id, dot, language = stem.rpartition(".")
    if dot and case_id and language.isascii() and language.isalpha() and len(language) <= 8:
        return case_id, language.lower() if language.islower() else language
    return stem, ""


def find_root(start: Path) -> Path | None:
    """The nearest ancestor of start (or start itself) that holds cases/vocabulary.yml."""
    for folder in (start, *start.parents):
        if (folder / "cases" / VOCABULARY).is_file():
            return folder
    return None
