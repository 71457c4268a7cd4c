"""The validator reads Markdown as the renderer does: each variant goes through the body
checks and through a real render (Python-Markdown with the site's extensions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sellerkb.checks.body import check_body
from sellerkb.markdown_syntax import (
    EXTENSION_CONFIGS,
    EXTENSIONS,
    costly_paragraph,
    read,
    renderer,
    retarget_links,
)
from sellerkb.search.text import plain

LEAD = "## What happened\n\nA body long enough to pass the length rule, with some text.\n\n"
RAW = '<span data-x="pwn">'  # raw HTML that survives a render verbatim
EVIL = "//evil.example/x"


def codes(body: str) -> set[str]:
    return {p.code for p in check_body(LEAD + body, 1, "cases/bans/x.md").problems}


def render(body: str) -> str:
    md = renderer()
    return md.convert(LEAD + body)


def bad_hrefs(html: str) -> list[str]:
    """Link targets in rendered HTML that the case format does not allow."""
    hrefs = re.findall(r'<a [^>]*?href="([^"]*)"', html)
    return [
        h
        for h in hrefs
        if not h.startswith(("https://", "http://", "mailto:", "#", "&#109;&#97;"))
        and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(#.*)?", h)
    ]


RAW_VARIANTS = {
    # fences indented 1-3 spaces, which Python-Markdown does not take as fences
    **{f"fence indented {n}": f"{' ' * n}```\n{RAW}\n```\n" for n in (1, 2, 3)},
    **{f"tildes indented {n}": f"{' ' * n}~~~\n{RAW}\n~~~\n" for n in (1, 2, 3)},
    "fence closed indented": f"```\n{RAW}\n ```\n\nafter\n",
    "fence closed by more ticks at an indent": f" ```\n{RAW}\n ````\n",
    "tab before fence": f"\t```\n\n{RAW}\n\n```\n",
    "unclosed fence": f"```\n{RAW}\n",
    "fence closed by the other kind": f"```\n{RAW}\n~~~\n",
    "fence closed by a longer one": f"```\n{RAW}\n`````\n",
    "fence closed by a shorter one": f"````\n{RAW}\n```\n",
    "fence in a list item": f"- item\n\n    ```\n    {RAW}\n    ```\n",
    "tildes in a nested list": f"- a\n    - b\n\n        ~~~\n        {RAW}\n        ~~~\n",
    "fence in a quote": f"> ```\n> {RAW}\n> ```\n",
    "escaped backtick": f"Text \\`{RAW}x</span>`\n",
    "escaped backtick at line start": f"\\`{RAW}` and `more`\n",
    "unpaired ticks": f"``{RAW}`\n",
    "code span cut by a heading": f"`start\n# heading {RAW}\nend`\n",
    "code span cut by a blank line": f"`start\n\n{RAW} end`\n",
    "backslash before tag": f"\\{RAW}\n",
    "html comment": "<!-- hidden -->\n",
    "block html": f"<div>\n{RAW}\n</div>\n",
    "html in a footnote": f"Text[^1].\n\n[^1]: See {RAW}.\n",
    "html in a table": f"| a | b |\n|---|---|\n| {RAW} | 2 |\n",
    "html in a heading": f"### Title {RAW}\n",
    "html after a definition": f"[x]: https://example.org\n{RAW}\n",
    "javascript pseudo-autolink": "<javascript:alert(1)>\n",
}


@pytest.mark.parametrize("name", sorted(RAW_VARIANTS))
def test_raw_html_the_renderer_passes_through_is_reported(name: str) -> None:
    body = RAW_VARIANTS[name]
    html = render(body)
    survives = RAW in html or "<!--" in html or "<javascript:" in html
    assert survives == ("SKB402" in codes(body)), (html, codes(body))


SAFE_VARIANTS = {
    "fence": f"```\n{RAW}\n```\n",
    "fence with a language": f"```html\n{RAW}\n```\n",
    "tildes": f"~~~~\n{RAW}\n~~~~\n",
    "fence in a list, at column 0": f"- item\n\n```\n{RAW}\n```\n",
    "code span": f"Write `{RAW}` like this.\n",
    "double code span": f"Write ``a ` {RAW}`` like this.\n",
    "code span over two lines": f"Write `a\n{RAW}` like this.\n",
    "escaped backslash then code": f"Write \\\\`{RAW}` here.\n",
    "less-than in a code span": "Compare `a < b` and `<b>`.\n",
    "entities": "Entities &lt;span&gt; and &#60;b&#62; and &amp;.\n",
    "indented code": f"Text.\n\n    {RAW}\n",
    "autolink": "See <https://example.org/x> for more.\n",
    "less-than in prose": "Fewer than 3 < 5 sellers.\n",
}


@pytest.mark.parametrize("name", sorted(SAFE_VARIANTS))
def test_code_and_entities_are_not_raw_html(name: str) -> None:
    body = SAFE_VARIANTS[name]
    assert RAW not in render(body)
    assert "SKB402" not in codes(body)


LINK_VARIANTS = {
    "definition, url on the next line": f"A [link][x].\n\n[x]:\n{EVIL}\n",
    "definition, url on the next line, indented": f"A [link][x].\n\n[x]:\n    {EVIL}\n",
    "definition with a title on the next line": f'A [link][x].\n\n[x]: {EVIL}\n    "Title"\n',
    "definition in angle brackets": f"A [link][x].\n\n[x]: <{EVIL}> 'Title'\n",
    "definition with a title in parentheses": f"A [link][x].\n\n[x]: {EVIL} (Title)\n",
    "definition in a list": f"- A [link][x].\n- [x]: {EVIL}\n",
    "definition in a quote": f"> A [link][x].\n>\n> [x]: {EVIL}\n",
    "definition indented 3": f"A [link][x].\n\n   [x]: {EVIL}\n",
    "short reference": f"A [x].\n\n[x]: {EVIL}\n",
    "inline": f"A [link]({EVIL}).\n",
    "inline in angle brackets": f"A [link]( <{EVIL}> ).\n",
    "inline with a title": f'A [link]({EVIL} "t").\n',
    "inline with nested brackets": f"A [link [with] brackets]({EVIL}).\n",
    "inline after escaped bracket": f"A \\[no] [link]({EVIL}).\n",
    "backslash host": "A [link](/\\evil.example).\n",
    "entity scheme": "A [link](&#106;avascript:alert(1)).\n",
    "link in a footnote": f"Text[^1].\n\n[^1]: Reported by [them]({EVIL}).\n",
    "link in a nested list": f"- a\n    - b [link]({EVIL})\n",
    "link in a table": f"| a |\n|---|\n| [link]({EVIL}) |\n",
    "tab-indented definition": f"A [link][x].\n\n\t[x]: {EVIL}\n",
}


@pytest.mark.parametrize("name", sorted(LINK_VARIANTS))
def test_links_the_renderer_makes_are_checked(name: str) -> None:
    body = LINK_VARIANTS[name]
    html = render(body)
    assert bad_hrefs(html) != [] or name == "tab-indented definition", html
    if bad_hrefs(html):
        assert "SKB403" in codes(body), html


def test_links_in_code_are_not_links() -> None:
    for body in (
        f"```\n[x]({EVIL})\n```\n",
        f"Write `[x]({EVIL})`.\n",
        f"```\n[x]: {EVIL}\n```\n",
        f"Text.\n\n    [x]({EVIL})\n",
    ):
        assert bad_hrefs(render(body)) == []
        assert "SKB403" not in codes(body), body


def test_the_issue_examples_are_reported_at_their_lines() -> None:
    body = (
        "Intro line.\n\n"  # body line 1
        ' ```\n<a class="md-button" id="__drawer">Log in</a>\n ````\n\n'  # lines 3-5
        'Text \\`<a class="md-button" href="https://example.org">x</a>`\n\n'  # line 7
        "A [link][x].\n\n[x]:\n//evil.example/x\n"  # lines 9-12
        + "Enough words to pass the length rule here. "
        * 2
    )
    found = [(p.code, p.line) for p in check_body(body, 10, "x.md").problems]
    assert ("SKB402", 13) in found
    assert ("SKB402", 16) in found
    assert ("SKB403", 21) in found


def test_footnotes_are_not_reference_links() -> None:
    body = (
        "Text[^1] and more[^note].\n\n[^1]: Reported by Reuters.\n[^note]: Also seen-elsewhere.\n"
    )
    assert codes(body) == set()
    reading = read(LEAD + body)
    assert reading.targets == []
    assert "fn:1" in render(body)


def test_footnote_labels_that_look_like_case_ids_are_not_case_links() -> None:
    found = check_body(LEAD + "See[^other-case].\n\n[^other-case]: no-such-case\n", 1, "x")
    assert found.problems == []
    assert found.links == []


def test_positions_of_links_and_images() -> None:
    body = "Line one [a](https://example.org).\n\n![pic](https://example.org/p.png)\n"
    problems = check_body(body + "Enough text for the length rule here.", 5, "x.md").problems
    assert [(p.code, p.line, p.column) for p in problems] == [("SKB404", 7, 1)]
    links = check_body(LEAD + "Go to [b](other-case#part).\n", 1, "x").links
    assert [(link.target, link.line, link.column) for link in links] == [("other-case", 5, 11)]


def test_text_that_only_looks_like_an_image_is_not_one() -> None:
    assert "SKB404" not in codes("Wow![sic] and more.\n")
    assert "SKB404" in codes("![alt][p]\n\n[p]: https://example.org/p.png\n")


def test_retarget_links_follows_the_renderer() -> None:
    body = (
        "See [a](other-case) and [b](other-case#x) and `[c](other-case)`.\n\n"
        "```\n[d](other-case)\n```\n\n"
        "Also [e][r] and other-case in prose.[^1]\n\n"
        "[r]:\n    other-case\n"
        "[^1]: other-case\n"
    )
    out = retarget_links(body, lambda t: t.replace("other-case", "other-case.md"))
    assert out == (
        "See [a](other-case.md) and [b](other-case.md#x) and `[c](other-case)`.\n\n"
        "```\n[d](other-case)\n```\n\n"
        "Also [e][r] and other-case in prose.[^1]\n\n"
        "[r]:\n    other-case.md\n"
        "[^1]: other-case\n"
    )
    html = render(out)
    assert 'href="other-case.md"' in html and 'href="other-case.md#x"' in html


def test_retarget_links_in_a_body_that_is_rendered() -> None:
    body = "- item [a](other-case)\n    - nested [b](other-case)\n\n<b>x</b> [c](other-case)\n"
    out = retarget_links(body, lambda t: t + ".md")
    assert out.count("other-case.md") == 3


def test_plain_text_reads_links_as_their_text() -> None:
    body = (
        "## Title\n\nSee [the ruling](https://example.org/r) and **bold**.\n\n"
        "```\ncode line\n```\n\n[r]: https://example.org\n- item\n"
    )
    assert plain(body) == "Title\n\nSee the ruling and bold.\n\ncode line\n\nitem"


def test_the_extensions_are_the_sites() -> None:
    config = yaml.safe_load((Path(__file__).parent.parent / "mkdocs.yml").read_text())
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    configs = {
        k: v for e in config["markdown_extensions"] if isinstance(e, dict) for k, v in e.items()
    }
    # MkDocs adds toc, tables and fenced_code to every site.
    assert set(EXTENSIONS) == {*names, "toc", "tables", "fenced_code"}
    assert configs == EXTENSION_CONFIGS


def test_a_case_with_footnotes_is_valid(check) -> None:
    from .test_rules import VALID

    body = (
        "\nMore detail[^1], and a second source[^other-case].\n\n"
        "[^1]: Reported by Reuters on 3 May.\n"
        "[^other-case]: See [the filing](https://example.org/filing).\n"
    )
    assert check(VALID + body) == []
    bad = "\nMore[^1].\n\n[^1]: Reported by [them](javascript:alert(1)).\n"
    assert [p.code for p in check(VALID + bad)] == ["SKB403"]


COSTLY = {
    "brackets": "[" * 20000,
    "unclosed links": "[a](" * 20000,
    "backticks": "`a " * 20000,
    "reference pairs": "[a] " * 20000,
    "raw html lines": "<b>x</b>\n" * 20000,
    "inline raw html": "<b>" * 40000,
}


@pytest.mark.parametrize("name", sorted(COSTLY))
def test_bodies_too_costly_to_render_are_refused_at_their_paragraph(name: str) -> None:
    body = LEAD + COSTLY[name]
    problems = check_body(body, 10, "x.md").problems  # refused before any render
    line = 10 if "raw html" in name else 14
    assert [(p.code, p.line) for p in problems] == [("SKB407", line)]
    assert retarget_links(body, lambda t: "x") == body


def test_real_paragraphs_are_far_below_the_cost_bound() -> None:
    bodies = [
        path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for path in (Path(__file__).parent.parent / "cases").rglob("*.md")
    ]
    assert bodies and all(costly_paragraph(body * 20) == -1 for body in bodies)
