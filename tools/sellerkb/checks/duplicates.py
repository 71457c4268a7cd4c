"""Likely duplicates: the same case number, a nearly identical title, or the same platform,
month and topics together with evidence that they tell of the same thing (similar titles
or summaries, a shared source, or a shared plaintiff few cases name). Warnings that name the
existing case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..casefile import Document
from ..model import Case
from ..problems import POSSIBLE_DUPLICATE, Problem

TITLE_SIMILARITY = 90  # rapidfuzz token_sort_ratio, 0-100
# Within the same platform, month and topics: unrelated synthetic texts score up to 66.
TEXT_SIMILARITY = 75
# A plaintiff named by more cases than this (a regulator busy that month, or a synthetic
# corpus's one plaintiff) tells nothing apart.
RARE_PLAINTIFF = 3


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate checks need of a case: small, so that worker processes send it back."""

    id: str
    path: str
    title: str
    case_number: str
    platforms: tuple[str, ...]
    year: str
    month: str  # YYYY-MM, or "" when the date is only a year
    topics: tuple[str, ...]
    title_line: int
    number_line: int
    date_line: int
    summary: str = ""
    plaintiffs: tuple[str, ...] = ()  # casefolded; defendants are mostly the platform
    sources: tuple[str, ...] = ()  # source URLs, normalized


def fingerprint(case: Case, doc: Document) -> Fingerprint:
    """What the duplicate checks need of a valid case, with the lines to point at."""
    meta = case.meta
    number = (getattr(meta, "case_number", None) or "").strip().lower()
    return Fingerprint(
        case.id,
        case.path,
        meta.title,
        number,
        tuple(sorted(meta.platforms)),
        meta.date[:4],
        meta.date[:7] if len(meta.date) >= 7 else "",
        tuple(sorted(meta.topics)),
        doc.line_of(("title",))[0],
        doc.line_of(("case_number",))[0],
        doc.line_of(("date",))[0],
        meta.summary,
        tuple(
            sorted(
                {
                    " ".join(name.casefold().split())
                    for name in getattr(meta, "plaintiffs", None) or ()
                }
            )
        ),
        tuple(sorted({_normal_url(str(s.url)) for s in meta.sources if s.url})),
    )


def _normal_url(url: str) -> str:
    """An address as two cases citing the same page would both write it."""
    url = url.strip().split("#", 1)[0].rstrip("/")
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}{slash}{path}" if sep and scheme.lower() in ("http", "https") else url


def _blocks(print_: Fingerprint) -> list[tuple[str, str]]:
    return [(print_.year, platform) for platform in print_.platforms] or [(print_.year, "")]


def _sorted_words(title: str) -> str:
    return " ".join(sorted(title.lower().split()))


def _evidence(a: Fingerprint, b: Fingerprint, common: set[str]) -> str:
    """Why two cases of the same platform, month and topics look like one, or ""."""
    from rapidfuzz import fuzz

    shared = sorted(set(a.sources) & set(b.sources))
    if shared:
        return f"the same source '{shared[0]}'"
    plaintiffs = sorted((set(a.plaintiffs) & set(b.plaintiffs)) - common)
    if plaintiffs:
        return f"the same plaintiff '{plaintiffs[0]}'"
    if fuzz.ratio(_sorted_words(a.title), _sorted_words(b.title)) >= TEXT_SIMILARITY:
        return "similar titles"
    summaries = fuzz.ratio(_sorted_words(a.summary), _sorted_words(b.summary))
    return "similar summaries" if a.summary and summaries >= TEXT_SIMILARITY else ""


def duplicates(
    prints: Iterable[Fingerprint], among: Iterable[Fingerprint] | None = None
) -> list[Problem]:
    """Warnings on `prints` for likely duplicates among `among` (default: each other).
    Among themselves, each pair is reported once, on the later path."""
    from rapidfuzz import fuzz, process

    new = sorted(prints, key=lambda f: f.path)
    old = sorted(among, key=lambda f: f.path) if among is not None else new
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()

    def report(a: Fingerprint, b: Fingerprint, line: str, why: str) -> None:
        if a.id == b.id:
            return
        later, earlier = (a, b) if among is not None or a.path > b.path else (b, a)
        if (later.id, earlier.id) in reported:
            return
        reported.add((later.id, earlier.id))
        at = {"number": later.number_line, "title": later.title_line, "date": later.date_line}
        message = f"possible duplicate of '{earlier.id}' ({earlier.path}): {why}"
        hint = "merge the two cases, or make their titles tell them apart"
        problems.append(POSSIBLE_DUPLICATE.at(later.path, at[line], 1, message, hint))

    by_number: dict[str, list[Fingerprint]] = defaultdict(list)
    by_month: dict[tuple[str, tuple[str, ...]], list[Fingerprint]] = defaultdict(list)
    by_block: dict[tuple[str, str], list[Fingerprint]] = defaultdict(list)
    named: dict[str, int] = defaultdict(int)
    for print_ in old:
        for plaintiff in print_.plaintiffs:
            named[plaintiff] += 1
        if print_.case_number:
            by_number[print_.case_number].append(print_)
        if print_.month:
            by_month[(print_.month, print_.topics)].append(print_)
        for key in _blocks(print_):
            by_block[key].append(print_)
    common = {name for name, count in named.items() if count > RARE_PLAINTIFF}
    mine_by_block: dict[tuple[str, str], list[Fingerprint]] = defaultdict(list)
    for print_ in new:
        for key in _blocks(print_):
            mine_by_block[key].append(print_)
        for other in by_number.get(print_.case_number, []) if print_.case_number else []:
            report(print_, other, "number", f"the same case number '{print_.case_number}'")
        for other in by_month.get((print_.month, print_.topics), []) if print_.month else []:
            if other.id != print_.id and set(print_.platforms) & set(other.platforms):
                evidence = _evidence(print_, other, common)
                if evidence:
                    report(
                        print_,
                        other,
                        "date",
                        f"the same platform, month and topics, and {evidence}",
                    )
    # Titles are compared within a year and platform, where duplicates live. token_sort_ratio
    # is ratio on sorted words, so each title's words are sorted once.
    for key, mine in mine_by_block.items():
        block = by_block.get(key, [])
        keys = [_sorted_words(f.title) for f in block]
        for print_ in mine:
            matches = process.extract(
                _sorted_words(print_.title),
                keys,
                scorer=fuzz.ratio,
                score_cutoff=TITLE_SIMILARITY,
                limit=None,
            )
            for _, _, j in matches:
                report(print_, block[j], "title", f"a nearly identical title: '{block[j].title}'")
    return sorted(problems, key=lambda p: (p.path, p.line))
