"""Read a case file strictly: bytes -> text -> front matter + body, keeping line numbers.

YAML is read event by event with libyaml's parser (never its recursive composer, which
crashes the process on deeply nested input), and scalars are typed by the YAML 1.2 core
schema: `NO`, `yes` and `on` stay text, `2022-08` stays text, and only `true`/`false`
are booleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - libyaml ships in the PyYAML wheels

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)

        def dispose(self) -> None:
            pass


from .problems import (
    ANCHOR_OR_ALIAS,
    BIDI_CHARACTER,
    BYTE_ORDER_MARK,
    COMPLEX_KEY,
    CONTROL_CHARACTER,
    DUPLICATE_KEY,
    FILE_TOO_LARGE,
    FRONT_MATTER_NOT_CLOSED,
    NO_FRONT_MATTER,
    NOT_A_MAPPING,
    NOT_UTF8,
    TAB_INDENT,
    TOO_LARGE_OR_DEEP,
    YAML_SYNTAX,
    YAML_TAG,
    Problem,
)

MAX_FILE_BYTES = 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_DEPTH = 8

KeyPath = tuple[str | int, ...]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]|\r(?!\n)")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
_INT = re.compile(r"[-+]?[0-9]{1,30}\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))


class Position(NamedTuple):
    key_line: int
    key_column: int
    line: int  # of the value
    column: int


@dataclass
class Document:
    """What YAML text holds: plain values and where each came from."""

    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    text: str = ""  # the YAML it was read from
    has_empty: bool = True  # whether some key may have no value (False: none has)

    def line_of(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at path, or of its nearest existing parent."""
        while path:
            pos = self.positions.get(path)
            if pos is not None:
                return (pos.key_line, pos.key_column) if key else (pos.line, pos.column)
            path = path[:-1]
        return 1, 1


@dataclass
class CaseText:
    front_matter: Document
    body: str
    body_line: int  # file line of the body's first line


def char_position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text, refusing what is not clean UTF-8. None when unreadable."""
    problems: list[Problem] = []
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            FILE_TOO_LARGE.at(
                path,
                1,
                1,
                f"file is larger than 1 MiB ({len(raw):,} bytes or more)",
                "split the case or shorten it; case files are small Markdown texts",
            )
        ]
    if b"\x00" in raw[:8192]:
        return None, [
            NOT_UTF8.at(
                path,
                1,
                1,
                "binary file: it contains NUL bytes",
                "case files are UTF-8 Markdown text",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            BYTE_ORDER_MARK.at(
                path,
                1,
                1,
                "file starts with a UTF-8 byte-order mark",
                "save the file as UTF-8 without BOM",
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            NOT_UTF8.at(
                path,
                line,
                column,
                f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                "re-save the file with UTF-8 encoding",
            )
        )
        return None, problems
    bad = False
    if not _SUSPECT.search(text):
        return (text.replace("\r\n", "\n") if "\r" in text else text), problems
    for regex, rule, what in (
        (_CONTROL, CONTROL_CHARACTER, "control character"),
        (_BIDI, BIDI_CHARACTER, "bidirectional control character"),
    ):
        for n, match in enumerate(regex.finditer(text)):
            if n == 5:
                break
            line, column = char_position(text, match.start())
            char = match.group()[0]
            problems.append(rule.at(path, line, column, f"{what} U+{ord(char):04X} in the text"))
            bad = bad or rule is CONTROL_CHARACTER
    return (None if bad else text.replace("\r\n", "\n")), problems


def split(text: str, path: str) -> tuple[tuple[str, str, int] | None, list[Problem]]:
    """Split text into (front matter, body, body's first line)."""
    if not text.startswith("---\n") and text.rstrip(" ") != "---":
        first = text.split("\n", 1)[0]
        return None, [
            NO_FRONT_MATTER.at(
                path,
                1,
                1,
                "the file does not start with a front matter line '---'"
                + (f" (found {first[:40]!r})" if first else " (the file is empty)"),
                "put '---' on line 1, the YAML fields, then '---' before the body",
            )
        ]
    end = re.search(r"^---[ \t]*$", text[4:], flags=re.MULTILINE)
    if end is None:
        return None, [
            FRONT_MATTER_NOT_CLOSED.at(
                path,
                1,
                1,
                "the front matter opened on line 1 is never closed",
                "add a line '---' after the last field",
            )
        ]
    yaml_text = text[4 : 4 + end.start()]
    rest = text[4 + end.end() :]
    body_line = yaml_text.count("\n") + 3
    if rest.startswith("\n"):
        rest = rest[1:]
    return (yaml_text, rest, body_line), []


def read_case(raw: bytes, path: str) -> tuple[CaseText | None, list[Problem]]:
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    parts, more = split(text, path)
    problems += more
    if parts is None:
        return None, problems
    yaml_text, body, body_line = parts
    doc, more = parse_yaml(yaml_text, path, first_line=2, max_chars=MAX_FRONT_MATTER_CHARS)
    problems += more
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(
            NOT_A_MAPPING.at(
                path,
                2,
                1,
                "the front matter is not a mapping of fields"
                + (" (it is empty)" if doc.data is None else ""),
                "write one field per line: 'title: ...', 'date: 2022-08', ...",
            )
        )
        return None, problems
    return CaseText(doc, body, body_line), problems


def _prescan(text: str, path: str, first_line: int, max_chars: int) -> list[Problem]:
    if len(text) > max_chars:
        return [
            TOO_LARGE_OR_DEEP.at(
                path,
                first_line,
                1,
                f"YAML is {len(text):,} characters, more than the limit of {max_chars:,}",
                "front matter holds short fields; long text belongs in the body",
            )
        ]
    depth = 0
    text_to_scan = "" if text.count("[") + text.count("{") <= MAX_DEPTH else text
    for index, char in enumerate(text_to_scan):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = char_position(text, index)
                return [
                    TOO_LARGE_OR_DEEP.at(
                        path,
                        line + first_line - 1,
                        column,
                        f"YAML is nested more than {MAX_DEPTH} levels deep",
                        "case fields nest at most three levels (sources -> item -> field)",
                    )
                ]
        elif char in "]}":
            depth = max(0, depth - 1)
    problems: list[Problem] = []
    if "\t" not in text:
        return problems
    for n, row in enumerate(text.split("\n")):
        indent = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                TAB_INDENT.at(
                    path,
                    n + first_line,
                    indent.index("\t") + 1,
                    "a tab is used for indentation",
                    "indent YAML with spaces only",
                )
            )
    return problems


