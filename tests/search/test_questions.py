"""Search for the questions sellers type: ranking by how many words match, the
vocabulary's names and aliases in both languages, translations, suggestions, bounds on
hostile queries, -word, --lang and escaped output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sellerkb.cli import main
from sellerkb.load import load_corpus
from sellerkb.search import present
from sellerkb.search.labels import environment_language
from sellerkb.search.query import Filters, Hit, QueryError, Results, run
from sellerkb.translations import fingerprint

from ..conftest import REPO
from .relevance import judge, questions
from .test_search import ids, search, write


def invoke(root: Path, *args: str):
    return CliRunner().invoke(main, ["search", "--root", str(root), *args])


def translate(root: Path, case_id: str, title: str, summary: str, body: str) -> None:
    case = load_corpus(root, only=[f"cases/bans/{case_id}.md"]).corpus.cases[case_id]
    stamp = fingerprint(case.title, case.meta.summary, case.body)
    (root / "cases" / "bans" / f"{case_id}.zh.md").write_text(
        f"---\ntitle: {title}\nsummary: {summary}\ntranslated_from: {stamp}\n---\n\n"
        f"## 事件经过\n\n{body}这是翻译正文，它足够长，可以通过正文长度的规则检查。\n",
        encoding="utf-8",
    )


def add_aliases(root: Path) -> None:
    """Give the fixture vocabulary's fund-freeze topic aliases in both languages."""
    path = root / "cases" / "vocabulary.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    description: Seller balances held, withheld or frozen by a platform.\n",
        "    description: Seller balances held, withheld or frozen by a platform.\n"
        "    aliases: [payout hold, kept my money]\n"
        "    zh:\n      name: 资金冻结\n      aliases: [冻结, 资金冻结]\n",
    )
    path.write_text(text, encoding="utf-8")


# --- the relevance set ------------------------------------------------------------------


def test_the_relevance_set_keeps_every_expected_case_in_the_top_five(tmp_path: Path) -> None:
    items = questions()
    assert len(items) >= 30
    chinese = [i for i in items if any("\u4e00" <= c <= "\u9fff" for c in str(i["query"]))]
    assert len(chinese) >= 10 and len(items) - len(chinese) >= 20
    corpus = load_corpus(REPO).corpus.cases
    assert {case for item in items for case in item["top5"]} <= set(corpus)  # type: ignore[attr-defined]
    slipped = [
        (item.query, item.expected, item.ranked[:5], item.suggestion)
        for item in judge(REPO, tmp_path / "index")
        if not item.passed
    ]
    assert slipped == []


# --- ranking ----------------------------------------------------------------------------


def test_more_words_rank_first_and_partial_matches_follow(root: Path) -> None:
    write(root, "all-words-case", body="A zebra met an okapi and a lemur in the body.")
    write(root, "two-words-case", body="A zebra and an okapi, nothing else.")
    write(root, "one-word-case", title="Zebra zebra zebra in the title")
    assert ids(root, "zebra okapi lemur") == ["all-words-case", "two-words-case", "one-word-case"]
    report = search(root, "zebra okapi lemur")
    assert (report["total"], report["complete"]) == (3, 1)
    assert invoke(root, "zebra okapi lemur").stdout.splitlines()[-1] == (
        "1 of them has every word; the others, some of the words."
    )
    assert invoke(root, "zebra").stdout.splitlines()[-1] == "3 cases match."


def test_question_words_and_stop_words_never_sink_a_query(root: Path) -> None:
    write(root, "okapi-case", title="The okapi store was closed")
    for words in (
        "why was my okapi store closed",
        "what happened after my okapi store closed",
        "how do i get my okapi store back",
    ):
        assert ids(root, words)[0] == "okapi-case", words


def test_phrases_and_and_and_minus_and_fields_keep_their_meaning(root: Path) -> None:
    write(root, "near-case", title="Quokka appeal granted")
    write(root, "far-case", title="Quokka sellers lose an appeal", platform="ebay")
    assert ids(root, '"quokka appeal"') == ["near-case"]
    assert ids(root, "quokka AND granted") == ["near-case"]
    assert ids(root, "quokka -granted") == ["far-case"]
    assert ids(root, "quokka NOT granted") == ["far-case"]
    assert ids(root, "(quokka OR walrus) AND -granted") == ["far-case"]
    assert ids(root, "quokka platform:ebay") == ["far-case"]


