"""Marking text for translation where it is defined, not where it is shown.

`N_("Ban")` is the text itself; message extraction (Babel, keyword N_) finds it, and the
site translates it when it shows it (`Catalog.t`).
"""

from __future__ import annotations


def N_(message: str) -> str:
    """The message itself, marked for extraction into the translation catalogs."""
    return message
