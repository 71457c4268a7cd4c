"""Cite this case: plain text, BibTeX and CSL-JSON, each with the case's permanent URL and
the day it was last reviewed (the version a reader saw)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .model import Case

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
# Characters that would end a BibTeX value or a \url{} early: percent-encoded in URLs.
_URL_UNSAFE = re.compile(r"[{}\\\s\"]")


@dataclass(frozen=True)
class Citation:
    """One case cited three ways."""

    text: str  # plain text, one line
    bibtex: str  # one @misc entry
    csl_json: str  # a CSL-JSON array with one item


def latex(text: str) -> str:
    """Text as a BibTeX value: LaTeX's special characters escaped, braces balanced."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], " ".join(text.split()))


def safe_url(url: str) -> str:
    """A URL with the characters that would break a BibTeX value percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def _shown_title(case: Case, language: str) -> str:
    translation = case.translations.get(language)
    if language != case.meta.language and translation is not None:
        return translation.title
    return case.title


def cite(
    case: Case,
    url: str,
    site_name: str = "sellerkb",
    *,
    language: str = "en",
    author: str = "",
    reviewed_label: str = "last reviewed",
) -> Citation:
    """The citations of a case at its permanent URL, titled in `language` where it has a
    translation. `author` defaults to "<site name> contributors"; `reviewed_label` is the
    words before the review date in the plain text (the site passes its translation)."""
    author = author or f"{site_name} contributors"
    title = _shown_title(case, language)
    reviewed = case.meta.reviewed
    version = reviewed or case.meta.date  # the version cited: its last review
    parts = [int(part) for part in version.split("-")]
    when = f", {reviewed_label} {reviewed}" if reviewed else ""
    text = f'{author}, "{title}", {site_name}, case {case.id}{when}, {url}'
    link = safe_url(url)
    note = f"Case {case.id}" + (f", last reviewed {reviewed}" if reviewed else "")
    fields = [
        ("author", "{" + latex(author) + "}"),  # one institutional name, not First Last
        ("title", "{" + latex(title) + "}"),
        ("howpublished", f"\\url{{{link}}}"),
        ("url", link),
        ("organization", latex(site_name)),
        ("year", str(parts[0])),
        *([("month", str(parts[1]))] if len(parts) > 1 else []),
        ("date", version),
        ("note", latex(note)),
        ("language", "chinese" if language == "zh" else "english"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    key = (re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "case") + ":" + case.id
    bibtex = f"@misc{{{key},\n{body}\n}}\n"
    item: dict[str, object] = {
        "id": key,
        "type": "webpage",
        "title": title,
        "container-title": site_name,
        "author": [{"literal": author}],
        "URL": url,
        "issued": {"date-parts": [parts]},
        "language": language,
        "abstract": _summary(case, language),
        "note": note,
    }
    if title != case.title:
        item["original-title"] = case.title
    csl = json.dumps([item], ensure_ascii=False, indent=2) + "\n"
    return Citation(text, bibtex, csl)


def _summary(case: Case, language: str) -> str:
    translation = case.translations.get(language)
    if language != case.meta.language and translation is not None:
        return translation.summary
    return case.meta.summary
