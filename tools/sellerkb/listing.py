"""What the kind folders hold now, as one digest of every case file's path, size and
mtime: the quick check before every search compares it with the index's stamp.

Listing 10,000 files costs one `stat` each, about a quarter of a one-shot search, and
Python cannot batch them. A search starts the listing in a forked child while it imports
Whoosh (which takes longer), and picks the digest up when it needs it; where that cannot
be done (one core, other threads, no fork), the listing is made in the process itself.
Light to import: the standard library and kinds.py only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from .kinds import KINDS, is_case_file


def digest(files: Iterable[tuple[str, int, int]]) -> str:
    """One hash of (path, size, mtime) triples, whatever their order."""
    lines = sorted(f"{rel}\0{size}\0{mtime}" for rel, size, mtime in files)
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def listed_digest(root: Path) -> str:
    """The digest of the files now in the kind folders whose names discovery lists."""
    seen = []
    for kind in KINDS:
        try:
            entries = os.scandir(os.path.join(root, "cases", kind))
        except OSError:
            continue
        prefix = f"cases/{kind}/"
        with entries:
            for entry in entries:
                if is_case_file(entry.name):
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:  # gone since it was listed
                        continue
                    seen.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
    return digest(seen)


def _can_fork() -> bool:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return hasattr(os, "fork") and (cores or 1) > 1 and threading.active_count() == 1


def start(root: Path) -> Callable[[], str]:
    """Begin listing root's case files; the returned function gives the digest."""
    if not _can_fork():
        return lambda: listed_digest(root)
    try:
        read_end, write_end = os.pipe()
        child = os.fork()
    except OSError:
        return lambda: listed_digest(root)
    if child == 0:  # the child lists, writes the digest and leaves at once
        status = 1
        try:
            os.close(read_end)
            os.write(write_end, listed_digest(root).encode("ascii"))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def finish() -> str:
        try:
            with open(read_end, "rb") as pipe:
                answer = pipe.read().decode("ascii")
        finally:
            with contextlib.suppress(OSError):
                os.waitpid(child, 0)
        return answer if len(answer) == 64 else listed_digest(root)

    return finish
