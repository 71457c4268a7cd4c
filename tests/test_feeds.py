"""Atom feeds per platform, topic, country and kind, in each language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import feedparser
import pytest

from sellerkb import feeds
from sellerkb.facets import BY_NAME
from sellerkb.load import load_corpus

from .conftest import REPO

OPTIONS = feeds.FeedOptions("sellerkb & co", "https://kb.example/")


def parsed(text: str):
    result = feedparser.parse(text)
    assert not result.bozo, result.get("bozo_exception")
    return result


@pytest.mark.parametrize("which", ["fixtures", "corpus"])
def test_every_facet_value_has_a_feed_in_each_language_and_every_feed_parses(
    which: str, lifecycle_root: Path
) -> None:
    corpus = load_corpus(lifecycle_root if which == "fixtures" else REPO).corpus
    files = dict(feeds.feed_files(corpus, OPTIONS))
    wanted = {f"feeds/{lang}/all.xml" for lang in ("en", "zh")}
    for case in corpus.listed():
        for facet in feeds.FEED_FACETS:
            for value in BY_NAME[facet].values(case):
                wanted |= {f"feeds/{lang}/{facet}/{value.lower()}.xml" for lang in ("en", "zh")}
    assert set(files) == wanted
    for path, text in files.items():
        feed = parsed(text)
        assert feed.version == "atom10", path
        assert feed.entries, path
        for entry in feed.entries:
            assert entry.id.startswith("urn:sellerkb:case:") and entry.link.startswith("https://")
    info = feeds.feed_list(corpus, OPTIONS)
    assert [i.path for i in info] == list(files)
    for item in info:
        assert parsed(files[item.path]).feed.title == item.title


def test_withdrawn_and_merged_cases_leave_every_feed(lifecycle_root: Path) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    files = dict(feeds.feed_files(corpus, OPTIONS))
    ids = {entry.id for text in files.values() for entry in parsed(text).entries}
    assert ids == {"urn:sellerkb:case:example-ban-2021", "urn:sellerkb:case:example-lawsuit-2021"}
    # The withdrawn policy was the only policy, so there is no feed of policies at all.
    assert "feeds/en/kind/policies.xml" not in files


def test_titles_and_summaries_come_from_the_translation(lifecycle_root: Path) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    files = dict(feeds.feed_files(corpus, OPTIONS))
    zh = parsed(files["feeds/zh/platform/amazon.xml"])
    assert zh.feed.title == "sellerkb & co: 亚马逊"
    by_id = {entry.id.rsplit(":", 1)[1]: entry for entry in zh.entries}
    ban = by_id["example-ban-2021"]
    assert ban.title.startswith("示例市场") and ban.summary.startswith("夹具封禁")
    assert ban.link == "https://kb.example/zh/cases/example-ban-2021/"
    lawsuit = by_id["example-lawsuit-2021"]  # no translation: the original, marked English
    assert lawsuit.title == "Example Co. v. Example Marketplace: withheld balances"
    assert 'xml:lang="en"' in files["feeds/zh/platform/amazon.xml"]
    en = parsed(files["feeds/en/platform/amazon.xml"])
    english = next(e for e in en.entries if e.id.endswith("example-ban-2021"))
    assert english.title == 'Example & "Co" {marketplace} suspends 100% of test_seller #accounts'
    assert english.link == "https://kb.example/cases/example-ban-2021/"
    assert parsed(files["feeds/en/country/no.xml"]).feed.title == "sellerkb & co: Norway"
    assert parsed(files["feeds/zh/country/no.xml"]).feed.title == "sellerkb & co: 挪威"


def test_updated_follows_reviews_and_edits_and_ids_stay(lifecycle_root: Path) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    case = corpus.cases["example-ban-2021"]
    before = feeds.updated(case, "en")
    assert before.startswith("2024-02-03T") and before.endswith("Z")
    assert feeds.updated(case, "en") == before  # reproducible
    edited = dataclasses.replace(case, body=case.body + "\nA later paragraph.\n")
    assert feeds.updated(edited, "en") != before
    assert feeds.updated(edited, "en")[:10] == "2024-02-03"
    reinstated = dataclasses.replace(
        case, meta=case.meta.model_copy(update={"status": "reinstated"})
    )
    assert feeds.updated(reinstated, "en") != before  # a fact changed, not only the text
    reviewed = dataclasses.replace(
        case, meta=case.meta.model_copy(update={"reviewed": "2025-01-02"})
    )
    assert feeds.updated(reviewed, "en").startswith("2025-01-02T")
    # The edit shows in the feed: same id, new <updated>, and the feed's own <updated>.
    corpus.cases[case.id] = edited
    text = dict(feeds.feed_files(corpus, OPTIONS))["feeds/en/all.xml"]
    entry = next(e for e in parsed(text).entries if e.id == "urn:sellerkb:case:example-ban-2021")
    assert entry.updated == feeds.updated(edited, "en")


def test_text_that_is_not_xml_is_stripped_and_markup_escaped(lifecycle_root: Path) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    case = corpus.cases["example-lawsuit-2021"]
    hostile = "A </title><script>x</script> \x00\x0b\x1b\ufffe\ud800 title ]]> &amp;"
    corpus.cases[case.id] = dataclasses.replace(
        case, meta=case.meta.model_copy(update={"title": hostile, "summary": "<b>\x0c</b>"})
    )
    text = dict(feeds.feed_files(corpus, OPTIONS))["feeds/en/all.xml"]
    entry = next(e for e in parsed(text).entries if e.id.endswith("example-lawsuit-2021"))
    assert entry.title == "A </title><script>x</script>  title ]]> &amp;"
    assert entry.summary == "<b></b>"
    assert "<script>" not in text


def test_an_empty_corpus_gives_feeds_of_nothing_that_still_parse(tmp_path: Path) -> None:
    corpus = load_corpus(REPO).corpus
    corpus.cases.clear()
    files = dict(feeds.feed_files(corpus, feeds.FeedOptions("kb")))
    assert list(files) == ["feeds/en/all.xml", "feeds/zh/all.xml"]
    assert all(parsed(text).entries == [] for text in files.values())