# --- the vocabulary and translations ----------------------------------------------------


def test_vocabulary_names_and_aliases_in_both_languages_find_a_case(root: Path) -> None:
    add_aliases(root)
    frozen = ["example-ban-2021", "example-lawsuit-2021"]  # the fixture's fund-freeze cases
    for words in ("frozen funds", "payout hold", "kept my money", "冻结", "资金冻结"):
        assert sorted(ids(root, words)) == frozen, words
    assert ids(root, "names:冻结") and ids(root, "topic:fund-freeze")


def pangolin_case(root: Path, body: str) -> None:
    """An English case and its Chinese translation with this body."""
    write(root, "pangolin-case", title="Pangolin sellers lose their stores")
    translate(root, "pangolin-case", "穿山甲卖家失去店铺", "穿山甲卖家的店铺被关闭。", body)


def test_translations_are_searched_and_titles_follow_the_query(root: Path) -> None:
    pangolin_case(root, "穿山甲卖家的店铺被平台关闭，余额被扣留。")
    chinese = search(root, "穿山甲 店铺")["results"][0]
    assert (chinese["id"], chinese["title"], chinese["title_language"]) == (
        "pangolin-case",
        "穿山甲卖家失去店铺",
        "zh",
    )
    assert "穿山甲" in chinese["snippet"]
    english = search(root, "pangolin")["results"][0]
    assert (english["title"], english["title_language"]) == (
        "Pangolin sellers lose their stores",
        "en",
    )
    assert search(root, "pangolin", "--lang", "zh")["results"][0]["title"] == "穿山甲卖家失去店铺"
    assert search(root, "穿山甲", "--lang", "en")["results"][0]["title_language"] == "en"
    mixed = search(root, "pangolin 店铺")["results"][0]  # mixed: Chinese wins
    assert mixed["title_language"] == "zh"
    # a case without a translation keeps its own title whatever the language asked
    assert search(root, "fixture", "--lang", "zh")["results"][0]["title_language"] == "en"


def test_the_rebuild_indexes_translations_as_an_update_does(root: Path) -> None:
    pangolin_case(root, "穿山甲的余额被扣留。")
    assert ids(root, "穿山甲") == ["pangolin-case"]  # first search: a rebuild
    result = CliRunner().invoke(main, ["index", "--root", str(root), "--rebuild"])
    assert result.exit_code == 0
    assert ids(root, "穿山甲") == ["pangolin-case"]
    loaded = load_corpus(root, keep=False, transform=lambda case: case.id)
    assert loaded.translated["cases/bans/pangolin-case.md"]["zh"].title == "穿山甲卖家失去店铺"


def test_labels_follow_lang_and_the_environment(root: Path) -> None:
    write(root, "label-case", title="Capybara accounts closed", date="2021-02-03")
    result = invoke(root, "capybara", "--lang", "zh")
    assert result.stdout.splitlines()[0] == "label-case  封号 · 2021-02-03 · 仍在持续 · Amazon"
    assert environment_language({"LANGUAGE": "zh_CN:en"}) == "zh"
    assert environment_language({"LANG": "zh_TW.UTF-8"}) == "zh"
    assert environment_language({"LANGUAGE": "fr:zh", "LANG": "en_GB.UTF-8"}) == "zh"
    assert environment_language({"LANG": "C.UTF-8"}) == "en"
    assert environment_language({"LANG": "de_DE.UTF-8"}) == "en"
    assert environment_language({}) == "en"


# --- suggestions and empty answers -----------------------------------------------------


def test_suggestions_are_whole_words_that_find_cases(root: Path) -> None:
    write(root, "walmart-case", title="Walmart's sellers and their arbitration claims")
    assert ids(root, "walmart") == ["walmart-case"]  # the possessive is the word
    assert "Did you mean: arbitration" in invoke(root, "arbitartion").stdout  # transposed
    assert "Did you mean: walmart" in invoke(root, "walmat").stdout.splitlines()
    assert search(root, "arbitartion")["suggestion"] == "arbitration"  # not the stem arbitr
    assert search(root, "walmmart")["suggestion"] == "walmart"  # not "walmart'"
    # a suggestion that would find nothing under the filters is not offered
    assert search(root, "arbitartion", "--platform", "temu")["suggestion"] is None
    assert search(root, "zzqqxx")["suggestion"] is None
    assert search(root, "arbitartion claims")["suggestion"] == "arbitration claims"


