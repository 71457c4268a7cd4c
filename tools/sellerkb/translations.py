"""Translations of cases: the fingerprint of an original's translatable text, and which
parts of it changed since a translation was made."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

PARTS = ("title", "summary", "body")
FINGERPRINT = re.compile(r"[0-9a-f]{10}-[0-9a-f]{10}-[0-9a-f]{10}\Z")
# Numbers, years and case numbers ("3:21-cv-07083", "1 BvR 375/21") in titles and summaries.
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _normal(text: str) -> str:
    """Text as the fingerprint sees it: white space folded, so re-wrapping changes nothing."""
    return " ".join(text.split())


def fingerprint(title: str, summary: str, body: str) -> str:
    """What `translated_from` records: a digest of each part of the original."""
    return "-".join(_digest(_normal(part)) for part in (title, summary, body))


def changed_parts(recorded: str, current: str) -> list[str]:
    """The parts (title, summary, body) whose digest differs between two fingerprints."""
    old, new = recorded.split("-"), current.split("-")
    return [part for part, a, b in zip(PARTS, old, new, strict=True) if a != b]


def numbers(text: str) -> set[str]:
    """The numbers in text, with thousands separators dropped (13,000 -> 13000)."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = match.group()
        found.add(re.sub(r"(?<=\d),(?=\d{3}\b)", "", value))
    return found


@dataclass(frozen=True)
class Translation:
    """A translation of a case, `cases/<kind>/<id>.<language>.md`."""

    case_id: str
    language: str
    path: str
    title: str
    summary: str
    body: str
    body_line: int
    translated_from: str
    lines: tuple[int, int, int] = (1, 1, 1)  # of title, summary and translated_from
    stale: tuple[str, ...] = ()  # parts of the original changed since it was translated


_STAMP = re.compile(r"^translated_from:.*$", re.MULTILINE)


def restamp(text: str, stamp: str) -> str:
    """A translation file's text with its `translated_from` line set to stamp."""
    head, sep, rest = text.partition("\n---")
    if _STAMP.search(head):
        head = _STAMP.sub(f"translated_from: {stamp}", head, count=1)
    else:
        head += f"\ntranslated_from: {stamp}"
    return head + sep + rest


@dataclass(frozen=True)
class Coverage:
    """How much of one kind is translated into one language."""

    language: str
    kind: str
    cases: int  # cases not written in this language
    translated: int
    stale: list[str]  # ids whose translation is behind the original
    missing: list[str]  # ids with no translation

    @property
    def percent(self) -> float:
        """The share of cases whose translation is up to date, in percent."""
        return 100.0 * (self.translated - len(self.stale)) / self.cases if self.cases else 100.0
