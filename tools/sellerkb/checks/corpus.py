"""Rules across cases: unique ids, related ids, links between cases, unused slugs."""

from __future__ import annotations

from collections.abc import Iterable

from ..casefile import Document
from ..discover import CaseFile
from ..model import VOCABULARY_LISTS, Case, Vocabulary
from ..problems import (
    DUPLICATE_ID,
    LINK_TO_UNKNOWN_CASE,
    RELATED_TO_SELF,
    UNKNOWN_RELATED,
    UNUSED_SLUG,
    Problem,
)
from .body import CaseLink


def duplicate_ids(files: Iterable[CaseFile]) -> tuple[list[CaseFile], list[Problem]]:
    """Files with unique ids, and an error for each later file that repeats one."""
    first: dict[str, CaseFile] = {}
    problems = []
    for file in files:
        if file.id in first:
            problems.append(
                DUPLICATE_ID.at(
                    file.rel,
                    1,
                    1,
                    f"id '{file.id}' is already used by {first[file.id].rel}",
                    "ids are unique across bans, lawsuits and policies; rename this file",
                )
            )
        else:
            first[file.id] = file
    return list(first.values()), problems


def references(
    file: CaseFile, doc: Document, links: list[CaseLink], ids: set[str]
) -> list[Problem]:
    """Related ids and links to cases, read from the front matter even if it has errors."""
    problems = []
    related = doc.data.get("related") if isinstance(doc.data, dict) else None
    for index, other in enumerate(related if isinstance(related, list) else []):
        if not isinstance(other, str):
            continue
        line, column = doc.line_of(("related", index))
        if other == file.id:
            problems.append(
                RELATED_TO_SELF.at(
                    file.rel,
                    line,
                    column,
                    f"related[{index}]: the case lists itself",
                    "remove its own id from related",
                )
            )
        elif other not in ids:
            problems.append(
                UNKNOWN_RELATED.at(
                    file.rel,
                    line,
                    column,
                    f"related[{index}]: there is no case '{other}'",
                    "use the file name (without .md) of an existing case",
                )
            )
    for link in links:
        if link.target not in ids:
            problems.append(
                LINK_TO_UNKNOWN_CASE.at(
                    file.rel,
                    link.line,
                    link.column,
                    f"link to case '{link.target}', which does not exist",
                    "link to an existing case id, or to a full https:// address",
                )
            )
    return problems


def slugs_used(case: Case) -> set[str]:
    """The vocabulary slugs a case uses."""
    return case.vocabulary_slugs()


def unused_slugs(
    vocabulary: Vocabulary, vocab_doc: Document, used: set[str], path: str
) -> list[Problem]:
    """A warning for each vocabulary slug that no case uses."""
    problems = []
    for group in VOCABULARY_LISTS:
        for index, term in enumerate(getattr(vocabulary, group)):
            if term.slug not in used:
                problems.append(
                    UNUSED_SLUG.at(
                        path,
                        *vocab_doc.line_of((group, index, "slug")),
                        f"{group} slug '{term.slug}' is used by no case",
                        "fine for a new slug; remove it if it is obsolete",
                    )
                )
    return problems
