"""Pages for permanent ids and citations, rendered without MkDocs: redirect pages at old
URLs, the withdrawn notice, "cite this case" and the subscribe link."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from sellerkb.citation import Citation, cite
from sellerkb.feeds import FeedInfo
from sellerkb.load import load_corpus
from sellerkb.site.redirects import Moved, redirect_html, redirect_pages, redirects
from sellerkb.site.render import render

SITE = "https://kb.example/docs/"


class Tags(HTMLParser):
    """The start tags of a page with their attributes, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def test_redirects_lists_aliases_and_merged_cases(lifecycle_root: Path) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    assert redirects(corpus) == [
        Moved("copy-of-example-ban-2021", "example-ban-2021"),
        Moved("old-example-ban", "example-ban-2021"),
    ]


def test_a_redirect_page_at_every_old_url_in_every_language(lifecycle_root: Path) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    pages = dict(redirect_pages(corpus, SITE))
    assert sorted(pages) == [
        "cases/copy-of-example-ban-2021/index.html",
        "cases/old-example-ban/index.html",
        "zh/cases/copy-of-example-ban-2021/index.html",
        "zh/cases/old-example-ban/index.html",
    ]
    for path, html in pages.items():
        old_url = SITE + path.removesuffix("index.html")
        new_url = SITE + ("zh/" if path.startswith("zh/") else "") + "cases/example-ban-2021/"
        page = tags(html)
        refresh = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "refresh")
        delay, _, target = (refresh["content"] or "").partition("; url=")
        assert delay == "0" and urljoin(old_url, target) == new_url
        canonical = next(a for t, a in page.tags if t == "link" and a.get("rel") == "canonical")
        assert canonical["href"] == new_url
        link = next(a for t, a in page.tags if t == "a")
        assert urljoin(old_url, link["href"] or "") == new_url
        assert html.startswith("<!doctype html>\n<html lang=")
        assert "Example &amp; &#34;Co&#34; {marketplace}" in html  # the title, escaped


def test_redirect_html_escapes_what_it_is_given() -> None:
    html = redirect_html('../x/" onload="alert(1)', "https://e.example/<x>", "<b>T</b>", "zh")
    page = tags(html)
    refresh = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "refresh")
    assert refresh["content"] == '0; url=../x/" onload="alert(1)'  # one attribute value
    assert all("onload" not in attrs for _, attrs in page.tags)
    assert "<b>" not in html and '<html lang="zh">' in html


def test_citation_template_shows_three_forms_escaped(lifecycle_root: Path) -> None:
    case = load_corpus(lifecycle_root).corpus.cases["example-ban-2021"]
    citation = cite(case, SITE + "cases/example-ban-2021/", "sellerkb")
    html = str(render("citation", citation=citation))
    page = tags(html)
    assert page.text.count("@misc{sellerkb:example-ban-2021") == 1
    assert '"type": "webpage"' in page.text and citation.text in page.text
    hostile = Citation("<script>alert(1)</script>", "@misc{k,}</code>", "[]")
    rendered = str(render("citation", citation=hostile))
    assert "<script>" not in rendered and "&lt;/code&gt;" in rendered


def test_withdrawn_notice_and_subscribe_link(lifecycle_root: Path) -> None:
    case = load_corpus(lifecycle_root).corpus.cases["example-policy-2019"]
    notice = tags(str(render("withdrawn_notice", withdrawn=case.meta.withdrawn)))
    assert "Withdrawn on 2024-05-06" in notice.text
    assert "never adopted" in notice.text
    feed = FeedInfo("feeds/en/platform/temu.xml", 'kb: "Temu"', "platform", "temu", "en")
    link = tags(str(render("subscribe", feed=feed, href="../../../feeds/en/platform/temu.xml")))
    anchor = next(a for t, a in link.tags if t == "a")
    assert anchor["type"] == "application/atom+xml" and anchor["title"] == 'kb: "Temu"'
    assert "Subscribe" in link.text
