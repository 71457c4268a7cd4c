"""The index on disk: where it lives, how it is kept fresh, rebuilt and recovered.

The index folder is the user's cache folder for the repository (see cache.py), never a
folder in the checkout: opening a Whoosh index unpickles it, so a planted one runs code.
Layout under it:

    CURRENT        name of the live index folder, replaced atomically
    index-<n>/     a Whoosh index, manifest.json (path -> size, mtime, hash, ...) and
                   stamp.json (one hash of every path, size and mtime; the manifest's hash)
    lock           held by whoever writes; readers never take it

A rebuild writes a new folder and then points CURRENT at it, so a crash mid-build
leaves the old index working. The manifest lists case files and translations; a changed
translation re-indexes its case. Each file's hash is of the bytes that were indexed,
with the size and time seen before they were read, so a file rewritten meanwhile is
looked at again. When the folder cannot be written, searches answer from the last
complete index.
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index

from ..cache import CacheError, cache_folder, check_owner
from ..kinds import split_stem
from ..listing import digest, listed_digest
from .codec import create_index, open_index
from .codec import writer as index_writer
from .fields import SCHEMA_VERSION, make_schema

if TYPE_CHECKING:
    from ..discover import CaseFile, Discovery

LOCK_TIMEOUT = 30.0
# A file changed this soon before it was listed may change again within the same tick of
# the file system's clock, keeping its size and time: its entry is looked at again.
RACY_NS = 100_000_000
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


class IndexUnavailable(Exception):
    """There is no index to search and none can be written; the message says why."""


class Manifest:
    """What an index folder holds. (Plain classes here, not dataclasses: importing
    `dataclasses` brings `inspect`, a few ms of every one-shot search.)"""

    __slots__ = ("files", "generation", "vocabulary")

    def __init__(
        self, generation: int = -1, vocabulary: str = "", files: dict[str, list[Any]] | None = None
    ) -> None:
        self.generation = generation
        self.vocabulary = vocabulary
        # rel path -> [size, mtime_ns, sha256, indexed, ids it refers to]; a translation's
        # entry is indexed with its case, and refers to nothing
        self.files: dict[str, list[Any]] = {} if files is None else files

    @property
    def skipped(self) -> int:
        return sum(1 for entry in self.files.values() if not entry[3])


def _well_formed(files: object) -> bool:
    """Whether manifest entries have the shape written here (else the index is rebuilt)."""
    return isinstance(files, dict) and all(
        isinstance(rel, str)
        and isinstance(entry, list)
        and len(entry) == 5
        and type(entry[0]) is int
        and type(entry[1]) is int
        and isinstance(entry[2], str)
        and isinstance(entry[3], bool)
        and isinstance(entry[4], list)
        and all(isinstance(ref, str) for ref in entry[4])
        for rel, entry in files.items()
    )


def original_of(rel: str) -> str | None:
    """The case file a translation path belongs to, or None for any other path:
    'cases/bans/x.zh.md' -> 'cases/bans/x.md'."""
    folder, _, name = rel.rpartition("/")
    if not name.endswith(".md"):
        return None
    case_id, language = split_stem(name[:-3])
    return f"{folder}/{case_id}.md" if language else None


class Freshness:
    """What bringing the index up to date did."""

    __slots__ = ("added", "notice", "outdated", "rebuilt", "removed", "skipped", "updated")

    def __init__(
        self,
        *,
        rebuilt: bool = False,
        added: int = 0,
        updated: int = 0,
        removed: int = 0,
        skipped: int = 0,
        notice: str = "",
        outdated: str = "",
    ) -> None:
        self.rebuilt = rebuilt
        self.added = added
        self.updated = updated
        self.removed = removed
        self.skipped = skipped  # case files with errors, not indexed
        self.notice = notice  # why the index was rebuilt
        self.outdated = outdated  # why the index could not be updated; it was searched as is


Diff = tuple[list[str], list[str], dict[str, list[Any]]]  # changed, removed, touched


def _files(listing: Discovery) -> list[CaseFile]:
    return [*listing.files, *listing.translations]


def _same(one: Manifest, other: Manifest) -> bool:
    """Whether two readings of a manifest are of the same state of the index."""
    return (one.generation, one.vocabulary, one.files) == (
        other.generation,
        other.vocabulary,
        other.files,
    )


def _seen(file: CaseFile, since: int) -> list[int]:
    """A manifest's [size, mtime] of a file listed at `since` (time.time_ns()); the size is
    -1, so that the next search hashes the file again, when it changed just before."""
    return [file.size if file.mtime_ns < since - RACY_NS else -1, file.mtime_ns]


def _sha(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class IndexStore:
    """The search index of the repository at root, in `folder` (default: its cache folder,
    which must belong to the current user)."""

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = root
        try:
            if folder is None:
                folder = cache_folder(root)
                check_owner(folder)
        except CacheError as exc:
            raise IndexUnavailable(str(exc)) from None
        self.folder = folder
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
            if not _well_formed(data["files"]) or not isinstance(data["generation"], int):
                return None
            manifest = Manifest(data["generation"], str(data["vocabulary"]), data["files"])
            opened = open_index(path)
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
            opened, self._opened = self._opened[1], None
            return opened  # opened a moment ago; a reader sees the latest commit
        return open_index(path)

    def _stamped(self, path: Path, listed: Callable[[], str] | None = None) -> int | None:
        """The quick check before every search: whether the case files and translations
        have the sizes and times the index folder's stamp recorded, with the same
        vocabulary and no later commit. The number of files skipped with errors if so,
        else None. It reads a few bytes and lists the folders, nothing more."""
        try:
            stamp = json.loads((path / "stamp.json").read_text(encoding="utf-8"))
            if (
                stamp.get("schema") != SCHEMA_VERSION
                or stamp.get("manifest") != _sha(path / "manifest.json")
                or stamp.get("vocabulary") != self._vocabulary_sha()
                or stamp.get("files") != (listed() if listed else listed_digest(self.root))
            ):
                return None
            opened = open_index(path)
            if opened.latest_generation() != stamp.get("generation"):
                return None  # a writer died between its commit and the stamp
            skipped = stamp.get("skipped")
            if type(skipped) is not int:
                return None
        except Exception:  # any damage means: look closer
            return None
        self._opened = (path, opened)
        return skipped

    # --- locking -----------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """Hold the write lock; IndexBusy after `timeout` seconds, OSError if the folder
        cannot be written."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
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

    def _diff(self, manifest: Manifest, files: list[CaseFile], since: int) -> Diff:
        """(changed or added paths, removed paths, refreshed entries of unchanged files),
        for files listed at `since`."""
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
                touched[file.rel] = [*_seen(file, since), *entry[2:]]
            else:
                changed.append(file.rel)
        present = {file.rel for file in files}
        removed = [rel for rel in manifest.files if rel not in present]
        return changed, removed, touched

    def _listing(self) -> Discovery:
        from ..discover import discover

        return discover(self.root)

    def ensure_fresh(
        self, progress: Progress | None = None, listed: Callable[[], str] | None = None
    ) -> Freshness:
        """Bring the index in line with the files; rebuild it if it is missing or stale.
        The common case, nothing changed, takes no lock and writes nothing. When the
        folder cannot be written, the last complete index is kept (Freshness.outdated
        says why); IndexUnavailable when there is none. `listed` gives the digest of the
        case files (see listing.py), if the caller has begun listing them."""
        path = self.current()
        skipped = self._stamped(path, listed) if path else None
        if skipped is not None:
            return Freshness(skipped=skipped)
        manifest = self.manifest(path) if path else None
        seen: tuple[Manifest, Discovery, int, Diff] | None = None
        if manifest is not None and manifest.vocabulary == self._vocabulary_sha():
            since = time.time_ns()
            listing = self._listing()
            diff = self._diff(manifest, _files(listing), since)
            changed, removed, touched = diff
            if not changed and not removed:
                if touched:  # only times changed: remember them if no one else is writing
                    with contextlib.suppress(IndexBusy, OSError), self.lock(timeout=0):
                        self._save_touched(touched)
                return Freshness(skipped=manifest.skipped)
            seen = (manifest, listing, since, diff)
        try:
            with self.lock():  # re-read: another process may have done the work meanwhile
                path = self.current()
                manifest = self.manifest(path) if path else None
                if (
                    path is None
                    or manifest is None
                    or manifest.vocabulary != self._vocabulary_sha()
                ):
                    notice = "" if path is None else "the search index was stale or damaged"
                    return self._rebuild(progress, notice)
                if seen and _same(seen[0], manifest):  # no one wrote since the listing
                    _, listing, since, diff = seen
                else:
                    since = time.time_ns()
                    listing = self._listing()
                    diff = self._diff(manifest, _files(listing), since)
                return self._update(path, manifest, listing, *diff, since)
        except OSError as exc:
            reason = self._why(exc)
            last = self.current()
            last_manifest = self.manifest(last) if last else None
            if last_manifest is None:
                raise IndexUnavailable(
                    f"cannot write the search index: {reason}; fix that or pass --index-dir DIR"
                ) from None
            return Freshness(
                skipped=last_manifest.skipped,
                outdated=f"cannot update the search index: {reason}; searching the last "
                "complete index, which may miss recent edits",
            )

    def _why(self, exc: OSError) -> str:
        """One line on what stopped a write to the index folder."""
        for folder in (self.folder, *self.folder.parents):
            if os.path.lexists(folder):
                if not folder.is_dir():
                    return f"{folder} is a file, not a folder"
                break
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or type(exc).__name__}{where}"

    def _save_touched(self, touched: dict[str, list[Any]]) -> None:
        path = self.current()
        manifest = self.manifest(path) if path else None
        if path is None or manifest is None:
            return
        # `touched` was worked out before the lock, from an older manifest; another writer
        # may have removed or re-indexed a file since. Only a file still indexed from the
        # same bytes gets its new size and time.
        for rel, entry in touched.items():
            known = manifest.files.get(rel)
            if known is not None and known[2] == entry[2]:
                manifest.files[rel] = [entry[0], entry[1], *known[2:]]
        self._write_manifest(path, manifest)

    def _update(
        self,
        path: Path,
        manifest: Manifest,
        listing: Discovery,
        changed: list[str],
        removed: list[str],
        touched: dict[str, list[Any]],
        since: int,
    ) -> Freshness:
        from ..load import load_corpus

        by_rel = {file.rel: file for file in _files(listing)}
        cases = {rel for rel in by_rel if original_of(rel) is None}
        old_ids = {
            rel.rpartition("/")[2][: -len(".md")]
            for rel in manifest.files
            if original_of(rel) is None
        }
        new_ids = {by_rel[rel].id for rel in cases}
        gone, came = old_ids - new_ids, new_ids - old_ids
        # A case whose related cases or links appeared or vanished may change validity,
        # and a case whose translation changed, came or went is indexed with it anew.
        recheck = {
            rel
            for rel, entry in manifest.files.items()
            if rel in cases and set(entry[4]) & (gone | came)
        }
        for rel in [*changed, *removed]:
            original = original_of(rel)
            if original in cases:
                recheck.add(original)
        todo = sorted((set(changed) & cases) | recheck)
        translated = sorted(set(changed) - cases)
        only = [*todo, *translated]
        result = load_corpus(self.root, only=only, found=listing) if only else None
        read = {file.rel for file in [*result.files, *result.translations]} if result else set()
        digests = result.digests if result else {}
        ix = open_index(path)
        writer = index_writer(ix)
        fresh = Freshness()
        try:
            for rel in removed:
                writer.delete_by_term("path", rel)
                if manifest.files.pop(rel, None) is not None and original_of(rel) is None:
                    fresh.removed += 1
            for rel in todo:
                file = by_rel[rel]
                writer.delete_by_term("path", rel)
                if rel not in read:  # gone since it was listed
                    if manifest.files.pop(rel, None) is not None:
                        fresh.removed += 1
                    continue
                case = result.corpus.cases.get(file.id) if result else None
                ok = case is not None and case.path == rel
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
                # the hash of the bytes indexed, with the size and time seen before the read
                manifest.files[rel] = [*_seen(file, since), digests.get(rel, ""), ok, refs]
            for rel in translated:
                file = by_rel[rel]
                if rel in read:
                    manifest.files[rel] = [*_seen(file, since), digests.get(rel, ""), True, []]
                else:
                    manifest.files.pop(rel, None)
            manifest.files.update(touched)
            writer.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        manifest.generation = ix.latest_generation()
        self._write_manifest(path, manifest)
        fresh.skipped = manifest.skipped
        return fresh

    # --- rebuilding ----------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None, notice: str = "") -> Freshness:
        """Build the index anew from the cases; IndexUnavailable if it cannot be written."""
        try:
            with self.lock():
                return self._rebuild(progress, notice)
        except OSError as exc:
            raise IndexUnavailable(f"cannot write the search index: {self._why(exc)}") from None

    def _rebuild(self, progress: Progress | None, notice: str) -> Freshness:
        from ..load import load_corpus
        from .documents import Finisher, entry

        vocabulary = self._vocabulary_sha()  # before the read: a later edit shows as stale
        since = time.time_ns()
        result = load_corpus(self.root, keep=False, jobs=os.cpu_count() or 1, transform=entry)
        digests = result.digests
        finish = Finisher(result.corpus.vocabulary).finish
        target = self.folder / f"index-{time.time_ns()}"
        target.mkdir(parents=True)
        try:
            ix = create_index(target, make_schema())
            entries = result.outputs
            big = len(entries) > 2000 and (os.cpu_count() or 1) > 1
            # Each writer keeps its postings in memory up to limitmb, then sorts them to
            # disk and merges the runs at the end: at 10,000 cases 256 MB spilled, which
            # cost a third of the build (74 -> 52 s; the peak rose from 1.0 to 1.15 GiB).
            parallel: dict[str, Any] = {"procs": 2, "multisegment": True} if big else {}
            writer = index_writer(ix, limitmb=512, **parallel)
            files = {file.rel: file for file in result.files}
            manifest = Manifest(vocabulary=vocabulary)
            for n, (rel, (document, refs)) in enumerate(entries.items()):
                writer.add_document(**finish(document, result.translated.get(rel, {})))
                file = files[rel]
                manifest.files[rel] = [*_seen(file, since), digests[rel], True, refs]
                if progress and n % 200 == 0:
                    progress("indexing", n, len(entries))
            for rel in result.rejected:
                rejected = files.get(rel)
                if rejected:
                    manifest.files[rel] = [
                        *_seen(rejected, since),
                        digests.get(rel, ""),
                        False,
                        [],
                    ]
            for translation in result.translations:
                manifest.files[translation.rel] = [
                    *_seen(translation, since),
                    digests.get(translation.rel, ""),
                    True,
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
        text = json.dumps(data, separators=(",", ":")).encode("utf-8")
        stamp = {
            "schema": SCHEMA_VERSION,
            "manifest": hashlib.sha256(text).hexdigest(),
            "generation": manifest.generation,
            "vocabulary": manifest.vocabulary,
            "skipped": manifest.skipped,
            "files": digest((rel, entry[0], entry[1]) for rel, entry in manifest.files.items()),
        }
        # The manifest first; a stamp holds the hash of its manifest, so that a manifest
        # damaged or replaced later is noticed.
        stamp_text = json.dumps(stamp, separators=(",", ":")).encode("utf-8")
        for name, content in (("manifest.json", text), ("stamp.json", stamp_text)):
            temp = path / f"{name}.tmp"
            temp.write_bytes(content)
            os.replace(temp, path / name)
