"""Read a case file strictly: bytes -> text -> front matter + body, keeping line numbers.

YAML is read by one of two paths that give the same document, problems and positions:
`parse_fast` walks the node tree libyaml's C composer builds, and `parse_events` reads
libyaml's events one by one (never a recursive composer, which crashes the process on
deeply nested input). Both type scalars by the YAML 1.2 core schema (`NO`, `yes` and `on`
stay text, `2022-08` stays text, only `true`/`false` are booleans) and share one reader
(`_Reader`) for keys, depth and the characters escapes can spell, so they cannot drift.
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
    Rule,
)

MAX_FILE_BYTES = 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_DEPTH = 8
# The fast path composes the whole tree in C before it can count levels, so it only takes
# text that cannot nest deeper than this (see `nesting_bound`); the rest is read by events.
FAST_PATH_MAX_NESTING = 64

KeyPath = tuple[str | int, ...]

# Characters no case text may hold: C0 controls but tab and line feed, DEL, C1 controls,
# and U+FFFE/U+FFFF (which XML cannot carry); a CR only before a line feed. Bidirectional
# embeddings, overrides and isolates apart, as they get their own rule.
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ufffe\uffff"
_BIDI_CHARS = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]|\r(?!\n)")
_BIDI = re.compile(f"[{_BIDI_CHARS}]")
_SUSPECT = re.compile(f"[{_CONTROL_CHARS}{_BIDI_CHARS}]|\r(?!\n)")
# The same in a parsed value, where any CR came from an escape.
_SUSPECT_VALUE = re.compile(f"[{_CONTROL_CHARS}{_BIDI_CHARS}\r]")
# libyaml's escapes in double-quoted scalars (YAML 1.2, 5.7)
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b"}
_ESCAPED["N"] = "\x85"
_INT = re.compile(r"[-+]?[0-9]{1,30}\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x1b": "ESC", "\r": "CR", "\x7f": "DEL"}


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


class Decoded(NamedTuple):
    """A file's text (None when it cannot be read as text) and what was wrong with it."""

    text: str | None
    problems: list[Problem]


class Parts(NamedTuple):
    """A case file's front matter and body, with the file line the body starts on."""

    front_matter: str
    body: str
    body_line: int


class Split(NamedTuple):
    parts: Parts | None
    problems: list[Problem]


class Parsed(NamedTuple):
    """What YAML text holds (None when it could not be read) and the problems found."""

    document: Document | None
    problems: list[Problem]


class ReadCase(NamedTuple):
    case: CaseText | None
    problems: list[Problem]


def char_position(text: str, index: int) -> tuple[int, int]:
    """Line and column (both from 1) of the character at index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def dotted(loc: KeyPath) -> str:
    """A key path as people write it: `sources[0].url`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def character_name(char: str) -> str:
    """`U+001B (ESC)`: a character that must not be printed, named safely."""
    name = _NAMES.get(char)
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def suspect_character(text: str) -> str | None:
    """The first control or bidirectional character in a parsed value, if any."""
    match = _SUSPECT_VALUE.search(text)
    return match.group() if match else None


def rule_for(char: str) -> Rule:
    """SKB105 for bidirectional controls, SKB104 for the other characters refused."""
    return BIDI_CHARACTER if _BIDI.match(char) else CONTROL_CHARACTER