def test_zero_results_name_the_missing_words_and_show_partial_matches(root: Path) -> None:
    write(root, "hibernation-case", title="A hibernation of accounts")
    result = invoke(root, "hibernation AND frobnicate")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "No cases match 'hibernation AND frobnicate'." in lines
    assert "No case has the word: frobnicate" in lines
    assert "Cases with some of the words:" in lines
    assert lines[lines.index("Cases with some of the words:") + 2].startswith("hibernation-case")
    report = search(root, '"frobnicate hibernation"')
    assert report["unmatched"] == ["frobnicate"]
    assert [hit["id"] for hit in report["partial"]] == ["hibernation-case"]


# --- hostile queries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 100_000, "characters long; the limit is 500"),
        ("x" * 6_400, "characters long; the limit is 500"),
        ("okapi " + "z" * 60, "a word may have at most 50"),
        ("(" * 5_000 + "okapi" + ")" * 5_000, "characters long"),
        ("(" * 9 + "okapi" + ")" * 9, "parentheses nest 9 deep; the limit is 8"),
        (" OR ".join(f"ab{n}*" for n in range(3_000)), "characters long"),
        ("ab* OR cd* OR ef* OR gh*", "4 words with * or ?; the limit is 3"),
        ("*", "give at least two letters before a * or ?"),
        ("a*", "give at least two letters before a * or ?"),
        ("title:?x", "give at least two letters before a * or ?"),
        ("body:[* TO *]", "brackets are not query syntax"),
        ("date:{2020 TO 2021}", "brackets are not query syntax"),
        ("title:[a TO z]", "brackets are not query syntax"),
        (" ".join(f"w{n}x" for n in range(45)), "looks for 45 words"),
        ("".join(chr(0x4E00 + n) for n in range(60)), "looks for 59 words"),
        # bytes that are not UTF-8, as Python receives them in arguments (they had been
        # taken for a damaged index, which was then rebuilt)
        ("\udcffokapi", "bytes that are not UTF-8"),
        ("okapi \udced\udca0\udc80", "bytes that are not UTF-8"),
        ('"ok\udcc3api" OR fixture', "bytes that are not UTF-8"),
    ],
)
def test_runaway_queries_are_refused_in_one_line(root: Path, query: str, message: str) -> None:
    result = invoke(root, query)
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert len(result.stderr) < 300


@pytest.mark.parametrize(
    "query",
    [
        "(" * 8 + "fixture" + ")" * 8,
        "fix* OR exam* OR sell*",
        "fixture^1000000",
        "fixture~2",
        "*:*",
        "fixture:",
        ":fixture",
        "'fixture'",
        '"" fixture',
        "\u202efixture\x1b]0;x\x07",
        "fixture " * 60,
        "冻结" * 20,
        "-fixture -example",
    ],
)
def test_odd_queries_are_answered(root: Path, query: str) -> None:
    result = invoke(root, "--json", query)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_word_starting_with_a_dash_is_a_word_not_an_option(root: Path) -> None:
    write(root, "hibernation-case", title="A hibernation of accounts")
    everything = set(ids(root, "-zzqq"))
    assert "hibernation-case" in everything
    assert "hibernation-case" not in ids(root, "-hibernation")
    assert "hibernation-case" not in ids(root, "accounts", "-hibernation", "--limit", "50")
    assert "hibernation-case" not in ids(root, "--", "-hibernation")
    assert ids(root, "--platform", "amazon", "-hibernation", "--kind", "lawsuits") == [
        "example-lawsuit-2021"
    ]
    assert invoke(root, "-h").stdout.startswith("Usage:")
    unknown = invoke(root, "--frobnicate", "x")
    assert unknown.exit_code == 2 and "No such option" in unknown.stderr


# --- escaped output ---------------------------------------------------------------------


def hostile_hit(text: str) -> Hit:
    return Hit(
        "hostile-case",
        "bans",
        f"Title {text}",
        "en",
        "2021",
        "active",
        ["amazon"],
        {"en": [f"Amazon{text}"]},
        "cases/bans/hostile-case.md",
        1.0,
        f"snippet \x01word\x02 {text}",
    )


