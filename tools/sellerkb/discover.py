"""Walk `cases/`: kinds from folders, ids from file names, and everything that does not belong."""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .kinds import LANGUAGES, VOCABULARY, Kind, split_stem, valid_id
from .problems import (
    CASE_COLLISION,
    INVALID_ID,
    NO_CASES_FOLDER,
    STRAY_FILE,
    STRAY_FOLDER,
    SYMLINK,
    TRANSLATION_LANGUAGE,
    UNREADABLE,
    Problem,
)


@dataclass(frozen=True)
class CaseFile:
    """A case or translation file found under cases/, with what its path says."""

    path: str  # absolute; a plain string, as 10,000 Path objects cost a search 50 ms
    rel: str
    kind: Kind
    id: str
    size: int
    mtime_ns: int
    language: str = ""  # "" for a case, the language code for a translation of one


@dataclass
class Discovery:
    """What `cases/` holds: case files, translations, the vocabulary, and what is wrong."""

    files: list[CaseFile]
    vocabulary: Path | None
    problems: list[Problem]
    translations: list[CaseFile] = field(default_factory=list)


def _collisions(folder_rel: str, names: list[str]) -> list[Problem]:
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[name.lower()].append(name)
    return [
        CASE_COLLISION.at(
            f"{folder_rel}/{name}",
            1,
            1,
            f"'{name}' differs from '{group[0]}' only by upper/lower case",
            "rename or remove one of them; they collide on macOS and Windows",
        )
        for group in groups.values()
        if len(group) > 1
        for name in sorted(group)[1:]
    ]


def _listing(folder: str, rel: str, problems: list[Problem]) -> list[os.DirEntry[str]] | None:
    """A folder's entries by name, with an unreadable folder and case collisions reported."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(
            UNREADABLE.at(
                rel,
                1,
                1,
                f"cannot list {rel}/: {exc.strerror}",
                "check the folder's permissions",
            )
        )
        return None
    problems += _collisions(rel, [e.name for e in entries])
    return entries


def _symlink(rel: str) -> Problem:
    return SYMLINK.at(
        rel,
        1,
        1,
        f"'{rel}' is a symbolic link",
        "replace the link with the real file or folder",
    )


def discover(root: Path) -> Discovery:
    """Walk cases/: its case files, translations and vocabulary, and each stray file or
    folder, symbolic link or name collision as a problem."""
    cases = root / "cases"
    problems: list[Problem] = []
    files: list[CaseFile] = []
    translations: list[CaseFile] = []
    vocabulary: Path | None = None
    if cases.is_symlink() or not cases.is_dir():
        problems.append(
            NO_CASES_FOLDER.at(
                "cases",
                1,
                1,
                f"no cases/ folder in {root}",
                "run sellerkb in the repository, or pass --root",
            )
        )
        return Discovery(files, vocabulary, problems)
    top = _listing(str(cases), "cases", problems)
    if top is None:
        return Discovery(files, vocabulary, problems)
    kinds = {kind.value: kind for kind in Kind}
    vocabulary_linked = False  # reported as a symbolic link, not as missing
    for entry in top:
        rel = f"cases/{entry.name}"
        if entry.is_symlink():
            problems.append(_symlink(rel))
            vocabulary_linked = vocabulary_linked or entry.name == VOCABULARY
        elif entry.name == VOCABULARY and entry.is_file():
            vocabulary = Path(entry.path)
        elif entry.name in kinds and entry.is_dir():
            _walk_kind(entry.path, rel, kinds[entry.name], files, translations, problems)
        elif entry.is_dir():
            problems.append(
                STRAY_FOLDER.at(
                    rel,
                    1,
                    1,
                    f"unexpected folder '{rel}'",
                    "cases live in cases/bans, cases/lawsuits or cases/policies",
                )
            )
        else:
            problems.append(
                STRAY_FILE.at(
                    rel,
                    1,
                    1,
                    f"unexpected file '{rel}'",
                    "put case files in cases/bans, cases/lawsuits or "
                    "cases/policies; remove anything else",
                )
            )
    if vocabulary is None and not vocabulary_linked:
        problems.append(
            NO_CASES_FOLDER.at(
                f"cases/{VOCABULARY}",
                1,
                1,
                "cases/vocabulary.yml is missing",
                "restore it from the repository",
            )
        )
    return Discovery(files, vocabulary, problems, translations)


def _walk_kind(
    folder: str,
    folder_rel: str,
    kind: Kind,
    files: list[CaseFile],
    translations: list[CaseFile],
    problems: list[Problem],
) -> None:
    entries = _listing(folder, folder_rel, problems)
    for entry in entries or []:
        rel = f"{folder_rel}/{entry.name}"
        if entry.is_symlink():
            problems.append(_symlink(rel))
            continue
        if entry.is_dir():
            problems.append(
                STRAY_FOLDER.at(
                    rel,
                    1,
                    1,
                    f"unexpected folder '{rel}'",
                    f"case files go directly in {folder_rel}/, not in sub-folders",
                )
            )
            continue
        stem, dot, ext = entry.name.rpartition(".")
        if not dot or ext != "md":
            hint = (
                f"rename it to '{stem}.md'"
                if dot and ext.lower() in ("md", "markdown")
                else f"only <id>.md files belong in {folder_rel}/"
            )
            problems.append(STRAY_FILE.at(rel, 1, 1, f"unexpected file '{rel}'", hint))
            continue
        case_id, language = split_stem(stem)
        if language and valid_id(case_id):
            if language not in LANGUAGES:
                problems.append(
                    TRANSLATION_LANGUAGE.at(
                        rel,
                        1,
                        1,
                        f"'{entry.name}' names the language '{language}', which the site "
                        f"does not have (it has {', '.join(LANGUAGES)})",
                    )
                )
                continue
            stem = case_id
        elif not valid_id(stem):
            suggestion = "-".join(
                "".join(c if c.isalnum() and c.isascii() else " " for c in stem.lower()).split()
            )
            problems.append(
                INVALID_ID.at(
                    rel,
                    1,
                    1,
                    f"'{stem}' is not a valid case id",
                    "ids are 3 to 80 characters of a-z, 0-9 and single '-'"
                    + (f"; rename it to '{suggestion}.md'" if suggestion else ""),
                )
            )
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            problems.append(UNREADABLE.at(rel, 1, 1, f"cannot read '{rel}': {exc.strerror}", ""))
            continue
        if not stat.S_ISREG(info.st_mode):
            problems.append(STRAY_FILE.at(rel, 1, 1, f"'{rel}' is not a regular file", ""))
            continue
        found = CaseFile(entry.path, rel, kind, stem, info.st_size, info.st_mtime_ns, language)
        (translations if language else files).append(found)
