"""Page functions without MkDocs: escaping, sanitizing, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown

from sellerkb.model import BanFields, Case, Corpus, Kind, Source, Vocabulary
from sellerkb.site import pages
from sellerkb.site.catalog import Catalog, relative
from sellerkb.site.html import sanitize

HOSTILE = "<script>alert(1337)</script><img src=x onerror=alert(1337)>"


class Executable(HTMLParser):
    """Collects what a browser would run: scripts, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "img", "svg", "style", "form"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag}[{name}]={value}")


def executable(html: str) -> list[str]:
    parser = Executable()
    parser.feed(html)
    return parser.found


def hostile_case() -> tuple[Case, Catalog]:
    """A case forced past the validator: every string is hostile."""
    meta = BanFields.model_construct(
        title=HOSTILE,
        summary=HOSTILE,
        date="2021-05",
        end_date=None,
        status="unknown",
        platforms=[HOSTILE],
        marketplaces=["US"],
        seller_countries=[],
        topics=[HOSTILE],
        violations=[HOSTILE],
        affected=None,
        money=[],
        related=[],
        sources=[
            Source.model_construct(
                title=HOSTILE,
                url="javascript:alert(1337)",
                publisher=HOSTILE,
                date=None,
                language=None,
                archive_url="javascript:alert(1337)",
            )
        ],
    )
    body = (
        f"## Body\n\n{HOSTILE}\n\n[click](javascript:alert(1337)) "
        "[data](data:text/html,<script>alert(1337)</script>)\n\n"
        '<a href="https://example.org" onclick="alert(1337)">x</a>\n'
    )
    case = Case("hostile-case", Kind.BANS, "cases/bans/hostile-case.md", meta, body, 1)
    vocabulary = Vocabulary(platforms=[], authorities=[], topics=[], violations=[])
    return case, Catalog.build(Corpus(vocabulary, {case.id: case}))


def test_a_hostile_case_renders_as_inert_text() -> None:
    case, site = hostile_case()
    body_html = markdown.markdown(
        pages.case_markdown(case, site).split("---\n", 2)[2],
        extensions=["tables", "footnotes", "toc"],
    )
    assert executable(body_html)  # the raw Markdown output would run scripts...
    page = (
        pages.case_card(case, site)
        + sanitize(body_html)
        + pages.case_footer(case, site, "https://example.org/edit", "https://example.org/i")
    )
    assert executable(page) == []  # ...the page does not
    assert "&lt;script&gt;alert(1337)&lt;/script&gt;" in page


def test_front_matter_escapes_titles_for_themes() -> None:
    case, _ = hostile_case()
    meta = pages.front_matter(case.title, case.meta.summary, search=False)
    assert "<script>" not in meta
    assert '"&lt;script&gt;alert(1337)&lt;/script&gt;' in meta


def test_sanitize_keeps_safe_links_and_marks_external_ones() -> None:
    html = sanitize(
        '<p><a href="https://example.org/x">a</a> <a href="../other/">b</a> '
        '<a href="mailto:x@example.org">c</a> <a href="ftp://x">d</a></p>'
    )
    assert html == (
        '<p><a rel="nofollow ugc noopener" href="https://example.org/x">a</a> '
        '<a href="../other/">b</a> '
        '<a rel="nofollow ugc noopener" href="mailto:x@example.org">c</a> '
        "<a>d</a></p>"
    )


def test_links_to_cases_point_at_their_pages(root) -> None:
    from sellerkb.load import load_corpus

    corpus = load_corpus(root).corpus
    site = Catalog.build(corpus)
    markdown_text = pages.case_markdown(corpus.cases["example-ban-2021"], site)
    assert "[the lawsuit](example-lawsuit-2021.md)" in markdown_text
    assert "(https://example.org/report)" in markdown_text


def test_backlinks_go_both_ways(root) -> None:
    from sellerkb.load import load_corpus

    site = Catalog.build(load_corpus(root).corpus)
    policy = site.corpus.cases["example-policy-2019"]
    assert [(c.id, back) for c, back in site.related(policy)] == [("example-lawsuit-2021", True)]


def test_relative_urls() -> None:
    assert relative("cases/x/", "browse/kind/bans/") == "../../browse/kind/bans/"
    assert relative("", "cases/x/") == "cases/x/"
    assert relative("explore/", "") == "../"
    assert relative("cases/x.html", "stats.html") == "../stats.html"


def test_search_entries_carry_the_names_and_aliases_the_command_finds() -> None:
    from sellerkb.load import load_corpus
    from sellerkb.site.catalog import Catalog
    from sellerkb.site.search import ZWSP, entries

    from ..conftest import REPO

    def words(text: str) -> str:  # Chinese words as the search worker reads them, unsplit
        return re.sub(r"(?<=[\u4e00-\u9fff])[ \u200b](?=[\u4e00-\u9fff])", "", text)

    corpus = load_corpus(REPO).corpus
    by_location = {
        e["location"]: words(e["text"] + " " + e["facts"]) for e in entries(Catalog.build(corpus))
    }
    assert all(ZWSP not in e["facts"] for e in entries(Catalog.build(corpus, language="zh")))
    text = next(t for loc, t in by_location.items() if "shileziyou-v-amazon-2021" in loc)
    # fund-freeze's aliases in both languages, the platform's Chinese name, and the
    # lawsuit's authority-free facts
    for word in ("Frozen funds", "payout hold", "withheld", "资金冻结", "冻结", "亚马逊", "仲裁"):
        assert word in text, word
    policy = next(t for loc, t in by_location.items() if "us-inform-consumers-act-2022" in loc)
    assert "inform consumers act" in policy and "卖家身份验证" in policy
    assert "US Congress" in policy and "美国国会" in policy  # its issuer


def test_the_words_of_a_body_are_each_once_without_markup_or_single_characters() -> None:
    from sellerkb.site.search import body_words

    words = body_words(
        "## What happened\n\nThe [court](https://example.org/ruling) in *San Jose* stayed "
        "the case. The Court's order: `stay`.\n\n亚马逊冻结了卖家的资金，Amazon称卖家违规。"
    )
    assert words.split()[:3] == ["亚马逊", "冻结", "卖家"]
    assert words.split()[-12:] == [
        *"What happened The court in San Jose stayed case order stay Amazon".split()
    ]  # link text, not its URL; "the", "Court" again; "s" too short
    assert body_words("A b c.") == ""


def test_a_chinese_entry_carries_the_words_of_its_body_not_its_single_characters() -> None:
    from sellerkb.site.search import han_words

    words = han_words("亚马逊冻结了卖家的资金。卖家提起仲裁，资金被冻结。")
    assert {"亚马逊", "冻结", "卖家", "资金", "仲裁"} <= set(words)
    assert all(len(word) > 1 for word in words)  # 的, 了, 被 and the like are left out
    assert len(words) == len(set(words))  # each once
    assert han_words("Amazon froze the funds.") == []
