"""Markdown syntax, read the way the site's renderer (Python-Markdown) reads it.

The one reader of case bodies: the body checks, the search index's plain text and the
site's link retargeting all go through `read`. Rendering every body costs about 2.5 ms,
too much for `validate` on thousands of cases, so a body is first scanned with
Python-Markdown's own pieces (its fenced-code regex, its code-span scanner, its link
parser, its reference and footnote regexes) at exact offsets. Wherever that scan could
read the body differently from a render (raw HTML, images, tabs, indented or quoted
blocks, backticks it cannot pair, link syntax it cannot explain, or anything the checks
object to), the body is rendered with the site's extensions and the render decides.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

import markdown
from markdown import util
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.inlinepatterns import (
    BACKTICK_RE,
    HTML_RE,
    LINK_RE,
    BacktickInlineProcessor,
    HtmlInlineProcessor,
    LinkInlineProcessor,
)
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import Treeprocessor

# mkdocs.yml's markdown_extensions, plus fenced_code, which MkDocs always adds.
EXTENSIONS = ("tables", "footnotes", "toc", "fenced_code")
EXTENSION_CONFIGS = {"toc": {"permalink": True}}

FENCE = FencedBlockPreprocessor.FENCED_BLOCK_RE
REFERENCE = ReferenceProcessor.RE
FOOTNOTE = FootnoteBlockProcessor.RE
_BACKTICK = re.compile(BACKTICK_RE)
# Lines the scan does not follow: indented (code or list continuation) and quoted.
_NESTED_LINE = re.compile(r"^(?: {4}| {0,3}>)", re.MULTILINE)
_NOT_NEWLINE = re.compile(r"[^\n]")
_BLANK_LINE = re.compile(r"\n[ ]*\n")
# The renderer's time grows with the count of some characters times the length of text
# they sit in: its link and code-span parsers scan on from every '[' and backtick to the
# end of the paragraph (5,000 '[' in 5,000 characters took 18 s), and raw HTML costs
# about 1/100 of that per '<' times the length of the body (10,000 '<' lines in 45 KB
# took 1.2 s). A body may cost MAX_COST of these units (about a second at worst); the
# most costly real case costs under 2,000.
MAX_COST = 1_000_000
_GENERATED_CLASSES = {"footnote-ref", "footnote-backref", "headerlink"}


@dataclass(frozen=True)
class Target:
    """A link target: as the renderer reads it, and where it is written in the body
    (start -1 when the renderer found it but the text could not be placed)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Found:
    """Raw HTML or an image: its source text (or the start of it) and its offset
    (-1 when the renderer found it but the text could not be placed)."""

    text: str
    start: int


@dataclass(frozen=True)
class Markup:
    """Link or fence syntax at [start, end) that reads as `text` in plain text."""

    start: int
    end: int
    text: str


@dataclass
class Reading:
    """What the renderer makes of a body: link targets, images, raw HTML and code."""

    targets: list[Target] = field(default_factory=list)
    images: list[Found] = field(default_factory=list)
    raw_html: list[Found] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)  # fenced blocks, code spans
    fenced: list[tuple[int, int]] = field(default_factory=list)  # fenced blocks' contents
    markup: list[Markup] = field(default_factory=list)  # links, definitions, fence lines
    certain: bool = True  # False when the scan alone may misread the body
    rendered: bool = False
    too_costly: int = -1  # offset of a paragraph too costly to read (see MAX_COST), or -1


def renderer() -> markdown.Markdown:
    """A Markdown converter configured as the site's."""
    configs = {name: dict(config) for name, config in EXTENSION_CONFIGS.items()}
    return markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=configs)


class _SourceLinks(LinkInlineProcessor):
    """Python-Markdown's link parser, run on the source (which holds no placeholders)."""

    def unescape(self, text: str) -> str:
        return text


@cache
def _link_parser() -> LinkInlineProcessor:
    return _SourceLinks(LINK_RE)


