"""Whole `mkdocs build` runs: the plugin, the pages, the exports, and a safety scan."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from ..conftest import FIXTURES, build_site, make_repo
from .test_pages import executable


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("tricky") / "repo")
    shutil.copy(FIXTURES / "tricky-valid.md", repo / "cases" / "bans" / "tricky-valid-2021.md")
    return build_site(repo)


def test_every_page_and_export_is_built(tricky_site: Path) -> None:
    for rel in [
        "index.html",
        "cases/example-ban-2021/index.html",
        "browse/index.html",
        "browse/platform/amazon/index.html",
        "browse/country/no/index.html",
        "browse/year/2021/index.html",
        "browse/kind/lawsuits/index.html",
        "browse/status/decided/index.html",
        "browse/violation/unspecified/index.html",
        "browse/topic/reviews/index.html",
        "timeline/index.html",
        "explore/index.html",
        "stats/index.html",
        "data/index.html",
        "data/cases.json",
        "data/cases.csv",
        "data/case.schema.json",
        "data/cases/example-ban-2021.json",
        "feed.xml",
        "reference/case-format/index.html",
        "reference/problems/index.html",
        "assets/sellerkb/sellerkb.js",
        "assets/sellerkb/explorer-data.js",
    ]:
        assert (tricky_site / rel).is_file(), rel


def test_case_page_card_sources_and_backlinks(tricky_site: Path) -> None:
    page = (tricky_site / "cases/example-policy-2019/index.html").read_text()
    assert '<span class="skb-badge skb-badge--policies">Policy</span>' in page
    assert "<dt>Issuer</dt><dd>European Union</dd>" in page
    assert "<dt>Effective</dt><dd>2020-07-12</dd>" in page
    assert "A seed article without URL <em>(no link)</em>" in page
    assert (
        'href="../../cases/example-lawsuit-2021/">Example Co. v. Example Marketplace: '
        "withheld balances</a>"
    ) in page
    assert "(links here)" in page
    assert (
        "https://github.com/sellerkb/sellerkb/edit/main/cases/policies/example-policy-2019.md"
        in page
    )
    ban = (tricky_site / "cases/example-ban-2021/index.html").read_text()
    assert "<dt>Marketplaces</dt>" in ban and ">Norway</a>" in ban
    assert "about CNY 41,430,000 frozen" in ban
    assert 'href="../example-lawsuit-2021/">the lawsuit</a>' in ban


def test_nothing_from_case_content_can_run(tricky_site: Path) -> None:
    for path in tricky_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for found in executable(html):
            # Only the theme's own scripts and images may appear.
            assert not re.search(r"1337|javascript:", found), (path, found)
        assert "alert(1337)</script>" not in html.replace("&lt;/script&gt;", ""), path
    for path in tricky_site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # data, never markup
    index = json.loads((tricky_site / "search/search_index.json").read_text())
    for doc in index["docs"]:
        assert executable(doc["title"] + doc["text"] + doc.get("facts", "")) == [], doc["location"]
    for location, words in json.loads((tricky_site / "search/bodies.json").read_text()).items():
        assert executable(words) == [] and "<" not in words, location
    data = (tricky_site / "assets/sellerkb/explorer-data.js").read_text()
    assert "</script" not in data.lower()
    assert data.startswith("window.SKB_EXPLORER = ")
    json.loads(data.removeprefix("window.SKB_EXPLORER = ").rstrip().rstrip(";"))


def test_no_page_loads_anything_from_another_host(tricky_site: Path) -> None:
    external = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', re.I)
    for path in tricky_site.rglob("*.html"):
        assert not external.search(path.read_text(encoding="utf-8")), path


def test_case_pages_leave_the_full_text_index(tricky_site: Path) -> None:
    index = json.loads((tricky_site / "search/search_index.json").read_text())
    case_docs = [d for d in index["docs"] if d["location"].startswith("cases/")]
    assert sorted(d["location"] for d in case_docs) == [
        "cases/example-ban-2021/",
        "cases/example-lawsuit-2021/",
        "cases/example-policy-2019/",
        "cases/tricky-valid-2021/",
    ]
    listings = [
        d["location"]
        for d in index["docs"]
        if d["location"].startswith(("browse/", "timeline/", "stats/"))
    ]
    assert {loc.split("#")[0] for loc in listings} == {"browse/"}  # the index, not the listings


def test_validation_errors_fail_the_build_with_the_validators_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    repo = make_repo(tmp_path / "repo")
    shutil.copy(FIXTURES / "failing" / "SKB307.md", repo / "cases" / "bans" / "bad-case.md")
    with pytest.raises(Abort):
        build_site(repo)
    assert (
        "cases/bans/bad-case.md:5:9: error SKB307: status: the text 'banned' is not allowed"
        in caplog.text
    )


def test_accepted_data_warnings_do_not_fail_a_strict_build(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")  # the fixture policy has a source without URL
    assert (build_site(repo, strict=True) / "cases/example-policy-2019/index.html").is_file()


def test_a_broken_link_in_docs_is_a_site_warning(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "docs" / "index.md").write_text("# Home\n\n[broken](no-such-page.md)\n")
    with pytest.raises(Abort):
        build_site(repo, strict=True)


def test_every_page_exists_in_chinese_with_the_same_path(tricky_site: Path) -> None:
    english = {
        p.relative_to(tricky_site)
        for p in tricky_site.rglob("index.html")
        if p.relative_to(tricky_site).parts[0] != "zh"
    }
    chinese = {p.relative_to(tricky_site / "zh") for p in (tricky_site / "zh").rglob("index.html")}
    assert english == chinese
    assert len(english) > 20


def test_chinese_pages_say_they_are_chinese_and_link_both_ways(tricky_site: Path) -> None:
    zh = (tricky_site / "zh/cases/example-ban-2021/index.html").read_text()
    en = (tricky_site / "cases/example-ban-2021/index.html").read_text()
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    assert '<link rel="alternate" href="../../../cases/example-ban-2021/" hreflang="en">' in zh
    assert '<link rel="alternate" href="../../zh/cases/example-ban-2021/" hreflang="zh">' in en
    assert "sellerkb.invalid" not in zh + en
    # Chinese labels from the catalog, pycountry's country names, Babel's dates
    assert "<dt>日期</dt><dd>2021年5月 至 2021年9月17日</dd>" in zh
    assert ">挪威</a>" in zh
    assert "skb-notice--untranslated" in zh  # the fixture case has no translation


def test_a_translated_case_shows_its_translation_and_a_stale_one_says_so(tmp_path: Path) -> None:
    from sellerkb.load import load_corpus
    from sellerkb.translations import fingerprint

    repo = make_repo(tmp_path / "repo")
    case = load_corpus(repo).corpus.cases["example-ban-2021"]
    stamp = fingerprint(case.title, case.meta.summary, case.body)
    numbers = "2021 05"
    (repo / "cases/bans/example-ban-2021.zh.md").write_text(
        f"---\ntitle: 示例市场关闭挪威卖家账户 {numbers}\nsummary: 中文摘要。\n"
        f"translated_from: {stamp}\n---\n\n## 事件经过\n\n"
        "示例市场关闭了挪威卖家的账户，并冻结了他们的余额。这是一段足够长的中文正文。\n"
    )
    site = build_site(repo, strict=False)
    page = (site / "zh/cases/example-ban-2021/index.html").read_text()
    assert "示例市场关闭挪威卖家账户" in page and "skb-notice" not in page
    original = repo / "cases/bans/example-ban-2021.md"
    original.write_text(
        original.read_text().replace("## What happened", "## What happened\n\nNew.")
    )
    site = build_site(repo, strict=False)
    page = (site / "zh/cases/example-ban-2021/index.html").read_text()
    assert "skb-notice--stale" in page and "正文" in page


def test_needs_review_lists_open_cases_stalest_first(tricky_site: Path) -> None:
    page = (tricky_site / "needs-review/index.html").read_text()
    table = page.split('class="skb-table', 1)[1]
    ids = re.findall(r'href="\.\./cases/([a-z0-9-]+)/"', table)
    assert ids == ["tricky-valid-2021"]  # the only open case of the fixtures
    tricky = (tricky_site / "cases/tricky-valid-2021/index.html").read_text()
    assert "Checked against its sources on 2026-11-30" in tricky


def test_the_words_of_bodies_wait_in_a_file_of_their_own(tricky_site: Path) -> None:
    for home in (tricky_site, tricky_site / "zh"):
        index = json.loads((home / "search/search_index.json").read_text())
        cases = {d["location"] for d in index["docs"] if d["location"].startswith("cases/")}
        bodies = json.loads((home / "search/bodies.json").read_text())
        assert set(bodies) == cases
    # the words of the tricky case's body, in its body only
    first = (tricky_site / "search/search_index.json").read_text()
    bodies = json.loads((tricky_site / "search/bodies.json").read_text())
    only = set(bodies["cases/tricky-valid-2021/"].split()) - set(re.findall(r"\w+", first))
    assert len(only) > 5, only
    # the script that fetches them runs before the theme makes its search worker
    page = (tricky_site / "cases/tricky-valid-2021/index.html").read_text()
    script = page.index('<script src="../../assets/sellerkb/search-bodies.js"></script>')
    assert script < page.index("</head>") < page.index("assets/javascripts/bundle.")
    assert (tricky_site / "assets/sellerkb/search-bodies.js").is_file()
    assert (tricky_site / "zh/assets/sellerkb/search-bodies.js").is_file()