def _binary(raw: bytes) -> bool:
    """NUL bytes in what is not UTF-8, or in many places (UTF-16 text has one in two)."""
    head = raw[:8192]
    nuls = head.count(b"\x00")
    if not nuls:
        return False
    if nuls * 20 > len(head):
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def decode(raw: bytes, path: str) -> Decoded:
    """Bytes to text, refusing what is not clean UTF-8. None when unreadable."""
    problems: list[Problem] = []
    if len(raw) > MAX_FILE_BYTES:
        return Decoded(
            None,
            [
                FILE_TOO_LARGE.at(
                    path,
                    1,
                    1,
                    f"file is larger than 1 MiB ({len(raw):,} bytes or more)",
                    "split the case or shorten it; case files are small Markdown texts",
                )
            ],
        )
    if _binary(raw):
        return Decoded(
            None,
            [
                NOT_UTF8.at(
                    path,
                    1,
                    1,
                    "binary file: it contains NUL bytes",
                    "case files are UTF-8 Markdown text",
                )
            ],
        )
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
        return Decoded(None, problems)
    bad = False
    if not _SUSPECT.search(text):
        return Decoded(text.replace("\r\n", "\n") if "\r" in text else text, problems)
    for regex, rule, what in (
        (_CONTROL, CONTROL_CHARACTER, "control character"),
        (_BIDI, BIDI_CHARACTER, "bidirectional control character"),
    ):
        for n, match in enumerate(regex.finditer(text)):
            if n == 5:
                break
            line, column = char_position(text, match.start())
            char = match.group()[0]
            message = f"{what} {character_name(char)} in the text"
            problems.append(rule.at(path, line, column, message))
            bad = bad or rule is CONTROL_CHARACTER
    return Decoded(None if bad else text.replace("\r\n", "\n"), problems)


def split(text: str, path: str) -> Split:
    """Split text into front matter, body and the body's first line."""
    if not text.startswith("---\n") and text.rstrip(" ") != "---":
        first = text.split("\n", 1)[0]
        return Split(
            None,
            [
                NO_FRONT_MATTER.at(
                    path,
                    1,
                    1,
                    "the file does not start with a front matter line '---'"
                    + (f" (found {first[:40]!r})" if first else " (the file is empty)"),
                    "put '---' on line 1, the YAML fields, then '---' before the body",
                )
            ],
        )
    end = re.search(r"^---[ \t]*$", text[4:], flags=re.MULTILINE)
    if end is None:
        return Split(
            None,
            [
                FRONT_MATTER_NOT_CLOSED.at(
                    path,
                    1,
                    1,
                    "the front matter opened on line 1 is never closed",
                    "add a line '---' after the last field",
                )
            ],
        )
    yaml_text = text[4 : 4 + end.start()]
    rest = text[4 + end.end() :]
    body_line = yaml_text.count("\n") + 3
    if rest.startswith("\n"):
        rest = rest[1:]
    return Split(Parts(yaml_text, rest, body_line), [])


def read_case(raw: bytes, path: str) -> ReadCase:
    """A case or translation file's front matter and body, or the problems that stop it."""
    text, problems = decode(raw, path)
    if text is None:
        return ReadCase(None, problems)
    parts, more = split(text, path)
    problems += more
    if parts is None:
        return ReadCase(None, problems)
    yaml_text, body, body_line = parts
    doc, more = parse_yaml(yaml_text, path, first_line=2, max_chars=MAX_FRONT_MATTER_CHARS)
    problems += more
    if doc is None:
        return ReadCase(None, problems)
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
        return ReadCase(None, problems)
    return ReadCase(CaseText(doc, body, body_line), problems)


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


def nesting_bound(text: str) -> int:
    """An upper bound on how deep YAML text can nest, found without parsing it.

    A block collection starts at a line's indentation or after a run of `- `, `? ` and
    `: ` indicators on that line, and one nested in another starts further right (a
    sequence may share its parent mapping's column, hence two levels a column). Flow
    collections nest at most once per bracket. Lines of text only make the bound looser.
    """
    widest = max(map(len, _LEADING_INDICATORS.findall(text)))
    return 2 * (widest + 1) + text.count("[") + text.count("{")


_LEADING_INDICATORS = re.compile(r"^[ ?:-]*", re.MULTILINE)


