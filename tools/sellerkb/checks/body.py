"""The Markdown body: length, raw HTML, links and images, with their lines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..casefile import char_position
from ..kinds import valid_id
from ..problems import BODY_TOO_SHORT, IMAGE, LINK_NOT_ALLOWED, RAW_HTML, Problem

MIN_TEXT = 40
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|/|!|\?)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_IMAGE = re.compile(r"!\[")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_SCHEMES = ("http", "https", "mailto")
_MARKUP = re.compile(r"[\s#*_>`~\[\]()|-]+")


@dataclass(frozen=True)
class CaseLink:
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


def retarget_links(body: str, target: Callable[[str], str | None]) -> str:
    """The body with each link target t replaced by target(t), where that is not None.
    Inline links and reference definitions, as the checks above read them."""

    def swap(match: re.Match[str]) -> str:
        new = target(match.group(1))
        if new is None:
            return match.group(0)
        start, end = match.start(1) - match.start(), match.end(1) - match.start()
        return match.group(0)[:start] + new + match.group(0)[end:]

    if "](" in body:
        body = _INLINE_LINK.sub(swap, body)
    if "]:" in body:
        body = _REF_DEF.sub(swap, body)
    return body


def _without_code(body: str) -> tuple[str, int]:
    """The body with fenced code blocks and code spans blanked (lines and columns kept),
    and how many characters of code there were."""
    code_chars = 0
    if "```" in body or "~~~" in body:
        lines = body.split("\n")
        fence: str | None = None
        for n, line in enumerate(lines):
            opening = _FENCE.match(line)
            if fence is not None:
                closing = (
                    opening
                    and opening.group(1)[0] == fence[0]
                    and len(opening.group(1)) >= len(fence)
                    and not line.strip().strip(fence[0])
                )
                if closing:
                    fence = None
                else:
                    code_chars += len(line.strip())
                lines[n] = ""
            elif opening:
                fence = opening.group(1)
                lines[n] = ""
        body = "\n".join(lines)
    if "`" in body:
        body = _CODE_SPAN.sub(lambda m: " " * len(m.group()), body)
    return body, code_chars


def check_body(body: str, first_line: int, path: str) -> tuple[list[Problem], list[CaseLink]]:
    problems: list[Problem] = []
    links: list[CaseLink] = []
    text, code_chars = _without_code(body)

    def at(index: int) -> tuple[int, int]:
        line, column = char_position(text, index)
        return first_line + line - 1, column

    if "![" in text:
        for match in _IMAGE.finditer(text):
            problems.append(
                IMAGE.at(
                    path,
                    *at(match.start()),
                    "images are not allowed in case bodies",
                    "link to the picture's source page instead",
                )
            )
    if "<" in text:
        for match in _TAG.finditer(text):
            auto = _AUTOLINK.match(text, match.start())
            if auto:
                _check_target(auto.group(1), path, *at(match.start()), problems, links)
                continue
            snippet = text[match.start() : match.start() + 30].split(">")[0].split("\n")[0] + ">"
            problems.append(
                RAW_HTML.at(
                    path,
                    *at(match.start()),
                    f"raw HTML '{snippet}' in the body",
                    "use Markdown instead of HTML; put code in a fenced "
                    "code block (```); write &lt; for a literal '<'",
                )
            )
    targets = list(_INLINE_LINK.finditer(text)) if "](" in text else []
    if "]:" in text:
        targets += _REF_DEF.finditer(text)
    for match in targets:
        _check_target(match.group(1), path, *at(match.start(1)), problems, links)
    text_chars = len(_MARKUP.sub("", text)) + code_chars
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
    return problems, links
