"""Problems as text (for people), JSON (for scripts) and GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from .problems import Problem, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def summary(files: int, problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )


def text(files: int, problems: Sequence[Problem], colour: bool) -> str:
    lines = []
    for p in problems:
        where = f"{p.path}:{p.line}:{p.column}:"
        severity = p.severity.value
        if colour:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=_COLOURS[p.severity], bold=True)
        lines.append(f"{where} {severity} {p.code}: {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    lines.append(summary(files, problems))
    return "\n".join(lines)


def as_json(files: int, problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return json.dumps(
        {
            "files": files,
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.as_dict() for p in problems],
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(files: int, problems: Sequence[Problem]) -> str:
    lines = [
        f"::{p.severity.value} file={_escape_property(p.path)},line={p.line},col={p.column},"
        f"title={p.code}::{_escape_data(p.message + (' (' + p.hint + ')' if p.hint else ''))}"
        for p in problems
    ]
    lines.append(summary(files, problems))
    return "\n".join(lines)