_NUMBER_START = frozenset("0123456789+-.")
_SPECIAL = {**dict.fromkeys(_NULLS), **dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def _scalar(value: str, plain: bool) -> Any:
    """YAML 1.2 core schema typing of a scalar; quoted scalars are always text."""
    if not plain:
        return value
    if value in _SPECIAL:
        return _SPECIAL[value]
    if value[0] in _NUMBER_START and len(value) <= 32:
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
    return value


def _usable_key(key: Any) -> bool:
    """Keys are words: not empty, not null, not true/false, not lists or maps."""
    return isinstance(key, (str, int, float)) and not isinstance(key, bool) and key != ""


class _Frame:
    __slots__ = ("container", "discard", "key", "key_mark", "path", "seen", "start")

    def __init__(self, container: Any, path: KeyPath, discard: bool) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.seen: dict[str, int] = {}
        self.discard = discard
        self.start: tuple[int, int] = (0, 0)


# Anything that could hold an anchor, alias, tag, tab or deep nesting takes the exact
# (slower) event path; clean front matter, nearly all of it, takes libyaml's C composer.
_RISKY = ("&", "*", "!", "\t", " " * 16, "- - -")


def parse_yaml(
    text: str, path: str, first_line: int = 1, max_chars: int = MAX_FILE_BYTES
) -> tuple[Document | None, list[Problem]]:
    """Strict YAML -> Document. first_line is the file line of the text's first line."""
    problems = _prescan(text, path, first_line, max_chars)
    if problems:
        return None, problems
    if text.count("[") + text.count("{") <= MAX_DEPTH and not any(r in text for r in _RISKY):
        return _parse_fast(text, path, first_line)
    return _parse_events(text, path, first_line)


class _Composer(_Parser):
    """libyaml's composer with every implicit tag left as "?": typing is ours."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "?"

    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass


def _syntax_problem(exc: yaml.YAMLError, path: str, offset: int) -> Problem:
    if not isinstance(exc, yaml.MarkedYAMLError):  # reader errors carry no mark
        return YAML_SYNTAX.at(
            path, offset, 1, f"YAML error: {exc}", "check the front matter's characters"
        )
    if exc.context == "expected a single document in the stream" and exc.problem_mark:
        return YAML_SYNTAX.at(
            path,
            exc.problem_mark.line + offset,
            exc.problem_mark.column + 1,
            "more than one YAML document",
            "remove the extra '---' or '...' line",
        )
    # The context (where an unclosed bracket or quote began) is the likelier culprit.
    mark = exc.context_mark or exc.problem_mark
    line, column = (mark.line + offset, mark.column + 1) if mark is not None else (offset, 1)
    what = " ".join(p for p in (exc.context, exc.problem) if p)
    if exc.context_mark and exc.problem_mark and exc.problem_mark.line + offset != line:
        what += f" (noticed on line {exc.problem_mark.line + offset})"
    return YAML_SYNTAX.at(
        path,
        line,
        column,
        f"YAML syntax error: {what}",
        "check quotes, colons and indentation on this line and the one before; "
        "quote text that contains ': ' or '#'",
    )


def _parse_fast(text: str, path: str, offset: int) -> tuple[Document | None, list[Problem]]:
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError as exc:
        return None, [_syntax_problem(exc, path, offset)]
    finally:
        composer.dispose()
    positions: dict[KeyPath, Position] = {}
    problems: list[Problem] = []

    def convert(node: Any, where: KeyPath) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node.value, node.style in (None, ""))
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                mark = item.start_mark
                line, column = mark.line + offset, mark.column + 1
                here = (*where, index)
                positions[here] = Position(line, column, line, column)
                items.append(
                    _scalar(item.value, item.style in (None, ""))
                    if isinstance(item, yaml.ScalarNode)
                    else convert(item, here)
                )
            return items
        mapping: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line, key_column = key_node.start_mark.line + offset, key_node.start_mark.column + 1
            key = (
                _scalar(key_node.value, key_node.style in (None, ""))
                if isinstance(key_node, yaml.ScalarNode)
                else None
            )
            if not _usable_key(key):
                problems.append(
                    COMPLEX_KEY.at(
                        path,
                        key_line,
                        key_column,
                        "a key must be a plain word",
                        "write keys like 'title:'",
                    )
                )
                continue
            key = key_node.value
            if key in seen:
                problems.append(
                    DUPLICATE_KEY.at(
                        path,
                        key_line,
                        key_column,
                        f"duplicate key '{key}' (first on line {seen[key]})",
                        "keep one of the two; YAML would silently drop the first",
                    )
                )
                continue
            seen[key] = key_line
            mark = value_node.start_mark
            positions[(*where, key)] = Position(
                key_line, key_column, mark.line + offset, mark.column + 1
            )
            if isinstance(value_node, yaml.ScalarNode):
                value = _scalar(value_node.value, value_node.style in (None, ""))
                if value is None:
                    empty.append(key)
                mapping[key] = value
            else:
                mapping[key] = convert(value_node, (*where, key))
        return mapping

    empty: list[str] = []
    data = None if node is None else convert(node, ())
    return Document(data, positions, text, has_empty=bool(empty)), problems


def _parse_events(text: str, path: str, offset: int) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []

    def where(mark: Any) -> tuple[int, int]:
        return mark.line + offset, mark.column + 1

    positions: dict[KeyPath, Position] = {}
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0

    def add(value: Any, mark: tuple[int, int], is_scalar: bool) -> None:
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        if isinstance(top.container, dict):
            if top.key is None:  # this node is a key
                if not is_scalar or not _usable_key(value):
                    problems.append(
                        COMPLEX_KEY.at(
                            path,
                            *mark,
                            "a key must be a plain word",
                            "write keys like 'title:'",
                        )
                    )
                    top.key, top.key_mark = "", mark
                    return
                key = str(value)
                if key in top.seen:
                    problems.append(
                        DUPLICATE_KEY.at(
                            path,
                            *mark,
                            f"duplicate key '{key}' (first on line {top.seen[key]})",
                            "keep one of the two; YAML would silently drop the first",
                        )
                    )
                    top.key, top.key_mark = "", mark
                    return
                top.seen[key] = mark[0]
                top.key, top.key_mark = key, mark
                return
            key, top.key = top.key, None
            if key and not top.discard:
                top.container[key] = value
                positions[(*top.path, key)] = Position(*top.key_mark, *mark)
        else:
            if not top.discard:
                positions[(*top.path, len(top.container))] = Position(*mark, *mark)
                top.container.append(value)

    def child_path() -> tuple[KeyPath, bool]:
        if not stack:
            return (), False
        top = stack[-1]
        if isinstance(top.container, dict):
            if top.key is None:
                return (), True  # a collection used as a key
            return (*top.path, top.key), top.discard or not top.key
        return (*top.path, len(top.container)), top.discard

    def check_node(event: Any) -> None:
        mark = where(event.start_mark)
        if getattr(event, "anchor", None) is not None:
            problems.append(
                ANCHOR_OR_ALIAS.at(
                    path,
                    *mark,
                    f"YAML anchor '&{event.anchor}' is not allowed",
                    "write the value out in full",
                )
            )
        if getattr(event, "tag", None) is not None:
            problems.append(
                YAML_TAG.at(
                    path,
                    *mark,
                    f"YAML tag '{event.tag}' is not allowed",
                    "remove the tag; quote the value if it must be text",
                )
            )

    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, yaml.ScalarEvent):
                check_node(event)
                plain = event.style in (None, "") and event.tag is None
                add(_scalar(event.value, plain), where(event.start_mark), True)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                check_node(event)
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        TOO_LARGE_OR_DEEP.at(
                            path,
                            *where(event.start_mark),
                            f"YAML is nested more than {MAX_DEPTH} levels deep",
                            "case fields nest at most three levels",
                        )
                    )
                    return None, problems
                sub_path, discard = child_path()
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                frame = _Frame(container, sub_path, discard)
                frame.start = where(event.start_mark)
                stack.append(frame)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                add(frame.container, frame.start, False)
            elif isinstance(event, yaml.AliasEvent):
                problems.append(
                    ANCHOR_OR_ALIAS.at(
                        path,
                        *where(event.start_mark),
                        f"YAML alias '*{event.anchor}' is not allowed",
                        "write the value out in full",
                    )
                )
                add(None, where(event.start_mark), True)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        YAML_SYNTAX.at(
                            path,
                            *where(event.start_mark),
                            "more than one YAML document",
                            "remove the extra '---' or '...' line",
                        )
                    )
                    return None, problems
            elif isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, path, offset))
        return None, problems
    finally:
        parser.dispose()
    data = root[0] if root else None
    return Document(data, positions, text), problems
