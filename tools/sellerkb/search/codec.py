"""How the index is laid out on disk, and read back: Whoosh's own format, with three
changes measured on 10,000 cases.

- Whoosh's W3 codec opens a segment's column files (stored fields, lengths) when first
  asked for them, and asks the file system whether a column exists for every posting
  it writes and every match it scores: 174,000 `stat` calls to index 1,000 cases, a
  fifth of the build. Its reader here opens them all with the segment. Nor can a
  search then find a column gone: a rebuild removes older index folders, and a file
  already open outlives its name (a search that opened the index before two rebuilds
  had found its stored fields missing).
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
    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        prefix, suffix = segment.make_filename("."), W3Codec.COLUMN_EXT
        for name in storage.list():
            if name.startswith(prefix) and name.endswith(suffix):
                length = storage.file_length(name)
                field = name[len(prefix) : -len(suffix)]
                self._colfiles[field] = (storage.open_file(name), 0, length)
        self._columns = frozenset(self._colfiles)

    def has_column(self, fieldname: str) -> bool:
        return fieldname in self._columns


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
