"""Problems as text (for people), JSON (for scripts) and GitHub annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import click

from .problems import Problem, Severity

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}
# What a terminal would act on or hide rather than show: C0 and C1 controls (ESC starts
# the sequences that set a window title or clear a line), line breaks, bidirectional
# controls, and bytes of a file name that were not UTF-8 (kept as lone surrogates).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte as it is in the name
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text as one line that a terminal shows as it is: controls, line breaks,
    bidirectional controls and undecodable bytes become escapes such as \\x1b, \\n or
    \\u202e."""
    return _UNSAFE.sub(_escape, text)


def summary(files: int, problems: Sequence[Problem]) -> str:
    """The last line of a report: files checked, errors and warnings."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )


def text(files: int, problems: Sequence[Problem], colour: bool) -> str:
    """Problems for people: path:line:column, severity, code, message and hint."""
    lines = []
    for p in problems:
        where = f"{printable(p.path)}:{p.line}:{p.column}:"
        severity = p.severity.value
        if colour:
            where = click.style(where, bold=True)
            severity = click.style(severity, fg=_COLOURS[p.severity], bold=True)
        lines.append(f"{where} {severity} {p.code}: {printable(p.message)}")
        if p.hint:
            lines.append(f"    hint: {printable(p.hint)}")
    lines.append(summary(files, problems))
    return "\n".join(lines)


def as_json(files: int, problems: Sequence[Problem]) -> str:
    """Problems as one JSON object, for scripts."""
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
    """Problems as GitHub workflow annotations, escaped as GitHub requires."""
    lines = [
        f"::{p.severity.value} file={_escape_property(p.path)},line={p.line},col={p.column},"
        f"title={p.code}::{_escape_data(p.message + (' (' + p.hint + ')' if p.hint else ''))}"
        for p in problems
    ]
    lines.append(summary(files, problems))
    return "\n".join(lines)
