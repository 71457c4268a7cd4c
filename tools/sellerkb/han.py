"""Chinese (Han) characters in text: what the search splits into pairs of characters and
the site's search entries into words."""

from __future__ import annotations

import re
from functools import cache

# CJK Unified Ideographs, Extension A and the Compatibility Ideographs.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN_CLASS = "[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _RANGES) + "]"


def _is_han(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _RANGES)


def has_han(text: str) -> bool:
    """Whether text has a Chinese character. No regular expression: compiling one of these
    ranges takes about 5 ms, which a one-shot search would pay at every start."""
    return not text.isascii() and any(_is_han(char) for char in text)


@cache
def han_runs() -> re.Pattern[str]:
    """Runs of Chinese characters (compiled when first needed)."""
    return re.compile(HAN_CLASS + "+")