@pytest.mark.parametrize(
    "text", ["\x1b]0;owned\x07", "\x1b[2K", "\x9b31m", "\u202eevil", "\u2066x\u2069", "\x00\x7f"]
)
def test_control_and_direction_characters_are_escaped(text: str) -> None:
    results = Results(f"q{text}", 1, [hostile_hit(text)], suggestion=f"s{text}")
    results.unmatched = [f"u{text}"]
    unsafe = [c for c in text if unicodedata.category(c) in ("Cc", "Cf")]
    for colour in (False, True):
        shown = present.text(results, colour)
        if colour:  # only the colours present.text adds itself
            shown = re.sub(r"\x1b\[(?:1;33|0|1|2|22)m", "", shown)
        assert not any(char in shown for char in unsafe), shown
        assert "\\x" in shown or "\\u" in shown
    dumped = present.as_json(results)
    assert not any(char in dumped for char in unsafe)
    assert json.loads(dumped)["results"][0]["title"] == f"Title {text}"


# --- speed: what a plain search imports ---------------------------------------------------


def test_a_plain_search_imports_neither_the_parser_nor_urllib_nor_asyncio(
    root: Path, tmp_path: Path
) -> None:
    probe = (
        "import sys; from sellerkb.cli import main; "
        "sys.argv = ['sellerkb', 'search', '--root', sys.argv[1], '--index-dir', "
        "sys.argv[2], sys.argv[3]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m in "
        "('whoosh.qparser', 'urllib.request', 'asyncio', 'http.client', 'rapidfuzz')))"
    )
    index = str(tmp_path / "index")
    command = [sys.executable, "-c", probe, str(root), index]
    subprocess.run([*command, "fixture"], capture_output=True, check=True)  # builds the index
    plain = subprocess.run([*command, "fixture"], capture_output=True, text=True, check=True)
    assert plain.stdout.strip().splitlines()[-1] == "[]"
    syntax = subprocess.run([*command, '"fixture case"'], capture_output=True, text=True)
    assert "'whoosh.qparser'" in syntax.stdout.strip().splitlines()[-1]


# --- any query at all -------------------------------------------------------------------

PIECES = [
    "amazon", "fund-freeze", "frozen", "冻结", "资金被冻结", "sellers'", "-", "+", '"', "(", ")",
    "OR", "AND", "NOT", "ANDNOT", "*", "?", "title:", "platform:", "topic:", "id:", ":", "^",
    "~", "\\", "/", "'", ".", ",", "\u202e", "\x1b", "0", "2021", " ", " ", " ",
]  # fmt: skip


@pytest.fixture(scope="module")
def fixture_searcher(tmp_path_factory: pytest.TempPathFactory):
    from sellerkb.search.fields import weighting
    from sellerkb.search.store import IndexStore

    from ..conftest import FIXTURES

    store = IndexStore(FIXTURES / "root", tmp_path_factory.mktemp("index"))
    store.ensure_fresh()
    with store.open().searcher(weighting=weighting()) as searcher:
        yield searcher


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_any_query_is_answered_or_refused_with_a_reason(fixture_searcher, text: str) -> None:
    try:
        results = run(fixture_searcher, text, Filters())
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert results.total >= len(results.hits)
        present.text(results, colour=False)


def test_a_prefix_standing_for_too_many_words_is_refused(root: Path) -> None:
    many = " ".join("zq" + a + b for a in "abcdefghij" for b in "klmnopq")  # 70 words
    write(root, "many-words-case", body=f"Words for a prefix: {many}.")
    assert ids(root, "zqak*") == ["many-words-case"]
    assert len(ids(root, "zqa* OR zqb* OR zq?k")) == 1  # 7 + 7 + 10 words
    for query in ("zq*", "(okapi OR zq*)", "body:zq*", "zq*?"):
        result = invoke(root, query)
        assert result.exit_code == 2, (query, result.output)
        assert "stand for more than 60 words" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "title:*冻结title:amazon",  # found by the property test above
        "arb* amazon",
        "title:arb* temu",
        "amazon OR fro*",
        "sel* -amazon fine",
        "names:fund* penalty",
    ],
)
def test_a_prefix_beside_other_words_is_ranked_not_a_crash(fixture_searcher, text: str) -> None:
    """A case matched only through a prefix* has no matched terms recorded for the
    coordination bonus; it counts as matching one word."""
    results = run(fixture_searcher, text, Filters())
    assert results.total >= len(results.hits)
    assert all(hit.score > 0 for hit in results.hits)