_NUMBER_START = frozenset("0123456789+-.")
_SPECIAL = {**dict.fromkeys(_NULLS), **dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def scalar_value(value: str, plain: bool) -> Any:
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


def mapping_key(value: Any) -> str | None:
    """The key a typed scalar makes: its value as text (`007` and `7` are one key, 7), or
    None for what is no plain word (empty, null, true/false)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or value == "":
        return None
    return str(value)


class _TooDeep(Exception):
    pass


class _Reader:
    """What both paths share: the problems and positions found so far, how scalars and
    keys are read, and where the nesting stops."""

    __slots__ = ("has_empty", "offset", "path", "positions", "problems", "suspect", "text")

    def __init__(self, text: str, path: str, offset: int) -> None:
        self.text = text
        # Whether a value may hold a character no text may: spelled by an escape, or
        # written as it is (what `decode` lets through, bidirectional controls, it reports).
        self.suspect = "\\" in text or _SUSPECT_VALUE.search(text) is not None
        self.path = path
        self.offset = offset
        self.problems: list[Problem] = []
        self.positions: dict[KeyPath, Position] = {}
        self.has_empty = False

    def at(self, mark: Any) -> tuple[int, int]:
        return mark.line + self.offset, mark.column + 1

    def scalar(
        self,
        value: str,
        style: str | None,
        start: Any,
        where: KeyPath,
        typed: bool = True,
        key: bool = False,
    ) -> Any:
        """The value of a scalar at where, typed unless quoted (or tagged: typed=False).
        A character no text may hold is replaced by U+FFFD, so that it never reaches a
        page, a data file or a terminal, and reported when an escape spelled it."""
        if self.suspect and _SUSPECT_VALUE.search(value):
            if style == '"':
                self._escapes(start, dotted(where), key)
            value = _SUSPECT_VALUE.sub("\ufffd", value)
        return scalar_value(value, typed and not style)

    def _escapes(self, start: Any, name: str, key: bool) -> None:
        """Report the escapes of the double-quoted scalar at start that spell characters no
        text may hold, each at its own line and column (at most five)."""
        text, index, found = self.text, start.index + 1, 0
        while found < 5:
            escape = _ESCAPE.search(text, index)
            quote = text.find('"', index)
            if escape is None or 0 <= quote < escape.start():
                return  # the closing quote comes first
            index = escape.end()
            code = escape.group()[1:]
            number = int(code[1:], 16) if len(code) > 1 else -1
            char = chr(number) if 0 <= number <= 0x10FFFF else _ESCAPED.get(code, "")
            if not char or not _SUSPECT_VALUE.match(char):
                continue
            found += 1
            line, column = char_position(text, escape.start())
            self.problems.append(
                rule_for(char).at(
                    self.path,
                    line + self.offset - 1,
                    column,
                    f"{'a key in ' if key else ''}{name}: the escape '{escape.group()}' "
                    f"stands for {character_name(char)}",
                    "remove the escape: case text holds no control or direction characters",
                    field=name,
                )
            )

    def key(
        self,
        value: str,
        style: str | None,
        start: Any,
        seen: dict[str, tuple[int, str]],
        where: KeyPath,
        typed: bool = True,
    ) -> str | None:
        """The key a scalar names in the mapping at where, or None (reported) when it is
        no plain word or repeats a key already seen."""
        read = self.scalar(value, style, start, where, typed, key=True)
        key = read if type(read) is str and read else mapping_key(read)
        if key is None:
            self.complex_key(start)
            return None
        shown = read if isinstance(read, str) else value
        first = seen.get(key)
        if first is not None:
            same = f"the same key as '{first[1]}', " if first[1] != shown else ""
            self.problems.append(
                DUPLICATE_KEY.at(
                    self.path,
                    *self.at(start),
                    f"duplicate key '{shown}' ({same}first on line {first[0]})",
                    "keep one of the two; YAML would silently drop the first",
                )
            )
            return None
        seen[key] = (start.line + self.offset, shown)
        return key

    def complex_key(self, start: Any) -> None:
        self.problems.append(
            COMPLEX_KEY.at(
                self.path,
                *self.at(start),
                "a key must be a plain word",
                "write keys like 'title:'",
            )
        )

    def enter(self, depth: int, start: Any) -> None:
        """Raise _TooDeep (reported) when a collection at this depth would nest too deep."""
        if depth >= MAX_DEPTH:
            self.problems.append(
                TOO_LARGE_OR_DEEP.at(
                    self.path,
                    *self.at(start),
                    f"YAML is nested more than {MAX_DEPTH} levels deep",
                    "case fields nest at most three levels (sources -> item -> field)",
                )
            )
            raise _TooDeep

    def document(self, data: Any) -> Document:
        return Document(data, self.positions, self.text, has_empty=self.has_empty)


def parse_yaml(
    text: str, path: str, first_line: int = 1, max_chars: int = MAX_FILE_BYTES
) -> Parsed:
    """Strict YAML -> Document. first_line is the file line of the text's first line.

    The text comes from `decode`, which reports the characters no text may hold as they
    are written; what escapes spell is reported here, and neither reaches a value."""
    problems = _prescan(text, path, first_line, max_chars)
    if problems:
        return Parsed(None, problems)
    return parse_fast(text, path, first_line)


# Text that may hold anchors, aliases, tags or tabs is read event by event, which reports
# them: libyaml's composer would resolve aliases (and so expand a "billion laughs").
_RISKY = ("&", "*", "!", "\t")


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
    if exc.problem == "exceeded maximum nesting depth" and exc.problem_mark:
        # libyaml's own limit (1,000 levels), met before the events reach MAX_DEPTH when
        # it reads a run of flow brackets ahead
        return TOO_LARGE_OR_DEEP.at(
            path,
            exc.problem_mark.line + offset,
            exc.problem_mark.column + 1,
            f"YAML is nested more than {MAX_DEPTH} levels deep",
            "case fields nest at most three levels (sources -> item -> field)",
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


def fits_fast_path(text: str) -> bool:
    """Whether parse_fast may compose text in C: no anchors, aliases, tags or tabs, and
    no way to nest deeper than FAST_PATH_MAX_NESTING."""
    return not any(r in text for r in _RISKY) and nesting_bound(text) <= FAST_PATH_MAX_NESTING


def parse_fast(text: str, path: str, first_line: int = 1) -> Parsed:
    """Strict YAML read from libyaml's node tree, for the clean front matter nearly all
    cases have. Text that does not fit the fast path (see `fits_fast_path`), or that
    libyaml finds an error in, is read by parse_events instead, which says which problem
    comes first. Same result as parse_events in every other case."""
    if not fits_fast_path(text):
        return parse_events(text, path, first_line)
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except yaml.YAMLError:
        return parse_events(text, path, first_line)
    finally:
        composer.dispose()
    reader = _Reader(text, path, first_line)
    positions = reader.positions
    at = reader.at
    scalar = reader.scalar

    def walk(node: Any, where: KeyPath, keep: bool, depth: int) -> Any:
        """The value of a collection node (scalars are read by the caller)."""
        reader.enter(depth, node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            for index, item in enumerate(node.value):
                here = (*where, index)
                if keep:
                    line, column = at(item.start_mark)
                    positions[here] = Position(line, column, line, column)
                items.append(
                    scalar(item.value, item.style, item.start_mark, here)
                    if isinstance(item, yaml.ScalarNode)
                    else walk(item, here, keep, depth + 1)
                )
            return items
        mapping: dict[str, Any] = {}
        seen: dict[str, tuple[int, str]] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = reader.key(key_node.value, key_node.style, key_node.start_mark, seen, where)
            else:
                walk(key_node, (), False, depth + 1)
                reader.complex_key(key_node.start_mark)
                key = None
            here = (*where, key or "")
            kept = keep and key is not None
            if isinstance(value_node, yaml.ScalarNode):
                value = scalar(value_node.value, value_node.style, value_node.start_mark, here)
                if value is None and kept:
                    reader.has_empty = True
            else:
                value = walk(value_node, here, kept, depth + 1)
            if kept:
                assert key is not None
                km, vm = key_node.start_mark, value_node.start_mark
                positions[here] = Position(
                    km.line + first_line, km.column + 1, vm.line + first_line, vm.column + 1
                )
                mapping[key] = value
        return mapping

    if node is None:
        data = None
    elif isinstance(node, yaml.ScalarNode):
        data = scalar(node.value, node.style, node.start_mark, ())
    else:
        try:
            data = walk(node, (), True, 0)
        except _TooDeep:
            return Parsed(None, reader.problems)
    return Parsed(reader.document(data), reader.problems)


class _Frame:
    __slots__ = ("container", "discard", "key", "key_mark", "path", "seen", "start")

    def __init__(self, container: Any, path: KeyPath, discard: bool, start: Any) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None  # the key read, waiting for its value ("" if refused)
        self.key_mark: Any = None
        self.seen: dict[str, tuple[int, str]] = {}
        self.discard = discard
        self.start = start


def parse_events(text: str, path: str, first_line: int = 1) -> Parsed:
    """Strict YAML read event by event: any text, in memory and time linear in its size.
    Reports anchors, aliases and tags, and stops at the first collection nested too deep
    or the first syntax error."""
    reader = _Reader(text, path, first_line)
    problems = reader.problems
    positions = reader.positions
    at = reader.at
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0

    def where() -> KeyPath:
        """The key path of the next node, () within a discarded one."""
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.container, dict):
            return (*top.path, top.key or "")
        return (*top.path, len(top.container))

    def add(value: Any, start: Any) -> None:
        """A finished node: a key or a value of the collection on top of the stack."""
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        if isinstance(top.container, dict):
            key, top.key = top.key, None
            if key and not top.discard:
                top.container[key] = value
                positions[(*top.path, key)] = Position(*at(top.key_mark), *at(start))
                if value is None:
                    reader.has_empty = True
        elif not top.discard:
            line, column = at(start)
            positions[(*top.path, len(top.container))] = Position(line, column, line, column)
            top.container.append(value)

    def awaits_key() -> bool:
        return bool(stack) and isinstance(stack[-1].container, dict) and stack[-1].key is None

    def check_node(event: Any) -> None:
        mark = at(event.start_mark)
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
                typed = event.tag is None
                if awaits_key():
                    top = stack[-1]
                    key = reader.key(
                        event.value, event.style, event.start_mark, top.seen, top.path, typed
                    )
                    top.key, top.key_mark = key or "", event.start_mark
                else:
                    mark = event.start_mark
                    add(reader.scalar(event.value, event.style, mark, where(), typed), mark)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                check_node(event)
                reader.enter(len(stack), event.start_mark)
                sub_path: KeyPath = ()
                if awaits_key():  # a collection used as a key
                    discard = True
                else:
                    sub_path = where()
                    discard = bool(stack) and (
                        stack[-1].discard
                        or (isinstance(stack[-1].container, dict) and not stack[-1].key)
                    )
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append(_Frame(container, sub_path, discard, event.start_mark))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                if awaits_key():
                    reader.complex_key(frame.start)
                    stack[-1].key, stack[-1].key_mark = "", frame.start
                else:
                    add(frame.container, frame.start)
            elif isinstance(event, yaml.AliasEvent):
                problems.append(
                    ANCHOR_OR_ALIAS.at(
                        path,
                        *at(event.start_mark),
                        f"YAML alias '*{event.anchor}' is not allowed",
                        "write the value out in full",
                    )
                )
                if awaits_key():
                    reader.complex_key(event.start_mark)
                    stack[-1].key, stack[-1].key_mark = "", event.start_mark
                else:
                    add(None, event.start_mark)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        YAML_SYNTAX.at(
                            path,
                            *at(event.start_mark),
                            "more than one YAML document",
                            "remove the extra '---' or '...' line",
                        )
                    )
                    return Parsed(None, problems)
            elif isinstance(event, yaml.StreamEndEvent):
                break
    except _TooDeep:
        return Parsed(None, problems)
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, path, first_line))
        return Parsed(None, problems)
    finally:
        parser.dispose()
    return Parsed(reader.document(root[0] if root else None), problems)
