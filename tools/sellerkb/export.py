"""Data a reader can take away: JSON, CSV, per-case JSON, Atom. All follow the model."""

from __future__ import annotations

import csv
import io
import json
import typing
from collections.abc import Callable, Iterable
from typing import Any
from xml.sax.saxutils import escape

from pydantic import BaseModel

from .model import Case, CaseFields, Corpus

UrlOf = Callable[[str], str]  # a case id -> its page's URL, relative to the site root


def case_url(case_id: str) -> str:
    """A case page's URL with MkDocs' default directory URLs; the site passes its own."""
    return f"cases/{case_id}/"


def record(case: Case, url: str | None = None, *, body: bool = True) -> dict[str, Any]:
    """Every field of a case, plus where it lives and its translations."""
    out: dict[str, Any] = {
        "id": case.id,
        "kind": case.kind.value,
        "url": url if url is not None else case_url(case.id),
        "path": case.path,
    }
    out.update(case.meta.model_dump(mode="json", exclude_none=True))
    if body:
        out["body"] = case.body
        out["translations"] = translation_records(case, body=True)
    return out


def translation_records(case: Case, *, body: bool) -> dict[str, dict[str, Any]]:
    """A case's translations as data: language -> title, summary, path, staleness (and
    the translated body)."""
    return {
        language: {
            "title": t.title,
            "summary": t.summary,
            "path": t.path,
            "stale": list(t.stale),
            **({"body": t.body} if body else {}),
        }
        for language, t in sorted(case.translations.items())
    }


def ordered(corpus: Corpus) -> list[Case]:
    """Newest first, then by id, the order every export and listing uses."""
    return sorted(
        sorted(corpus.cases.values(), key=lambda c: c.id), key=lambda c: c.meta.date, reverse=True
    )


def cases_json(corpus: Corpus, url_of: UrlOf = case_url) -> str:
    """Every case as one JSON document, newest first."""
    cases = [record(case, url_of(case.id)) for case in ordered(corpus)]
    return json.dumps({"count": len(cases), "cases": cases}, ensure_ascii=False, indent=1)


def _columns(model: type[BaseModel], prefix: str = "") -> list[str]:
    columns = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) is list:  # lists of maps become one JSON column
            columns.append(prefix + name)
            continue
        inner = [a for a in getattr(annotation, "__args__", ()) if isinstance(a, type)]
        sub = next(
            (a for a in [annotation, *inner] if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
        if sub is not None:
            columns += _columns(sub, f"{prefix}{name}.")
        else:
            columns.append(prefix + name)
    return columns


def csv_columns(kinds: Iterable[type[CaseFields]]) -> list[str]:
    """The CSV columns: where a case lives, then every field of the kinds' models, flattened."""
    columns = ["id", "kind", "url", "path"]
    for model in kinds:
        columns += [c for c in _columns(model) if c not in columns]
    return columns


# What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection"), with
# the full-width forms some spreadsheets also accept.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def as_text(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that could start a formula gets a
    leading single quote, as OWASP recommends."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if all(isinstance(v, (str, int, float)) for v in value):
            return as_text(";".join(as_text(str(v)) for v in value))
        return as_text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    return as_text(str(value))


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def cases_csv(corpus: Corpus, url_of: UrlOf = case_url) -> str:
    """One row per case (RFC 4180). Every cell is quoted, so a separator, a quote, CR
    or LF (also a ';' for spreadsheets that split on it) stays inside its cell, and no
    cell starts a formula (`as_text`)."""
    from .model import FIELDS_BY_KIND

    columns = csv_columns(FIELDS_BY_KIND.values())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for case in ordered(corpus):
        flat = _flat(record(case, url_of(case.id), body=False))
        writer.writerow([_cell(flat.get(column)) for column in columns])
    return buffer.getvalue()


def _timestamp(date: str) -> str:
    parts = [*date.split("-"), "01", "01"][:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def _updated(case: Case) -> str:
    """When an entry last changed: the case's review, else its date."""
    return _timestamp(case.meta.reviewed or case.meta.date)


def atom_feed(
    corpus: Corpus, site_name: str, site_url: str, limit: int = 50, url_of: UrlOf = case_url
) -> str:
    """An Atom feed of the newest cases (not withdrawn or merged ones)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    cases = [case for case in ordered(corpus) if case.is_listed][:limit]
    updated = max((_updated(c) for c in cases), default="1970-01-01T00:00:00Z")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(site_name)}: latest cases</title>",
        f'  <link href="{escape(base)}feed.xml" rel="self"/>',
        f'  <link href="{escape(base)}"/>',
        f"  <id>{escape(base or 'urn:sellerkb:')}feed</id>",
        f"  <updated>{updated}</updated>",
    ]
    for case in cases:
        link = escape(base + url_of(case.id))
        lines += [
            "  <entry>",
            f"    <title>{escape(case.meta.title)}</title>",
            f'    <link href="{link}"/>',
            f"    <id>urn:sellerkb:case:{case.id}</id>",
            f"    <updated>{_updated(case)}</updated>",
            f'    <category term="{case.kind.value}"/>',
            f"    <summary>{escape(case.meta.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