@cache
def _code_spans() -> BacktickInlineProcessor:
    return BacktickInlineProcessor(BACKTICK_RE)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with each span replaced by spaces (newlines kept), so offsets hold."""
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        pieces += [text[last:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _fences(body: str, reading: Reading) -> None:
    """Fenced code blocks, found as the fenced_code preprocessor finds them."""
    index = 0
    while m := FENCE.search(body, index):
        reading.code.append((m.start(), m.end()))
        reading.fenced.append(m.span("code"))
        reading.markup.append(Markup(m.start(), body.index("\n", m.start()), ""))
        reading.markup.append(Markup(m.end("code"), m.end(), ""))
        index = m.end()


def _spans(text: str, reading: Reading) -> bool:
    """Code spans on single lines, found as the backtick pattern finds them. False
    when a backtick could pair with one on another line, or is escaped."""
    if "\\`" in text:
        return False
    spans = _code_spans()
    paired = True
    tick = text.find("`")
    while tick >= 0:
        where = text.rfind("\n", 0, tick) + 1
        end_of_line = text.find("\n", tick)
        if end_of_line < 0:
            end_of_line = len(text)
        data = text[where:end_of_line]
        tick = text.find("`", end_of_line)
        pos = 0
        while m := _BACKTICK.search(data, pos):
            ticks = len(data) - m.start() - len(data[m.start() :].lstrip("`"))
            start, end = spans.find_code_spans(m.start(), data)
            if end is None or start - m.start() != ticks:
                paired = False
                pos = m.start() + ticks
            else:
                reading.code.append((where + m.start(), where + end + ticks))
                pos = end + ticks
    return paired


def _definitions(text: str, reading: Reading) -> bool:
    """Reference definitions (targets) and footnote definitions (not links). False when
    some ']:' is neither."""
    explained = {text.index("]:", m.start()) for m in FOOTNOTE.finditer(text)}
    for m in REFERENCE.finditer(text):
        if m.group(1).startswith("^"):
            continue  # the footnotes extension reads it first
        start, end = m.span(2)
        link = m.group(2)
        if link.startswith("<") and link.endswith(">"):
            start, end, link = start + 1, end - 1, link[1:-1]
        reading.targets.append(Target(_decoded(link), start, end))
        reading.markup.append(Markup(m.start(), m.end(), ""))
        explained.add(m.end(1))
    return len(explained) == text.count("]:")


def _links(body: str, text: str, reading: Reading) -> bool:
    """Inline links and images, parsed by Python-Markdown's link parser. False when
    some '](' is not the middle of one."""
    parser = _link_parser()
    explained = set()
    bracket = text.find("[")
    while bracket >= 0:
        at, bracket = bracket, text.find("[", bracket + 1)
        if _escaped(text, at):
            continue
        image = at > 0 and text[at - 1] == "!" and not _escaped(text, at - 1)
        _, index, handled = parser.getText(text, at + 1)
        if not handled or not text.startswith("(", index):
            continue
        href, _, end, handled = parser.getLink(text, index)
        if not handled or _BLANK_LINE.search(text, at, end):
            continue
        explained.add(index - 1)
        start = at - image
        reading.markup.append(Markup(start, end, body[at + 1 : index - 1]))
        if image:
            reading.images.append(Found(text[start:end], start))
            continue
        where = text.find(href, index, end) if href else index + 1
        reading.targets.append(Target(_decoded(href), where, where + len(href)))
    return len(explained) == text.count("](")


@cache
def _backslash_escape() -> re.Pattern[str]:
    chars = "".join(_recording()[0].ESCAPED_CHARS)
    return re.compile(r"\\([" + re.escape(chars) + "])")


def _decoded(href: str) -> str:
    """A target as written, as the renderer reads it: backslash escapes resolved (as its
    escape pattern does) and character references resolved (as a browser does)."""
    if "\\" in href:
        href = _backslash_escape().sub(r"\1", href)
    return html.unescape(href) if "&" in href else href


def _escaped(text: str, index: int) -> bool:
    count = 0
    while index > count and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _scan(body: str) -> Reading:
    """Read the body with Python-Markdown's own patterns, at exact offsets."""
    reading = Reading()
    if "```" in body or "~~~" in body:
        _fences(body, reading)
    text = _blank(body, reading.code) if reading.code else body
    certain = "\t" not in body and "\r" not in body
    if "`" in text:
        certain &= _spans(text, reading)
        text = _blank(body, reading.code)
    if "]:" in text:
        certain &= _definitions(text, reading)
    if "[" in text:
        certain &= _links(body, text, reading)
    if "<" in text or "![" in text:
        certain = False  # raw HTML, autolinks and images: the render decides
    elif "[" in text and ("    " in text or ">" in text) and _NESTED_LINE.search(text):
        certain = False  # definitions and code inside lists and quotes
    reading.targets.sort(key=lambda t: t.start)
    reading.code.sort()
    reading.certain = certain
    return reading


