"""Queries: the language (words, "phrases", OR, -word/NOT, field:value), filters, ranking."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from whoosh import highlight, qparser, query, searching

from .fields import QUERY_FIELDS, TEXT_FIELDS, date_bounds

MARK_START, MARK_END = "\x01", "\x02"
_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\S)")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\Z")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class QueryError(Exception):
    """A query or filter that cannot be run; the message says why in one line."""


@dataclass(frozen=True)
class Filters:
    kind: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def active(self) -> list[str]:
        return [name for name in self.__dataclass_fields__ if getattr(self, name)]

    def without(self, name: str) -> Filters:
        empty: Any = None if name in ("since", "until") else ()
        return Filters(**{**self.__dict__, name: empty})

    def describe(self, name: str) -> str:
        value = getattr(self, name)
        values = [value] if isinstance(value, str) else list(value)
        return " ".join(f"--{name} {v}" for v in values)


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    date: str
    status: str
    platforms: list[str]
    path: str
    score: float
    snippet: str  # matched words between MARK_START and MARK_END

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "date": self.date,
            "status": self.status,
            "platforms": self.platforms,
            "path": self.path,
            "score": round(self.score, 3),
            "snippet": self.snippet.replace(MARK_START, "").replace(MARK_END, ""),
        }


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    suggestion: str | None = None
    narrower: list[tuple[str, int]] = field(default_factory=list)


def check(text: str) -> None:
    """Refuse what the parser would silently misread."""
    if not text.strip():
        raise QueryError("the query is empty; give at least one word")
    if text.count('"') % 2:
        raise QueryError('a phrase is not closed: the query has an odd number of " marks')
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            raise QueryError("a ')' closes nothing")
    if depth:
        raise QueryError("a '(' is never closed")
    for name in _FIELD.findall(re.sub(r'"[^"]*"', "", text)):
        if name not in QUERY_FIELDS:
            close = difflib.get_close_matches(name, QUERY_FIELDS, n=1)
            hint = f"; did you mean '{close[0]}:'?" if close else ""
            raise QueryError(f"unknown field '{name}:'{hint} Fields: {', '.join(QUERY_FIELDS)}")
    words = text.split()
    if words[0] in _OPERATORS - {"NOT"} or words[-1] in _OPERATORS:
        raise QueryError(
            f"'{words[0] if words[0] in _OPERATORS else words[-1]}' needs a word on each side"
        )


def check_date(value: str, option: str) -> str:
    if not _DATE.match(value):
        raise QueryError(
            f"{option} '{value}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return value


def parser(schema: Any) -> qparser.QueryParser:
    boosts = {"title": 4.0, "summary": 2.0, "body": 1.0}
    parse = qparser.MultifieldParser(
        list(TEXT_FIELDS), schema, fieldboosts=boosts, group=qparser.AndGroup
    )
    parse.add_plugin(qparser.PlusMinusPlugin())
    return parse


def filter_query(filters: Filters) -> query.Query | None:
    parts: list[query.Query] = []
    for name in ("kind", "platform", "country", "topic", "violation", "status"):
        values = getattr(filters, name)
        if values:
            parts.append(query.Or([query.Term(name, v.lower()) for v in values]))
    if filters.since:
        parts.append(query.TermRange("date_hi", date_bounds(filters.since)[0], None))
    if filters.until:
        parts.append(query.TermRange("date_lo", None, date_bounds(filters.until)[1]))
    return query.And(parts) if parts else None


class _Marker(highlight.Formatter):  # type: ignore[misc]
    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return MARK_START + str(highlight.get_text(text, token, replace)) + MARK_END


def _snippet(hit: Any) -> str:
    for name in ("body", "summary", "title"):
        text = str(hit.highlights(name, top=2))
        if text:
            return " ".join(text.split())
    summary = str(hit.get("summary", ""))
    return summary if len(summary) <= 200 else summary[:197].rsplit(" ", 1)[0] + " …"


def run(
    searcher: Any, text: str, filters: Filters, sort: str = "relevance", limit: int = 10
) -> Results:
    check(text)
    parsed = parser(searcher.schema).parse(text)
    if parsed is query.NullQuery:
        raise QueryError("the query has no searchable words (only common words like 'the')")
    restrict = filter_query(filters)
    # By relevance, Whoosh scores only what can reach the top (block-max skipping); a
    # margin of extra hits lets newest-first break ties at the edge. By date, every
    # match is scored and ranked with the date column. Stored fields are loaded only
    # for the hits shown.
    found = searcher.search(
        parsed, filter=restrict, terms=True, limit=None if sort == "date" else limit + 20
    )
    found.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
    found.formatter = _Marker()
    dates = searcher.reader().column_reader("date")
    ranked = [(round(score, 6), dates[docnum], docnum) for score, docnum in found.top_n]
    if sort == "date":
        ranked.sort(key=lambda r: (r[1], r[0]), reverse=True)
    else:
        ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    total = len(found)
    exact = text.strip()
    if sort != "date":
        docnum = searcher.document_number(id=exact)
        if docnum is not None and (
            restrict is None
            or searcher.search(query.And([query.Term("id", exact), restrict])).scored_length()
        ):
            if all(r[2] != docnum for r in ranked):
                total += 1
            ranked = [(1.0, b"", docnum), *[r for r in ranked if r[2] != docnum]]
    out = []
    for position, (score, _, docnum) in enumerate(ranked[:limit]):
        h = searching.Hit(found, docnum, position, score)
        out.append(
            Hit(
                h["id"],
                h["kind"],
                h["title"],
                h["date"],
                h["status"],
                [p for p in h["platform"].split(",") if p],
                h["path"],
                float(score),
                _snippet(h),
            )
        )
    results = Results(text, total, out)
    if total == 0:
        corrected = searcher.correct_query(parsed, text)
        if corrected.string != text:
            results.suggestion = corrected.string
        for name in filters.active():
            wider = searcher.search(
                parsed, filter=filter_query(filters.without(name)), limit=None
            ).scored_length()
            if wider:
                results.narrower.append((filters.describe(name), wider))
    return results
