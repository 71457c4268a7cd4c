"""Local search: a Whoosh index of the valid cases, kept fresh before every search.

Importing this package must stay light: it loads Whoosh, not MkDocs, the site or the
model (the model is imported only when cases changed and must be validated).

Whoosh imports three things a search never uses, which cost about a third of a one-shot
search (measured with `python -X importtime`): `urllib.request` (for a download helper
in whoosh.compat, with http, email and ssl behind it), the `cached_property` package
(which imports asyncio) and `whoosh.lang.morph_en` (a hundred regular expressions for
the Variations query). While Whoosh is first imported, they are stood in for: by a
module whose `urlretrieve` imports the real one when called, by the standard library's
`functools.cached_property`, and by a `variations` that imports the real one when
called. No stand-in outlives the import, so anything that imports these modules later
gets the real ones.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str) -> Any:
    from whoosh.lang.morph_en import variations

    return variations(word)


def _import_whoosh_lightly() -> None:
    if "whoosh.compat" in sys.modules:
        return
    request = types.ModuleType("urllib.request")
    request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
    morph = types.ModuleType("whoosh.lang.morph_en")
    morph.variations = _variations  # type: ignore[attr-defined]
    stand_ins = {
        "urllib.request": request,
        "cached_property": cached,
        "whoosh.lang.morph_en": morph,
    }
    placed = [name for name in stand_ins if name not in sys.modules]
    for name in placed:
        sys.modules[name] = stand_ins[name]
    try:
        import whoosh.compat
        import whoosh.query
        import whoosh.reading  # noqa: F401
    finally:
        for name in placed:
            if sys.modules.get(name) is stand_ins[name]:
                del sys.modules[name]


_import_whoosh_lightly()
