"""The index on disk: where it lives, how it is kept fresh, rebuilt and recovered.

Layout under the index folder (default <root>/.sellerkb/):

    CURRENT        name of the live index folder, replaced atomically
    index-<n>/     a Whoosh index plus manifest.json (path -> size, mtime, hash)
    lock           held by whoever writes; readers never take it

A rebuild writes a new folder and then points CURRENT at it, so a crash mid-build
leaves the old index working.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import struct
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from ..discover import CaseFile, discover
from ..kinds import valid_id
from .fields import SCHEMA_VERSION, make_schema

LOCK_TIMEOUT = 30.0
# What reading a truncated or overwritten index raises; anything else is a bug to show.
DAMAGE = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
)
Progress = Callable[[str, int, int], None]  # (what, done, total)


class IndexBusy(Exception):
    """Another process held the write lock for longer than the timeout."""


@dataclass
class Manifest:
    generation: int = -1
    vocabulary: str = ""
    # rel path -> [size, mtime_ns, sha256, indexed, ids it refers to]
    files: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(1 for entry in self.files.values() if not entry[3])


@dataclass
class Freshness:
    rebuilt: bool = False
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0  # case files with errors, not indexed
    notice: str = ""


def _sha(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class IndexStore:
    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = root
        self.folder = folder or root / ".sellerkb"
        self._opened: tuple[Path, whoosh_index.Index] | None = None

    # --- reading -----------------------------------------------------------------

    def current(self) -> Path | None:
        try:
            name = (self.folder / "CURRENT").read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.folder / name
        return path if name.startswith("index-") and path.is_dir() else None

    def manifest(self, path: Path) -> Manifest | None:
        """The manifest of an index folder, or None if it is missing, stale or damaged."""
        try:
            data = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA_VERSION:
                return None
            manifest = Manifest(data["generation"], data["vocabulary"], data["files"])
            opened = whoosh_index.open_dir(str(path))
            if manifest.generation != opened.latest_generation():
                return None  # a writer died between its commit and the manifest
            self._opened = (path, opened)
            return manifest
        except Exception:  # any damage means: rebuild
            return None

    def open(self) -> whoosh_index.Index:
        path = self.current()
        if path is None:
            raise whoosh_index.EmptyIndexError("no index yet")
        if self._opened and self._opened[0] == path:
            return self._opened[1]  # opened a moment ago; a reader sees the latest commit
        return whoosh_index.open_dir(str(path))

    def _unchanged(self, manifest: Manifest) -> bool:
        """The quick check before every search: same case files, sizes and times.
        Plain scandir, no validation: 10,000 files in about 15 ms."""
        seen = 0
        files = manifest.files
        for kind in ("bans", "lawsuits", "policies"):
            try:
                entries = os.scandir(os.path.join(self.root, "cases", kind))
            except OSError:
                continue
            prefix = f"cases/{kind}/"
            with entries:
                for entry in entries:
                    known = files.get(prefix + entry.name)
                    if known is None:
                        name = entry.name  # a file the index never saw, if it is a case
                        if name.endswith(".md") and valid_id(name[:-3]):
                            return False
                        continue
                    info = entry.stat(follow_symlinks=False)
                    if known[0] != info.st_size or known[1] != info.st_mtime_ns:
                        return False
                    seen += 1
        return seen == len(files)

    # --- locking -----------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "lock", "a+") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        raise IndexBusy(
                            f"another sellerkb process has been updating {self.folder} for "
                            f"over {timeout:.0f} s"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # --- keeping fresh -------------------------------------------------------------

    def _vocabulary_sha(self) -> str:
        try:
            return _sha(self.root / "cases" / "vocabulary.yml")
        except OSError:
            return ""

    def _diff(
        self, manifest: Manifest, files: list[CaseFile]
    ) -> tuple[list[str], list[str], dict[str, list[Any]]]:
        """(changed or added paths, removed paths, refreshed entries of unchanged files)."""
        changed, touched = [], {}
        for file in files:
            entry = manifest.files.get(file.rel)
            if entry and entry[0] == file.size and entry[1] == file.mtime_ns:
                continue
            try:
                sha = _sha(file.path)
            except OSError:
                changed.append(file.rel)
                continue
            if entry and entry[2] == sha:
                touched[file.rel] = [file.size, file.mtime_ns, *entry[2:]]
            else:
                changed.append(file.rel)
        present = {file.rel for file in files}
        removed = [rel for rel in manifest.files if rel not in present]
        return changed, removed, touched

    def ensure_fresh(self, progress: Progress | None = None) -> Freshness:
        """Bring the index in line with the files; rebuild it if it is missing or stale.
        The common case, nothing changed, takes no lock and writes nothing."""
        path = self.current()
        manifest = self.manifest(path) if path else None
        if manifest is not None and manifest.vocabulary == self._vocabulary_sha():
            if self._unchanged(manifest):
                return Freshness(skipped=manifest.skipped)
            changed, removed, touched = self._diff(manifest, discover(self.root).files)
            if not changed and not removed:
                if touched:  # only times changed: remember them if no one else is writing
                    with contextlib.suppress(IndexBusy), self.lock(timeout=0):
                        self._save_touched(touched)
                return Freshness(skipped=manifest.skipped)
        with self.lock():  # re-read: another process may have done the work meanwhile
            path = self.current()
            manifest = self.manifest(path) if path else None
            if path is None or manifest is None or manifest.vocabulary != self._vocabulary_sha():
                notice = "" if path is None else "the search index was stale or damaged"
                return self._rebuild(progress, notice)
            files = discover(self.root).files
            changed, removed, touched = self._diff(manifest, files)
            return self._update(path, manifest, files, changed, removed, touched)

    def _save_touched(self, touched: dict[str, list[Any]]) -> None:
        path = self.current()
        manifest = self.manifest(path) if path else None
        if path is None or manifest is None:
            return
        manifest.files.update(touched)
        self._write_manifest(path, manifest)

    def _update(
        self,
        path: Path,
        manifest: Manifest,
        files: list[CaseFile],
        changed: list[str],
        removed: list[str],
        touched: dict[str, list[Any]],
    ) -> Freshness:
        from ..load import load_corpus

        by_rel = {file.rel: file for file in files}
        old_ids = {Path(rel).stem for rel in manifest.files}
        new_ids = {file.id for file in files}
        gone, came = old_ids - new_ids, new_ids - old_ids
        # A case whose related cases or links appeared or vanished may change validity.
        recheck = {
            rel
            for rel, entry in manifest.files.items()
            if rel in by_rel and set(entry[4]) & (gone | came)
        }
        todo = sorted(set(changed) | recheck)
        result = load_corpus(self.root, only=todo) if todo else None
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer()
        fresh = Freshness()
        try:
            for rel in removed:
                writer.delete_by_term("path", rel)
                manifest.files.pop(rel, None)
                fresh.removed += 1
            for rel in todo:
                file = by_rel[rel]
                case = result.corpus.cases.get(file.id) if result else None
                ok = case is not None and case.path == rel
                writer.delete_by_term("path", rel)
                entry = manifest.files.get(rel)
                refs: list[str] = []
                if case is not None and ok and result is not None:
                    from .documents import document

                    writer.add_document(**document(case, result.corpus.vocabulary))
                    refs = case.references
                    if entry:
                        fresh.updated += 1
                    else:
                        fresh.added += 1
                manifest.files[rel] = [file.size, file.mtime_ns, _sha(file.path), ok, refs]
            manifest.files.update(touched)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        manifest.generation = ix.latest_generation()
        self._write_manifest(path, manifest)
        fresh.skipped = manifest.skipped
        return fresh

    # --- rebuilding ----------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None, notice: str = "") -> Freshness:
        with self.lock():
            return self._rebuild(progress, notice)

    def _rebuild(self, progress: Progress | None, notice: str) -> Freshness:
        from ..load import load_corpus
        from .documents import Finisher, entry

        result = load_corpus(self.root, keep=False, jobs=os.cpu_count() or 1, transform=entry)
        finish = Finisher(result.corpus.vocabulary).finish
        target = self.folder / f"index-{time.time_ns()}"
        target.mkdir(parents=True)
        try:
            ix = whoosh_index.create_in(str(target), make_schema())
            entries = result.outputs
            big = len(entries) > 2000 and (os.cpu_count() or 1) > 1
            writer = ix.writer(procs=2, multisegment=True, limitmb=256) if big else ix.writer()
            files = {file.rel: file for file in result.files}
            manifest = Manifest(vocabulary=self._vocabulary_sha())
            for n, (rel, (document, refs)) in enumerate(entries.items()):
                writer.add_document(**finish(document, result.translated.get(rel, {})))
                file = files[rel]
                manifest.files[rel] = [file.size, file.mtime_ns, _sha(file.path), True, refs]
                if progress and n % 200 == 0:
                    progress("indexing", n, len(entries))
            for rel in result.rejected:
                rejected = files.get(rel)
                if rejected:
                    manifest.files[rel] = [
                        rejected.size,
                        rejected.mtime_ns,
                        _sha(rejected.path),
                        False,
                        [],
                    ]
            if progress:
                progress("committing", len(entries), len(entries))
            writer.commit()
            manifest.generation = ix.latest_generation()
            self._write_manifest(target, manifest)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._point_at(target)
        return Freshness(
            rebuilt=True, added=len(result.corpus.cases), skipped=manifest.skipped, notice=notice
        )

    def _point_at(self, target: Path) -> None:
        previous = self.current()
        temp = self.folder / "CURRENT.tmp"
        temp.write_text(target.name, encoding="utf-8")
        os.replace(temp, self.folder / "CURRENT")
        # Keep the previous index for readers that opened it a moment ago.
        for old in self.folder.glob("index-*"):
            if old not in (target, previous):
                shutil.rmtree(old, ignore_errors=True)

    def _write_manifest(self, path: Path, manifest: Manifest) -> None:
        data = {
            "schema": SCHEMA_VERSION,
            "generation": manifest.generation,
            "vocabulary": manifest.vocabulary,
            "files": manifest.files,
        }
        temp = path / "manifest.json.tmp"
        temp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temp, path / "manifest.json")
