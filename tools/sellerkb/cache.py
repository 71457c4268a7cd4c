"""Where derived data lives (the search index, the fingerprints of `validate --changed`):
outside the checkout, in the user's cache folder, keyed by the repository's real path.

Opening a Whoosh index unpickles its schema, and anything in a checkout may come from a
pull request (`git add -f .sellerkb`), so the tools never read derived data from the
checkout. The default is $XDG_CACHE_HOME/sellerkb/<hash of the resolved root>/, with
~/.cache when XDG_CACHE_HOME is unset or not absolute (as the XDG spec says).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

IN_CHECKOUT = ".sellerkb"  # where the index used to live; never read, and refused if tracked


class CacheError(Exception):
    """The cache folder cannot be found or trusted; the message says why, in one line."""


def cache_home() -> Path:
    """$XDG_CACHE_HOME if it is an absolute path, else ~/.cache."""
    value = os.environ.get("XDG_CACHE_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    home = os.path.expanduser("~")
    if not os.path.isabs(home):
        raise CacheError("no home folder to keep the search index in; set XDG_CACHE_HOME")
    return Path(home) / ".cache"


def cache_folder(root: Path) -> Path:
    """The folder for derived data of the repository at root (it may not exist yet)."""
    key = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:32]
    return cache_home() / "sellerkb" / key


def check_owner(folder: Path) -> None:
    """Refuse a folder (if it exists) that another user owns: they could have planted it."""
    try:
        owner = folder.stat().st_uid
    except OSError:
        return  # missing (made by us later) or unreadable (reported when it is used)
    if owner != os.geteuid():
        raise CacheError(
            f"{folder} belongs to another user; remove it, or pass --index-dir DIR "
            "with a folder of your own"
        )
