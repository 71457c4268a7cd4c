"""Permanent ids: `merged_into` and `aliases` against the other cases. An id, once
published, keeps resolving, in one step, to a case readers can be sent to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..casefile import Document
from ..model import Case
from ..problems import (
    ALIAS_COLLISION,
    MERGED_INTO_UNKNOWN,
    MERGED_INTO_WITHDRAWN,
    REDIRECT_CHAIN,
    REDIRECT_LOOP,
    Problem,
)

Position = tuple[int, int]


@dataclass(frozen=True)
class Lifecycle:
    """What redirect checks need of a case: small, so that worker processes send it back."""

    id: str
    path: str
    withdrawn: bool
    merged_into: str | None
    aliases: tuple[str, ...]
    merged_at: Position  # line and column of merged_into
    alias_at: tuple[Position, ...]  # of each alias


def lifecycle(case: Case, doc: Document) -> Lifecycle:
    """The lifecycle fields of a valid case, with where they are written."""
    aliases = tuple(case.meta.aliases)
    return Lifecycle(
        case.id,
        case.path,
        case.is_withdrawn,
        case.meta.merged_into,
        aliases,
        doc.line_of(("merged_into",)),
        tuple(doc.line_of(("aliases", index)) for index in range(len(aliases))),
    )


def against_ids(record: Lifecycle, ids: set[str]) -> list[Problem]:
    """What one case can be checked for knowing only the ids of all cases: a merge into
    itself or into no case, and aliases that are the id of a case."""
    problems = []
    target = record.merged_into
    if target == record.id:
        problems.append(
            REDIRECT_LOOP.at(
                record.path,
                *record.merged_at,
                f"merged_into: the case is merged into itself ('{target}')",
                "remove merged_into, or name the case this one duplicated",
                field="merged_into",
            )
        )
    elif target is not None and target not in ids:
        problems.append(
            MERGED_INTO_UNKNOWN.at(
                record.path,
                *record.merged_at,
                f"merged_into: there is no case '{target}'",
                field="merged_into",
            )
        )
    for index, (alias, at) in enumerate(zip(record.aliases, record.alias_at, strict=True)):
        if alias == record.id:
            message = f"aliases[{index}]: '{alias}' is the case's own id"
            hint = "list only earlier ids of the case, not its id now"
        elif alias in ids:
            message = f"aliases[{index}]: '{alias}' is the id of another case, which keeps it"
            hint = None
        else:
            continue
        problems.append(ALIAS_COLLISION.at(record.path, *at, message, hint, field="aliases"))
    return problems


def across(records: Iterable[Lifecycle]) -> list[Problem]:
    """Checks that need the other cases' lifecycle fields: an alias of two cases, merges
    into merged or withdrawn cases (chains and loops), and aliases on a merged case."""
    by_id = {record.id: record for record in records}
    problems: list[Problem] = []
    owners: dict[str, list[str]] = defaultdict(list)
    for record in by_id.values():
        for alias in record.aliases:
            owners[alias].append(record.id)
    for record in by_id.values():
        for index, (alias, at) in enumerate(zip(record.aliases, record.alias_at, strict=True)):
            others = [other for other in owners[alias] if other != record.id]
            if others:
                problems.append(
                    ALIAS_COLLISION.at(
                        record.path,
                        *at,
                        f"aliases[{index}]: '{alias}' is also an alias of "
                        + ", ".join(f"'{other}'" for other in others),
                        "an old id redirects to one case: keep it on the case it was renamed "
                        "to, and merge the other into that case",
                        field="aliases",
                    )
                )
            if record.merged_into is not None:
                problems.append(
                    REDIRECT_CHAIN.at(
                        record.path,
                        *at,
                        f"aliases[{index}]: '{alias}' would redirect to this case, which is "
                        f"merged into '{record.merged_into}'",
                        f"move the alias to '{record.merged_into}'",
                        field="aliases",
                    )
                )
        problems += _merge_target(record, by_id)
    return problems


def _merge_target(record: Lifecycle, by_id: dict[str, Lifecycle]) -> list[Problem]:
    target = by_id.get(record.merged_into or "")
    if target is None or target.id == record.id:
        return []  # not merged, or reported by against_ids (or the target has errors)
    if target.withdrawn:
        return [
            MERGED_INTO_WITHDRAWN.at(
                record.path,
                *record.merged_at,
                f"merged_into: '{target.id}' is withdrawn",
                field="merged_into",
            )
        ]
    if target.merged_into is None:
        return []
    path = [record.id, target.id]
    step: Lifecycle | None = target
    while step is not None and step.merged_into is not None:
        if step.merged_into in path:
            path.append(step.merged_into)
            break
        path.append(step.merged_into)
        step = by_id.get(step.merged_into)
    if path[-1] == record.id:
        return [
            REDIRECT_LOOP.at(
                record.path,
                *record.merged_at,
                "merged_into: " + " -> ".join(path) + " never reaches a case that is not merged",
                field="merged_into",
            )
        ]
    final = path[-1] if path.count(path[-1]) == 1 else None
    return [
        REDIRECT_CHAIN.at(
            record.path,
            *record.merged_at,
            f"merged_into: '{target.id}' is itself merged into '{target.merged_into}'",
            f"merge into '{final}' directly" if final else None,
            field="merged_into",
        )
    ]
