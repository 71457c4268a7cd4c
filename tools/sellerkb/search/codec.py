"""How the index is laid out on disk, and read back: Whoosh's own format, with three
changes measured on 10,000 cases.

- Whoosh's W3 codec looks a field's lengths up for every posting it writes and every
  match it scores; for a field that keeps no lengths (ids, keywords) it asked the file
  system again each time: 174,000 `stat` calls to index 1,000 cases, a fifth of the
  build. Its reader here remembers the answer.
- Segments are written as separate files, not one compound file: Whoosh copies each part
  of a compound file into memory when it opens it (45 ms of a search).
- Index files are read through memory maps (as Whoosh reads compound files), so the
  thousands of small reads of a search are copies, not system calls (40 ms).
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class _PerDocReader(W3PerDocReader):  # type: ignore[misc]
    def _cached_reader(self, fieldname: str, column: Any) -> Any:
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)
        return self._readers[fieldname]


class Codec(W3Codec):  # type: ignore[misc]
    """The codec of every segment sellerkb writes (Whoosh keeps it in the index's table
    of contents, so readers use it too)."""

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        return _PerDocReader(storage, segment)


class MappedStorage(FileStorage):  # type: ignore[misc]
    """Whoosh's folder storage, opening files for reading as memory maps."""

    def open_file(self, name: str, **kwargs: Any) -> Any:
        with open(self._fpath(name), "rb") as handle:
            try:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (ValueError, OSError):  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
        return StructFile(mapped, name=name, **kwargs)


def open_index(path: Path) -> Any:
    """The Whoosh index in a folder, read through memory maps."""
    return MappedStorage(str(path)).open_index()


def create_index(path: Path, schema: Any) -> Any:
    """A new, empty Whoosh index in a folder."""
    return whoosh_index.create_in(str(path), schema)


def writer(ix: Any, **options: Any) -> Any:
    """A writer of segments in sellerkb's layout."""
    return ix.writer(codec=Codec(), compound=False, **options)
