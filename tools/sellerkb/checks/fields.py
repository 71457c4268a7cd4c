"""Front matter against the model: pydantic's errors as Problems on the right lines."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..casefile import Document, char_position
from ..model import CaseFields, Kind, describe
from ..problems import RULES, Problem

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w/])(?:\+\d[\d ().-]{7,18}\d|\(\d{2,4}\) ?\d{3,4}[- ]\d{4}|\d{3}[-.]\d{3}[-.]\d{4}"
    r"|1[3-9]\d{9})(?![\w/])"
)
_PERSONAL = re.compile(f"{_EMAIL.pattern}|{_PHONE.pattern}")
_MAYBE_PERSONAL = re.compile(r"@|\d[\d ().-]{7,}\d")  # 40x faster, rules most text out


def dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of loc."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        candidates = [info.annotation, *getattr(info.annotation, "__args__", ())]
        found = None
        for candidate in candidates:
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    found = inner
        if found is None:
            return None
        model = found
    return model


def drop_empty(doc: Document, path: str) -> tuple[Any, list[Problem]]:
    """The data without keys that have no value, and an SKB319 error for each."""
    problems: list[Problem] = []
    if not doc.has_empty:
        return doc.data, problems

    def walk(value: Any, key: tuple[str | int, ...]) -> Any:
        if isinstance(value, dict):
            kept = {}
            for k, v in value.items():
                if v is None:
                    problems.append(
                        Problem(
                            path,
                            *doc.line_of((*key, k), key=True),
                            "SKB319",
                            f"{dotted((*key, k))}: the field has no value",
                            "give it a value or remove the line",
                        )
                    )
                else:
                    kept[k] = walk(v, (*key, k))
            return kept
        if isinstance(value, list):
            return [walk(v, (*key, i)) for i, v in enumerate(value)]
        return value

    return walk(doc.data, ()), problems


def field_problems(
    exc: ValidationError,
    doc: Document,
    path: str,
    kind: Kind,
    model: type[CaseFields],
    empty: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        loc = tuple(p for p in loc if isinstance(p, int) or not str(p).startswith("function-"))
        kind_ = err["type"]
        ctx: dict[str, Any] = dict(err.get("ctx") or {})
        name = dotted(loc)
        value = err.get("input")
        if kind_ == "missing" and name in empty:
            continue
        if kind_ == "missing":
            owner = _model_at(model, loc)
            info = owner.model_fields.get(str(loc[-1])) if owner else None
            line, column = doc.line_of(loc[:-1], key=True) if len(loc) > 1 else (1, 1)
            where = f" in {dotted(loc[:-1])}" if len(loc) > 1 else f" for a {kind.singular}"
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    "SKB301",
                    f"missing required field '{loc[-1]}'{where}",
                    f"add '{loc[-1]}:' — " + (info.description or "") if info else "",
                )
            )
            continue
        if kind_ == "extra_forbidden":
            owner = _model_at(model, loc)
            known = list(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "the allowed fields are: " + ", ".join(known)
            )
            if loc == ("id",) or loc == ("kind",):
                hint = "the id is the file name and the kind is the folder; remove this line"
            line, column = doc.line_of(loc, key=True)
            problems.append(Problem(path, line, column, "SKB302", f"unknown field '{name}'", hint))
            continue
        if "field" in ctx:
            loc = (ctx.pop("field"),)
            name = dotted(loc)
        if "index" in ctx:
            loc = (*loc, ctx.pop("index"))
        line, column = doc.line_of(loc)
        if kind_ in RULES:
            message = err["msg"]
            problems.append(
                Problem(path, line, column, kind_, f"{name}: {message}", _hint(kind_, name))
            )
        elif kind_ == "literal_error":
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    "SKB307",
                    f"{name}: {describe(value)} is not allowed",
                    f"use one of {ctx.get('expected', '')}",
                )
            )
        elif kind_ == "too_short":
            problems.append(
                Problem(
                    path,
                    *doc.line_of(loc, key=True),
                    "SKB317",
                    f"{name}: the list is empty",
                    "give at least one entry",
                )
            )
        elif value is None:
            problems.append(
                Problem(
                    path,
                    *doc.line_of(loc, key=True),
                    "SKB319",
                    f"{name}: the field has no value",
                    "give it a value or remove the line",
                )
            )
        else:
            expected = _EXPECTED.get(kind_, err["msg"])
            hint = (
                "put the value in quotes, e.g. '\"" + str(value) + "\"'"
                if expected == "text" and isinstance(value, (int, float))
                else f"write {expected}"
            )
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    "SKB303",
                    f"{name}: expected {expected}, found {describe(value)}",
                    hint,
                )
            )
    return problems


def _hint(code: str, name: str) -> str:
    return {
        "SKB304": "write true or false",
        "SKB305": "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2022-08-16 or 2022-08",
        "SKB306": "check both dates; the later one may be a typo",
        "SKB308": "use a slug listed in cases/vocabulary.yml, or add one there in the same "
        "pull request",
        "SKB309": "use ISO 3166-1 alpha-2 capitals such as US, CN, DE, GB",
        "SKB310": "use ISO 4217 capitals such as USD, CNY, EUR, GBP",
        "SKB311": "use ISO 639-1 lower case such as en, zh, de, ja",
        "SKB312": "use the full address starting with https:// or http://",
        "SKB313": "shorten the text, or move detail into the body",
        "SKB314": "remove the repeated entry",
        "SKB315": "write the number as reported, without separators or units",
        "SKB316": "give a ruling (for-plaintiff, for-defendant, split) only when status is decided",
        "SKB402": "write plain text without '<' tags",
    }.get(code, RULES[code].explanation)


_PLACEHOLDER = re.compile(r"\bTODO\b")
# (pattern, cheap test that rules most text out, code, message for a match, hint)
_TEXT_RULES = (
    (
        _PLACEHOLDER,
        lambda text: "TODO" in text,
        "SKB406",
        "'{}' is left in",
        "replace it with what the sources say",
    ),
    (
        _PERSONAL,
        _MAYBE_PERSONAL.search,
        "SKB405",
        "'{}' looks like personal data",
        "remove email addresses and phone numbers of people",
    ),
)


def text_checks(doc: Document, body: str, body_line: int, path: str) -> list[Problem]:
    """Sources without URL, placeholders, personal data; read even if fields have errors."""
    problems = []
    sources = doc.data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        if isinstance(source, dict) and "url" not in source:
            title = str(source.get("title", ""))[:50]
            problems.append(
                Problem(
                    path,
                    *doc.line_of(("sources", index)),
                    "SKB318",
                    f"sources[{index}] '{title}' has no url",
                    "add the address where readers can check it, if there is one",
                )
            )
    rules = [rule for rule in _TEXT_RULES if rule[1](doc.text) or rule[1](body)]
    texts = (
        [
            (key, text)
            for key, text in _strings(doc.data, ())
            if not key or key[-1] not in ("url", "archive_url")
        ]
        if rules
        else []
    )
    for regex, quick, code, message, hint in rules:
        for key, text in texts:
            for match in regex.finditer(text) if quick(text) else ():
                problems.append(
                    Problem(
                        path,
                        *doc.line_of(key),
                        code,
                        f"{dotted(key)}: {message.format(match.group())}",
                        hint,
                    )
                )
        for match in regex.finditer(body) if quick(body) else ():
            line, column = char_position(body, match.start())
            problems.append(
                Problem(
                    path,
                    body_line + line - 1,
                    column,
                    code,
                    f"body: {message.format(match.group())}",
                    hint,
                )
            )
    return problems


def _strings(value: Any, key: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _strings(v, (*key, k))]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _strings(v, (*key, i))]
    return []
