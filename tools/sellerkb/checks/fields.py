"""Front matter against the model: pydantic's errors as Problems on the right lines."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..casefile import (
    Document,
    char_position,
    character_name,
    dotted,
    rule_for,
    suspect_character,
)
from ..kinds import OPEN_STATUSES
from ..model import Case, Kind, describe
from ..problems import (
    CONTROL_CHARACTER,
    EMPTY_LIST,
    EMPTY_VALUE,
    MISSING_FIELD,
    PERSONAL_DATA,
    PLACEHOLDER,
    RULES,
    SOURCE_WITHOUT_URL,
    STALE_REVIEW,
    UNKNOWN_FIELD,
    VALUE_NOT_ALLOWED,
    WRONG_TYPE,
    Problem,
)

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
    """The data without keys that have no value, and an SKB319 error for each. Walks the
    data without recursion, however deep it nests."""
    problems: list[Problem] = []
    if not doc.has_empty or not isinstance(doc.data, (dict, list)):
        return doc.data, problems
    out = _empty_like(doc.data)
    todo: list[tuple[Any, Any, tuple[str | int, ...]]] = [(doc.data, out, ())]
    while todo:
        source, target, key = todo.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for k, v in items:
            here = (*key, k)
            if v is None and isinstance(source, dict):
                problems.append(
                    EMPTY_VALUE.at(
                        path,
                        *doc.line_of(here, key=True),
                        f"{dotted(here)}: the field has no value",
                        field=dotted(here),
                    )
                )
                continue
            if isinstance(v, (dict, list)):
                copy = _empty_like(v)
                todo.append((v, copy, here))
                v = copy
            if isinstance(target, dict):
                target[k] = v
            else:
                target.append(v)
    return out, problems


def _empty_like(value: dict[Any, Any] | list[Any]) -> Any:
    return {} if isinstance(value, dict) else []


def field_problems(
    exc: ValidationError,
    doc: Document,
    path: str,
    kind: Kind,
    model: type[BaseModel],
    empty: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    """pydantic's validation errors as problems at the lines of the fields they are about."""
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
                MISSING_FIELD.at(
                    path,
                    line,
                    column,
                    f"missing required field '{loc[-1]}'{where}",
                    f"add '{loc[-1]}:' — " + (info.description or "") if info else "",
                    field=name,
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
            problems.append(
                UNKNOWN_FIELD.at(
                    path,
                    line,
                    column,
                    f"unknown field '{name}'",
                    hint,
                    field=name,
                )
            )
            continue
        if "field" in ctx:
            loc = (ctx.pop("field"),)
            name = dotted(loc)
        if "index" in ctx:
            loc = (*loc, ctx.pop("index"))
        line, column = doc.line_of(loc)
        if kind_ in RULES:
            problems.append(
                RULES[kind_].at(path, line, column, f"{name}: {err['msg']}", field=name)
            )
        elif kind_ == "literal_error":
            problems.append(
                VALUE_NOT_ALLOWED.at(
                    path,
                    line,
                    column,
                    f"{name}: {describe(value)} is not allowed",
                    f"use one of {ctx.get('expected', '')}",
                    field=name,
                )
            )
        elif kind_ == "too_short":
            problems.append(
                EMPTY_LIST.at(
                    path,
                    *doc.line_of(loc, key=True),
                    f"{name}: the list is empty",
                    "give at least one entry",
                    field=name,
                )
            )
        elif value is None:
            problems.append(
                EMPTY_VALUE.at(
                    path,
                    *doc.line_of(loc, key=True),
                    f"{name}: the field has no value",
                    "give it a value or remove the line",
                    field=name,
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
                WRONG_TYPE.at(
                    path,
                    line,
                    column,
                    f"{name}: expected {expected}, found {describe(value)}",
                    hint,
                    field=name,
                )
            )
    return problems


_PLACEHOLDER = re.compile(r"\bTODO\b")
# (pattern, cheap test that rules most text out, rule, message for a match)
_TEXT_RULES = (
    (_PLACEHOLDER, lambda text: "TODO" in text, PLACEHOLDER, "'{}' is left in"),
    (_PERSONAL, _MAYBE_PERSONAL.search, PERSONAL_DATA, "'{}' looks like personal data"),
)


def text_checks(doc: Document, body: str, body_line: int, path: str) -> list[Problem]:
    """Sources without URL, placeholders, personal data, character references to control
    characters in the body; read even if fields have errors."""
    problems = character_references(body, body_line, path) if "&#" in body else []
    sources = doc.data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        if isinstance(source, dict) and "url" not in source:
            title = str(source.get("title", ""))[:50]
            problems.append(
                SOURCE_WITHOUT_URL.at(
                    path,
                    *doc.line_of(("sources", index)),
                    f"sources[{index}] '{title}' has no url",
                    field=f"sources[{index}]",
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
    for regex, quick, rule, message in rules:
        for key, text in texts:
            for match in regex.finditer(text) if quick(text) else ():
                name = dotted(key)
                problems.append(
                    rule.at(
                        path,
                        *doc.line_of(key),
                        f"{name}: {message.format(match.group())}",
                        field=name,
                    )
                )
        for match in regex.finditer(body) if quick(body) else ():
            line, column = char_position(body, match.start())
            problems.append(
                rule.at(
                    path,
                    body_line + line - 1,
                    column,
                    f"body: {message.format(match.group())}",
                    field="body",
                )
            )
    return problems


# A numeric character reference, as Python-Markdown passes it to the page and the browser
# (or the sanitizer) turns it into the character.
_REFERENCE = re.compile(r"&#(?:([0-9]{1,10})|[xX]([0-9A-Fa-f]{1,8}));")


def character_references(body: str, body_line: int, path: str) -> list[Problem]:
    """SKB104/SKB105 for each `&#27;` or `&#x202E;` in the body that stands for a control
    or direction character (or for no character at all), at its line and column."""
    problems = []
    for match in _REFERENCE.finditer(body):
        number = int(match.group(1) or match.group(2), 10 if match.group(1) else 16)
        char = chr(number) if 0 < number <= 0x10FFFF and not 0xD800 <= number < 0xE000 else ""
        if char and suspect_character(char) is None:
            continue
        line, column = char_position(body, match.start())
        what = character_name(char) if char else "no character"
        problems.append(
            (rule_for(char) if char else CONTROL_CHARACTER).at(
                path,
                body_line + line - 1,
                column,
                f"body: the character reference '{match.group()}' stands for {what}",
                "remove it: case text holds no control or direction characters",
                field="body",
            )
        )
        if len(problems) == 5:
            break
    return problems


def _strings(value: Any, key: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text in value with its key path, walked without recursion."""
    found = []
    todo = [(key, value)]
    while todo:
        here, item = todo.pop()
        if isinstance(item, str):
            found.append((here, item))
        elif isinstance(item, dict):
            todo += [((*here, k), v) for k, v in item.items()]
        elif isinstance(item, list):
            todo += [((*here, i), v) for i, v in enumerate(item)]
    return found


STALE_AFTER_DAYS = 365


def freshness(case: Case, doc: Document, today: datetime.date | None = None) -> list[Problem]:
    """A warning when an open case was last reviewed more than a year ago (not for a
    withdrawn or merged case, which is no longer followed)."""
    reviewed = case.meta.reviewed
    if reviewed is None or case.status not in OPEN_STATUSES[case.kind] or not case.is_listed:
        return []
    age = ((today or datetime.date.today()) - datetime.date.fromisoformat(reviewed)).days
    if age <= STALE_AFTER_DAYS:
        return []
    return [
        STALE_REVIEW.at(
            case.path,
            *doc.line_of(("reviewed",)),
            f"reviewed: the case is {case.status} and was last checked {age} days ago ({reviewed})",
            field="reviewed",
        )
    ]
