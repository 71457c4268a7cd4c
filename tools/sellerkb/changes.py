"""Fast review of a change: the case files that differ from a git base, the cases that
refer to them, and a cache of every case's fingerprint for duplicate checks."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import asdict
from pathlib import Path

from .checks.duplicates import Fingerprint
from .discover import CaseFile, discover

CACHE_VERSION = 1


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60
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
    untracked ones. Deleted files are included: cases that referred to them need a look."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    names = _git(root, "diff", "--name-only", "--no-renames", base, "--", "cases")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--", "cases")
    return {line.strip() for line in (names + untracked).splitlines() if line.strip()}


def to_check(root: Path, changed: set[str]) -> set[str]:
    """The changed case files that exist, and every case file that mentions a changed id."""
    files = discover(root).files
    existing = {file.rel for file in files}
    if "cases/vocabulary.yml" in changed:
        return existing | {"cases/vocabulary.yml"}
    ids = {Path(rel).stem for rel in changed if rel.endswith(".md")}
    selected = {rel for rel in changed if rel in existing}
    needles = [case_id.encode() for case_id in ids]
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


def fingerprints(root: Path, cache_dir: Path) -> list[Fingerprint]:
    """Every valid case's fingerprint, from a cache refreshed for files that changed."""
    from .load import load_corpus

    path = cache_dir / "fingerprints.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cached = data["files"] if data.get("version") == CACHE_VERSION else {}
    except (OSError, ValueError, KeyError, TypeError):
        cached = {}
    files: list[CaseFile] = discover(root).files
    fresh: dict[str, list[object]] = {}
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
            print_ = by_path.get(rel)
            file = stats[rel]
            fresh[rel] = [file.size, file.mtime_ns, asdict(print_) if print_ else None]
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps({"version": CACHE_VERSION, "files": fresh}), encoding="utf-8")
        os.replace(temp, path)
    out = []
    for entry in fresh.values():
        if entry[2]:
            values = dict(entry[2])  # type: ignore[call-overload]
            values["platforms"] = tuple(values["platforms"])
            values["topics"] = tuple(values["topics"])
            out.append(Fingerprint(**values))
    return out
