"""The sanitizer keeps only what Python-Markdown makes: its ids and classes, safe links,
and rel on every link to another host, whatever the validator said."""

from __future__ import annotations

import html
import re

import pytest

from sellerkb.markdown_syntax import renderer
from sellerkb.site.html import EXTERNAL_REL, sanitize


def page(markdown: str) -> str:
    """A body as a case page shows it: rendered with the site's extensions, sanitized."""
    return sanitize(renderer().convert(markdown))


def attributes(html: str, name: str) -> list[str]:
    return re.findall(rf' {name}="([^"]*)"', html)


HOSTILE = {
    "raw button": '<a class="md-button" id="__drawer" href="https://example.org">Log in</a>',
    "inside a paragraph": 'Text <span class="md-button" style="color:red" id="__search">x</span>',
    "escaped backtick": 'Text \\`<a class="md-button md-button--primary" id="__drawer">x</a>`',
    "fence indented": ' ```\n<a class="md-button" id="__drawer">x</a>\n ````\n',
    "block html": '<div class="md-sidebar" id="__toc" style="display:none">\n\nx\n\n</div>',
    "fence attributes": "```{ #__drawer .md-button }\ncode\n```\n",
    "fence language class": "```md-button\ncode\n```\n",
    "table alignment": "| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
    "fake footnote id": '<p id="__drawer" class="footnote">x</p>',
    "heading id like Material's": "## __drawer\n\n## \\_\\_search\n",
    "raw heading": '<h2 id="__toc" class="md-nav">x</h2>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_no_class_id_or_style_from_a_body(name: str) -> None:
    html = page(HOSTILE[name])
    assert "style=" not in html
    assert not [c for c in attributes(html, "class") if c.startswith(("md-", "language-"))]
    assert not [i for i in attributes(html, "id") if i.startswith("__")], html


def test_ids_and_classes_python_markdown_makes_are_kept() -> None:
    html = page(
        "## What happened\n\n## What happened\n\n## 事件经过\n\n"
        "Text[^1] and again[^1] and[^b].\n\n[^1]: Reported by A.\n[^b]: B.\n"
    )
    assert attributes(html, "id") == [
        "what-happened",
        "what-happened_1",
        "_1",
        "fnref:1",
        "fnref2:1",
        "fnref:b",
        "fn:1",
        "fn:b",
    ]
    assert set(attributes(html, "class")) == {
        "headerlink",
        "footnote-ref",
        "footnote",
        "footnote-backref",
    }


PROTOCOL_RELATIVE = [
    "//evil.example/x",
    " //evil.example/x",
    "\\\\evil.example/x",
    "/\\evil.example/x",
    "/&#9;/evil.example/x",
    "/&#10;/evil.example/x",
    "&#0;//evil.example/x",
    "%20//evil.example/x",
]


def as_browser_reads(href: str) -> str:
    """A URL as the WHATWG parser reads it: tabs and newlines dropped, C0 controls and
    spaces stripped from the ends, backslashes as slashes."""
    href = html.unescape(href)
    return re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21)))).replace("\\", "/")


@pytest.mark.parametrize("href", PROTOCOL_RELATIVE)
def test_protocol_relative_links_are_external(href: str) -> None:
    out = sanitize(f'<p><a href="{href}">x</a> <a title="t" href="{href}">y</a></p>')
    tags = re.findall(r"<a [^>]*>", out)
    assert len(tags) == 2
    for tag in tags:
        target = as_browser_reads(attributes(tag, "href")[0])
        assert not target.startswith("//"), out
        assert target.startswith("https:") == (f'rel="{EXTERNAL_REL}"' in tag), out


def test_protocol_relative_links_from_markdown_are_external() -> None:
    html = page("A [link][x] and [two](//evil.example/y).\n\n[x]:\n//evil.example/x\n")
    assert html.count(f'rel="{EXTERNAL_REL}"') == 2
    assert 'href="//' not in html


def test_rel_does_not_depend_on_attribute_order() -> None:
    html = sanitize('<a title="a > b" href="https://example.org">x</a><a href="#fn:1">y</a>')
    assert html == (
        f'<a rel="{EXTERNAL_REL}" title="a &gt; b" href="https://example.org">x</a>'
        '<a href="#fn:1">y</a>'
    )


def test_unsafe_schemes_are_still_dropped() -> None:
    for href in (
        "javascript:alert(1)",
        "java&#9;script:alert(1)",
        "data:text/html,x",
        "vbscript:x",
    ):
        assert sanitize(f'<a href="{href}">x</a>') == "<a>x</a>"
