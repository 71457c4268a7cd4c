"""The one writer of case files: front matter as YAML the strict reader reads back,
written atomically, never over another file."""

from __future__ import annotations

import json
import os
import re
import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class CaseExists(Exception):
    """The file to write already exists; nothing was written."""


_PLAIN = re.compile(r"[a-z][a-z0-9-]*|\d{4}(?:-\d{2}){0,2}|[A-Z]{2,6}\Z")
_WRAP = 88
# Words some YAML readers (1.1) take for booleans or null: always quoted, so NO stays Norway.
_YAML_WORDS = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null"))


def _scalar(value: Any) -> str:
    """One value as YAML that the strict reader reads back as the same value: slugs,
    dates and codes plain, all other text double-quoted (JSON strings are YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return (
            repr(value)
            if isinstance(value, float) and not value.is_integer()
            else str(int(value) if isinstance(value, float) else value)
        )
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _value(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, str) and ("\n" in value.strip() or len(value) > _WRAP - 10):
        folded = textwrap.wrap(" ".join(value.split()), _WRAP - len(indent) - 2)
        return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in folded)]
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            flow = f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]"
            if len(flow) <= _WRAP:
                return [flow]
            return [f"{indent}{key}:", *(f"{indent}  - {_scalar(v)}" for v in value)]
        lines = [f"{indent}{key}:"]
        for item in value:
            inner = [line for k, v in item.items() if v is not None for line in _value(k, v, "")]
            lines += [f"{indent}  - {inner[0]}", *(f"{indent}    {line}" for line in inner[1:])]
        return lines
    if isinstance(value, dict):
        return [
            f"{indent}{key}:",
            *(
                line
                for k, v in value.items()
                if v is not None
                for line in _value(k, v, indent + "  ")
            ),
        ]
    return [f"{indent}{key}: {_scalar(value)}"]


def case_text(
    fields: Mapping[str, Any], body: str, comments: Mapping[str, str] | None = None
) -> str:
    """A case or translation file: the fields in the order given, each with an optional
    trailing comment (a hint for whoever fills a template), then the body. A field whose
    value is None is written as a comment only: `# key: comment`."""
    lines = ["---"]
    for key, value in fields.items():
        note = (comments or {}).get(key, "")
        if value is None:
            lines.append(f"# {key}: {note}".rstrip())
            continue
        dumped = _value(key, value, "")
        if note:
            dumped[0] += f"  # {note}"
        lines += dumped
    lines += ["---", ""]
    return "\n".join(lines) + "\n" + body.lstrip("\n")


def _written(path: Path, content: str) -> str:
    """A temporary file beside path holding content, flushed to disk."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".new-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(temp)
        raise
    return temp


def write_new(path: Path, content: str) -> None:
    """Write content to path atomically; fail with CaseExists rather than replace a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _written(path, content)
    try:
        try:
            os.link(temp, path)  # fails if path exists, unlike rename
        except FileExistsError:
            raise CaseExists(str(path)) from None
    finally:
        os.unlink(temp)


def replace(path: Path, content: str) -> None:
    """Replace an existing file's content atomically (for an explicit update of it)."""
    temp = _written(path, content)
    try:
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
