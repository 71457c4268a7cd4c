"""Labels of kinds and statuses in each output language, from labels.json (data that
translators edit), and the language a reader wants."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..han import has_han
from ..kinds import LANGUAGES

_DATA = json.loads((Path(__file__).parent / "labels.json").read_text(encoding="utf-8"))
KIND_LABELS: dict[str, dict[str, str]] = {lang: _DATA[lang]["kinds"] for lang in LANGUAGES}
STATUS_LABELS: dict[str, dict[str, str]] = {lang: _DATA[lang]["statuses"] for lang in LANGUAGES}


def kind(language: str, kind_slug: str) -> str:
    """A kind's name in the language of the output."""
    return KIND_LABELS.get(language, KIND_LABELS["en"]).get(kind_slug, kind_slug)


def status(language: str, status_slug: str) -> str:
    """A status's name in the language of the output."""
    return STATUS_LABELS.get(language, {}).get(status_slug, status_slug)


def environment_language(environ: dict[str, str] | None = None) -> str:
    """The reader's language from LANGUAGE, then LANG (as tldr clients do), else English:
    'zh_CN.UTF-8' and 'zh:en' give 'zh'; 'C.UTF-8' gives 'en'."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LANG"):
        for item in env.get(name, "").split(":"):
            code = re.split(r"[_.@-]", item.strip(), maxsplit=1)[0].lower()
            if code in LANGUAGES:
                return code
    return LANGUAGES[0]


def query_language(text: str) -> str | None:
    """The language a query is written in, where its letters tell: Chinese characters
    mean 'zh', other letters 'en', digits and ids alone nothing."""
    if has_han(text):
        return "zh"
    if re.search(r"[^\W\d_]", re.sub(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b", "", text)):
        return "en"
    return None
