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
        assert executable(doc["title"] + doc["text"]) == [], doc["location"]
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
