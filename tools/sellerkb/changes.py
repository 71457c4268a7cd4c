"""Fast review of a change: the paths that differ from a git base, the cases that refer to
them, a cache of every case's fingerprint for duplicate checks, and the refusal of a
search index committed to the repository."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .cache import IN_CHECKOUT
from .checks.duplicates import Fingerprint
from .discover import CaseFile, discover
from .kinds import split_stem, valid_id
from .problems import TRACKED_INDEX, Problem

CACHE_VERSION = 2


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",  # file names need not be UTF-8
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git could not run: {exc}") from None
    if done.returncode != 0:
        raise GitError(
            done.stderr.strip().splitlines()[-1]
            if done.stderr.strip()
            else f"git {' '.join(args)} failed"
        )
    return done.stdout


def default_base(root: Path) -> str:
    """The merge base with origin/main, or HEAD when there is no origin/main."""
    try:
        return _git(root, "merge-base", "HEAD", "origin/main").strip()
    except GitError:
        return "HEAD"


def changed_paths(root: Path, base: str) -> set[str]:
    """Paths under cases/ that differ from base in the work tree, staged or not, plus
    untracked ones (ignored ones too, and untracked folders, as a full run sees them).
    Deleted files are included: cases that referred to them need a look."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    names = _git(
        root, "diff", "--name-only", "--no-renames", "--relative", "-z", base, "--", "cases"
    )
    untracked = _git(root, "ls-files", "-z", "--others", "--directory", "--", "cases")
    paths = {name.rstrip("/") for name in (names + untracked).split("\0") if name}
    return {path for path in paths if path == "cases" or path.startswith("cases/")}


def tracked_index(root: Path) -> list[Problem]:
    """An error for each file under .sellerkb/ that git tracks: a search index that came
    with a checkout could run code when it is opened. Nothing when git is not there."""
    try:
        names = _git(root, "ls-files", "-z", "--", IN_CHECKOUT)
    except GitError:
        return []
    return [
        TRACKED_INDEX.at(name, 1, 1, f"'{name}' is tracked by git; the search index never is")
        for name in sorted(filter(None, names.split("\0")))
    ]


def expand(root: Path, paths: Iterable[str]) -> set[str]:
    """What checking these paths (relative to root; some may be gone) covers, by the rules
    of a full run: each path that exists, every file and folder under such a folder, and
    the case files that share an id with one of them (a repeated id is reported on the
    later file). Links, stray files and folders and bad names are reported on these."""
    found = discover(root)
    selected: set[str] = set()
    for rel in paths:
        path = root / rel
        if not os.path.lexists(path):
            continue
        selected.add(rel)
        if path.is_dir() and not path.is_symlink():
            for folder, dirs, names in os.walk(path):  # does not follow links
                base = Path(folder).relative_to(root).as_posix()
                selected.update(f"{base}/{name}" for name in (*dirs, *names))
    ids = _ids(selected)
    selected |= {file.rel for file in found.files if file.id in ids}
    return selected


def _ids(paths: Iterable[str]) -> set[str]:
    """The case ids that these paths of case files and translations name."""
    out = set()
    for rel in paths:
        name = rel.rpartition("/")[2]
        if name.endswith(".md"):
            case_id = split_stem(name[:-3])[0]
            if valid_id(case_id):
                out.add(case_id)
    return out


def to_check(root: Path, changed: set[str]) -> set[str]:
    """The changed paths as `expand` covers them, and every case file and translation
    that mentions a changed id; everything when the vocabulary changed."""
    found = discover(root)
    files = [*found.files, *found.translations]
    selected = expand(root, changed)
    if "cases/vocabulary.yml" in changed:
        return selected | {file.rel for file in files} | {"cases/vocabulary.yml"}
    needles = [case_id.encode() for case_id in _ids(changed)]
    if needles:
        for file in files:
            if file.rel in selected:
                continue
            try:
                with open(file.path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            if any(needle in data for needle in needles):
                selected.add(file.rel)
    return selected


class _CacheFile(BaseModel):
    version: int
    # rel path -> (size, mtime_ns, fingerprint or None for a case with errors)
    files: dict[str, tuple[int, int, Fingerprint | None]]


def _read_cache(path: Path) -> dict[str, tuple[int, int, Fingerprint | None]]:
    """The cached fingerprints, or none if the cache is missing, of another version, or
    of any other shape than the one written here."""
    try:
        cache = _CacheFile.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return {}
    return cache.files if cache.version == CACHE_VERSION else {}


def fingerprints(root: Path, cache_dir: Path | None) -> list[Fingerprint]:
    """Every valid case's fingerprint, from a cache refreshed for files that changed.
    Without a usable cache folder, every case is read."""
    from .load import load_corpus

    path = cache_dir / "fingerprints.json" if cache_dir is not None else None
    cached = _read_cache(path) if path is not None else {}
    files: list[CaseFile] = discover(root).files
    fresh: dict[str, tuple[int, int, Fingerprint | None]] = {}
    stale = []
    for file in files:
        entry = cached.get(file.rel)
        if entry and entry[0] == file.size and entry[1] == file.mtime_ns:
            fresh[file.rel] = entry
        else:
            stale.append(file.rel)
    if stale:
        result = load_corpus(root, only=stale, keep=False, jobs=os.cpu_count() or 1)
        by_path = {print_.path: print_ for print_ in result.fingerprints}
        stats = {file.rel: file for file in files}
        for rel in stale:
            file = stats[rel]
            fresh[rel] = (file.size, file.mtime_ns, by_path.get(rel))
        if path is not None:
            _write_cache(path, fresh)
    return [entry[2] for entry in fresh.values() if entry[2] is not None]


def _write_cache(path: Path, files: dict[str, tuple[int, int, Fingerprint | None]]) -> None:
    """Write the cache if the folder allows it; a cache that cannot be written is skipped."""
    data = _CacheFile(version=CACHE_VERSION, files=files).model_dump_json()
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp.write_text(data, encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
