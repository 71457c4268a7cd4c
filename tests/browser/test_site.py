"""What a seller does in the browser, against the built site."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


def search(page, words: str) -> None:
    """Type a query, and wait for the answer from the whole index: the words of case
    bodies join it after the first query."""
    page.click("input.md-search__input")
    page.keyboard.type(words)
    page.keyboard.press("End")  # a key up, as an input method sends after composing
    page.wait_for_selector("html[data-skb-search=full]", state="attached")
    page.wait_for_selector(".md-search-result__item")


def test_home_page_loads_without_console_errors(page, repo_site) -> None:
    url, _ = repo_site
    page.goto(url)
    assert page.locator("h1").first.inner_text().rstrip("¶") == "sellerkb"
    assert page.locator(".skb-stat").count() == 3
    page.wait_for_load_state("networkidle")
    assert page.errors == []


def test_searching_pakistan_finds_and_opens_the_case(page, repo_site) -> None:
    url, _ = repo_site
    page.goto(url)
    search(page, "Pakistan")
    hit = page.locator(".md-search-result__item", has_text="Pakistan").first
    assert "13,000 seller accounts" in hit.inner_text()
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(r".*/cases/amazon-pakistan-seller-closures-2022/(\?.*)?$"))
    assert "Pakistan" in page.locator("h1").first.inner_text()
    assert page.errors == []


def test_explorer_filter_matches_the_data_and_lives_in_the_url(page, repo_site) -> None:
    url, out = repo_site
    cases = json.loads((out / "data" / "cases.json").read_text())["cases"]
    expected = sorted(
        c["id"] for c in cases if c["kind"] == "lawsuits" and "amazon" in c["platforms"]
    )
    page.goto(url + "explore/")
    page.select_option("select[name=platform]", "amazon")
    page.select_option("select[name=kind]", "lawsuits")
    rows = page.locator("#skb-explorer-results tbody tr")
    assert rows.count() == len(expected) > 0
    hrefs = sorted(
        a.split("/")[-2]
        for a in rows.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    assert hrefs == expected
    query = parse_qs(urlparse(page.url).query)
    assert query == {"platform": ["amazon"], "kind": ["lawsuits"]}

    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    assert other.locator("#skb-explorer-results tbody tr").count() == len(expected)
    assert other.locator("select[name=kind]").input_value() == "lawsuits"
    assert other.locator("#skb-explorer-count").inner_text() == (
        f"{len(expected)} of {len(cases)} cases"
    )


def test_case_page_shows_sources_and_backlinks(page, repo_site) -> None:
    url, out = repo_site
    cases = {c["id"]: c for c in json.loads((out / "data" / "cases.json").read_text())["cases"]}
    target, linker = next(
        (other, c["id"])
        for c in cases.values()
        for other in c.get("related", [])
        if c["id"] not in cases[other].get("related", [])
    )
    page.goto(url + f"cases/{target}/")
    sources = page.locator("ol.skb-sources li")
    assert sources.count() == len(cases[target]["sources"])
    backlink = page.locator("ul.skb-related li", has_text="(links here)")
    assert linker in backlink.locator("a").first.get_attribute("href")
    assert (
        page.get_by_role("link", name="Edit this case")
        .get_attribute("href")
        .endswith(cases[target]["path"])
    )


def test_dark_mode_toggle(page, repo_site) -> None:
    url, _ = repo_site
    page.goto(url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def test_searching_chinese_words_finds_the_case(page, chinese_site) -> None:
    page.goto(chinese_site)
    search(page, "冻结")
    hits = page.locator(".md-search-result__item")
    assert "freezes balances" in hits.first.inner_text()


def test_switching_the_language_on_a_case_page_lands_on_the_same_case(page, repo_site) -> None:
    url, _ = repo_site
    page.goto(url + "cases/shileziyou-v-amazon-2021/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(re.compile(r".*/zh/cases/shileziyou-v-amazon-2021/$"))
    assert page.locator("html").get_attribute("lang") == "zh"
    assert "诉" in page.locator("h1").first.inner_text()
    assert page.locator(".skb-facts dt").first.inner_text() == "日期"
    back = page.locator('link[rel="alternate"][hreflang="en"]').get_attribute("href")
    page.goto(page.url.rsplit("/", 1)[0] + "/" + back)
    assert page.url.endswith("/cases/shileziyou-v-amazon-2021/") and "/zh/" not in page.url
    assert page.errors == []


@pytest.mark.parametrize(
    ("words", "case_id"),
    [
        ("冻结", "shileziyou-v-amazon-2021"),
        ("仲裁", "dongguan-seller-arbitration-fund-freeze-2022"),
    ],
)
def test_chinese_search_on_zh_finds_the_cases(page, repo_site, words: str, case_id: str) -> None:
    url, _ = repo_site
    page.goto(url + "zh/")
    search(page, words)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(case_id in (h or "") for h in hrefs), hrefs


@pytest.mark.parametrize(
    ("home", "word"),
    [("", "Chesney"), ("zh/", "圣何塞")],  # the judge, and the court's city, in one body only
)
def test_a_word_only_in_a_body_is_found_after_the_first_query(
    page, repo_site, home: str, word: str
) -> None:
    url, out = repo_site
    first = (out / home / "search" / "search_index.json").read_text(encoding="utf-8")
    assert word.lower() not in first.lower()  # not in what every page downloads
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url + home)
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("/search/search_index.json") for u in fetched)
    assert not any(u.endswith("/search/bodies.json") for u in fetched)
    search(page, word)
    assert any(u == f"{url}{home}search/bodies.json" for u in fetched)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any("/cases/shileziyou-v-amazon-2021/" in (h or "") for h in hrefs), hrefs
    assert page.errors == []


def test_without_the_words_of_bodies_the_search_box_still_answers(page, repo_site) -> None:
    url, _ = repo_site
    page.route("**/search/bodies.json", lambda route: route.fulfill(status=404))
    page.goto(url)
    page.click("input.md-search__input")
    page.keyboard.type("Pakistan")
    page.wait_for_selector("html[data-skb-search=partial]", state="attached")
    hit = page.locator(".md-search-result__item", has_text="Pakistan").first
    assert "13,000 seller accounts" in hit.inner_text()


def test_an_untranslated_case_says_so_on_zh(page, chinese_site) -> None:
    page.goto(chinese_site + "zh/cases/example-ban-2021/")
    notice = page.locator(".skb-notice--untranslated")
    assert notice.count() == 1
    assert "尚无中文译文" in notice.inner_text()
    assert page.locator("html").get_attribute("lang") == "zh"


def test_zh_pages_show_no_english_labels_of_the_plugin(page, repo_site) -> None:
    from sellerkb.site.i18n import messages

    english = {m for m in messages() if len(m) > 3 and m[0].isupper() and "%" not in m}
    url, _ = repo_site
    for path in [
        "zh/",
        "zh/cases/stephan-v-amazon-uk-cat-2025/",
        "zh/browse/",
        "zh/stats/",
        "zh/explore/",
        "zh/needs-review/",
        "zh/browse/platform/amazon/",
    ]:
        page.goto(url + path)
        text = page.locator(".md-content").inner_text()
        chrome = page.locator(".md-header, .md-nav--primary").first.inner_text()
        shown = {line.strip() for line in (text + "\n" + chrome).splitlines()}
        assert not shown & english, (path, shown & english)


def test_an_old_url_leads_to_the_case_it_now_lives_in(page, lifecycle_site) -> None:
    for old in ("old-example-ban", "copy-of-example-ban-2021"):
        page.goto(lifecycle_site + f"cases/{old}/")
        page.wait_for_url(re.compile(r".*/cases/example-ban-2021/$"))
        assert "suspends 100% of test_seller #accounts" in page.locator("h1").first.inner_text()
    page.goto(lifecycle_site + "zh/cases/old-example-ban/")
    page.wait_for_url(re.compile(r".*/zh/cases/example-ban-2021/$"))
    page.goto(lifecycle_site + "cases/example-policy-2019/")
    assert "Withdrawn on 2024-05-06" in page.locator(".skb-withdrawn").inner_text()


@pytest.mark.parametrize(
    ("words", "alias_only"),
    [
        # fund-freeze aliases: the Temu protests' title and summary say neither "payout"
        # nor "hold", and the Etsy reserves case has no Chinese at all
        ("payout hold", "temu-guangzhou-seller-protests-2024"),
        ("资金冻结", "etsy-payment-reserve-holds-2023"),
        # a mass-suspension alias; the Pakistan case's English text has no Chinese
        ("封号", "amazon-pakistan-seller-closures-2022"),
    ],
)
def test_the_search_box_and_the_command_find_the_same_alias_matches(
    page, repo_site, tmp_path, words: str, alias_only: str
) -> None:
    from click.testing import CliRunner

    from sellerkb.cli import main

    from ..conftest import REPO

    options = ["--root", str(REPO), "--index-dir", str(tmp_path), "--json", "--limit", "100"]
    command = CliRunner().invoke(main, ["search", *options, words])
    found = {hit["id"] for hit in json.loads(command.stdout)["results"]}
    url, _ = repo_site
    page.goto(url)
    search(page, words)
    page.wait_for_timeout(300)
    hits = page.locator(".md-search-result__item a")
    paths = [urlparse(hits.nth(n).get_attribute("href") or "").path for n in range(hits.count())]
    shown = {path.rstrip("/").rsplit("/", 1)[-1] for path in paths if "/cases/" in path}
    assert shown <= found, sorted(shown - found)
    assert alias_only in shown and alias_only in found
