"""The Markdown body: length, raw HTML, links and images, with their lines, read as the
renderer reads them (see markdown_syntax)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..casefile import char_position
from ..kinds import valid_id
from ..markdown_syntax import MAX_COST, Reading, read
from ..markdown_syntax import retarget_links as retarget_links  # the site's old import path
from ..problems import (
    BODY_TOO_SHORT,
    IMAGE,
    LINK_NOT_ALLOWED,
    MARKDOWN_TOO_COSTLY,
    RAW_HTML,
    Problem,
)

MIN_TEXT = 40
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_SCHEMES = ("http", "https", "mailto")
_TEXT = re.compile(r"[^\s#*_>`~\[\]()|-]")  # what is not Markdown punctuation


@dataclass(frozen=True)
class CaseLink:
    """A link in a body to another case, by its id."""

    target: str
    line: int
    column: int


def _bad_link(path: str, line: int, column: int, message: str) -> Problem:
    return LINK_NOT_ALLOWED.at(
        path,
        line,
        column,
        message,
        "write [text](https://...) for a web page or [text](case-id) for another "
        "case; javascript:, data: and other schemes are refused",
    )


def _check_target(
    target: str, path: str, line: int, column: int, problems: list[Problem], links: list[CaseLink]
) -> None:
    target = target.strip("<>")
    scheme = _SCHEME.match(target)
    if scheme:
        name = scheme.group(1).lower()
        if name == "mailto" or (
            name in _SAFE_SCHEMES and target.lower().startswith(("http://", "https://"))
        ):
            return
        problems.append(
            _bad_link(
                path,
                line,
                column,
                f"link to '{target[:60]}' uses the "
                f"scheme '{scheme.group(1)}:', which is not allowed",
            )
        )
        return
    if target.startswith("#"):
        return
    case_id = target.split("#", 1)[0]
    if valid_id(case_id):
        links.append(CaseLink(case_id, line, column))
        return
    problems.append(
        _bad_link(
            path, line, column, f"link to '{target[:60]}' is neither a web address nor a case id"
        )
    )


def _text_chars(body: str, reading: Reading) -> int:
    """Characters of text: outside code and Markdown punctuation, plus those inside
    fenced code blocks (their lines stripped). Counted only up to MIN_TEXT."""
    outside, last = [], 0
    for start, end in reading.code:
        outside.append(body[last:start])
        last = end
    outside.append(body[last:])
    count = 0
    for _ in _TEXT.finditer("".join(outside)):
        count += 1
        if count >= MIN_TEXT:
            return count
    for start, end in reading.fenced:
        count += sum(len(line.strip()) for line in body[start:end].split("\n"))
    return count


class BodyCheck(NamedTuple):
    """The problems of a body, and its links to other cases."""

    problems: list[Problem]
    links: list[CaseLink]


def check_body(body: str, first_line: int, path: str) -> BodyCheck:
    """Check a body as the renderer reads it: images, raw HTML, link targets, length."""
    reading = read(body)
    if reading.too_costly >= 0:
        line, column = char_position(body, reading.too_costly)
        problem = MARKDOWN_TOO_COSTLY.at(
            path,
            first_line + line - 1,
            column,
            "this paragraph has too many '[', backticks or '<' for its length: rendering "
            f"it would take more than {MAX_COST:,} steps",
            field="body",
        )
        return BodyCheck([problem], [])
    found = _check(reading, body, first_line, path)
    if found.problems and not reading.rendered:
        found = _check(read(body, render=True), body, first_line, path)
    return found


def _check(reading: Reading, body: str, first_line: int, path: str) -> BodyCheck:
    problems: list[Problem] = []
    links: list[CaseLink] = []

    def at(index: int) -> tuple[int, int]:
        if index < 0:
            return first_line, 1
        line, column = char_position(body, index)
        return first_line + line - 1, column

    for image in reading.images:
        problems.append(
            IMAGE.at(
                path,
                *at(image.start),
                "images are not allowed in case bodies",
                "link to the picture's source page instead",
            )
        )
    for raw in reading.raw_html:
        snippet = raw.text[:30].split(">")[0] + ">"
        problems.append(
            RAW_HTML.at(
                path,
                *at(raw.start),
                f"raw HTML '{snippet}' in the body",
                "use Markdown instead of HTML; put code in a fenced "
                "code block (```); write &lt; for a literal '<'",
            )
        )
    for target in reading.targets:
        _check_target(target.text, path, *at(target.start), problems, links)
    text_chars = _text_chars(body, reading)
    if text_chars < MIN_TEXT:
        problems.append(
            BODY_TOO_SHORT.at(
                path,
                first_line,
                1,
                f"the body has {text_chars} characters of text; at least {MIN_TEXT} are needed",
                "describe what happened, with a timeline and the outcome",
            )
        )
    problems.sort(key=lambda p: (p.line, p.column))
    return BodyCheck(problems, links)