class _Record(Extension):
    """Records, during a render, the raw HTML the renderer passes through and the links
    and images it makes."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        record = self

        class Blocks(HtmlBlockPreprocessor):
            def run(self, lines: list[str]) -> list[str]:
                before = len(self.md.htmlStash.rawHtmlBlocks)
                out: list[str] = super().run(lines)
                record.raw += [str(b) for b in self.md.htmlStash.rawHtmlBlocks[before:]]
                return out

        class Inline(HtmlInlineProcessor):
            def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
                record.raw.append(m.group(1))
                result: tuple[str, int, int] = super().handleMatch(m, data)
                return result

        class Tree(Treeprocessor):
            def run(self, root: etree.Element) -> None:
                for element in root.iter():
                    if element.tag == "img":
                        record.images.append(element.get("src", ""))
                    elif element.tag == "a" and element.get("class") not in _GENERATED_CLASSES:
                        href = element.get("href")
                        if href is not None:
                            record.links.append(href.replace(util.AMP_SUBSTITUTE, "&"))

        md.preprocessors.register(Blocks(md), "html_block", 20)
        md.inlinePatterns.register(Inline(HTML_RE, md), "html", 90)
        md.treeprocessors.register(Tree(md), "sellerkb_record", 1)


@cache
def _recording() -> tuple[markdown.Markdown, _Record]:
    record = _Record()
    configs = {name: dict(config) for name, config in EXTENSION_CONFIGS.items()}
    md = markdown.Markdown(extensions=[*EXTENSIONS, record], extension_configs=configs)
    return md, record


def _render(body: str) -> _Record:
    md, record = _recording()
    record.raw, record.links, record.images = [], [], []
    md.reset()
    md.convert(body)
    return record


class _Places:
    """Offsets of texts in a body, each handed out once, in the order they are written."""

    def __init__(self, body: str, context: re.Pattern[str] | None = None) -> None:
        self.body, self.context = body, context
        self.next: dict[str, int] = {}

    def take(self, needle: str) -> int:
        """The next offset of needle (where the context matches), or -1."""
        if not needle:
            return -1
        index = self.body.find(needle, self.next.get(needle, 0))
        while index >= 0 and self.context and not self.context.match(self.body, index, index):
            index = self.body.find(needle, index + 1)
        self.next[needle] = index + 1 if index >= 0 else len(self.body)
        return index


_AFTER_OPENING = re.compile(r"(?<=[(<\s:])")


def _from_render(body: str, scan: Reading) -> Reading:
    """The render's links, images and raw HTML, placed at the scan's offsets where it
    found the same targets, else at the first unclaimed place the text is written."""
    record = _render(body)
    places = _Places(body)
    raw = []
    for text in record.raw:
        needle = text.strip().split("\n", 1)[0]
        raw.append(Found(needle, places.take(needle)))
    images = [Found(src, places.take("![")) for src in record.images]
    scanned: dict[str, list[Target]] = {}
    for target in scan.targets:
        scanned.setdefault(target.text, []).append(target)
    targets = []
    link_places = _Places(body, _AFTER_OPENING)
    for href in map(html.unescape, record.links):
        if scanned.get(href):
            targets.append(scanned[href].pop(0))
            continue
        start = link_places.take(href)
        end = start + len(href) if start >= 0 else -1
        targets.append(Target(href, start, end))
    targets.sort(key=lambda t: t.start)
    raw.sort(key=lambda f: f.start)
    return Reading(
        targets, images, raw, scan.code, scan.fenced, scan.markup, certain=True, rendered=True
    )


def costly_paragraph(body: str) -> int:
    """The offset of a paragraph that would cost the renderer more than MAX_COST (its
    start, or the body's for raw HTML), or -1."""
    brackets = body.count("[") + body.count("`")
    if body.count("<") * len(body) // 100 > MAX_COST:
        return 0
    if brackets * len(body) <= MAX_COST:
        return -1
    start = 0
    for blank in [*_BLANK_LINE.finditer(body), None]:
        end = blank.start() if blank else len(body)
        paragraph = body[start:end]
        if (paragraph.count("[") + paragraph.count("`")) * len(paragraph) > MAX_COST:
            return start
        start = blank.end() if blank else end
    return -1


def read(body: str, *, render: bool | None = None) -> Reading:
    """How the renderer reads a body. render=None renders only when the scan could
    misread it; True always renders (for a body the checks object to); False never.
    A body with a paragraph too costly to render is not read (`too_costly`)."""
    costly = costly_paragraph(body)
    if costly >= 0:
        return Reading(too_costly=costly)
    scan = _scan(body)
    if render or (render is None and not scan.certain):
        return _from_render(body, scan)
    return scan


def retarget_links(body: str, target: Callable[[str], str | None]) -> str:
    """The body with each link target t replaced by target(t), where that is not None:
    inline links and reference definitions, as the renderer reads them."""
    if "[" not in body:
        return body
    out = body
    for link in sorted(read(body).targets, key=lambda t: t.start, reverse=True):
        if link.start < 0:
            continue
        new = target(link.text)
        if new is not None:
            out = out[: link.start] + new + out[link.end :]
    return out


def prose(body: str) -> str:
    """The body without Markdown's link syntax: links and images become their text,
    reference definitions and fence lines go; code keeps its text."""
    out = body
    last = len(body) + 1
    for markup in sorted(read(body, render=False).markup, key=lambda m: m.start, reverse=True):
        if markup.end > last:
            continue  # inside markup already replaced (a link in a link's text)
        out = out[: markup.start] + markup.text + out[markup.end :]
        last = markup.start
    return out
