"""`sellerkb search` and its index: ranking, filters, Chinese, freshness, recovery."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sellerkb.cli import main
from sellerkb.search.store import IndexStore

from ..conftest import FIXTURES

CASE = """---
title: {title}
summary: {summary}
date: {date}
status: active
platforms: [{platform}]
marketplaces: [{market}]
seller_countries: [{country}]
topics: [{topic}]
violations: [unspecified]
sources:
  - title: A report
    url: https://example.org/{id}
---

## What happened

{body}
"""


def write(
    root: Path,
    case_id: str,
    *,
    title: str = "An ordinary case title",
    summary: str = "An ordinary summary.",
    body: str = "An ordinary body of text, long enough for the validator.",
    date: str = "2022-01",
    platform: str = "amazon",
    market: str = "US",
    country: str = "CN",
    topic: str = "reviews",
) -> Path:
    path = root / "cases" / "bans" / f"{case_id}.md"
    path.write_text(
        CASE.format(
            id=case_id,
            title=title,
            summary=summary,
            body=body,
            date=date,
            platform=platform,
            market=market,
            country=country,
            topic=topic,
        ),
        encoding="utf-8",
    )
    return path


def search(root: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["search", "--root", str(root), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(root: Path, *args: str) -> list[str]:
    return [hit["id"] for hit in search(root, *args)["results"]]


def test_title_ranks_above_summary_above_body(root: Path) -> None:
    write(root, "in-body-case", body="The zebrafish appears only in the body of this one.")
    write(root, "in-title-case", title="A zebrafish in the title")
    write(root, "in-summary-case", summary="A zebrafish in the summary.")
    assert ids(root, "zebrafish") == ["in-title-case", "in-summary-case", "in-body-case"]


def test_ties_go_to_the_newest_and_an_exact_id_comes_first(root: Path) -> None:
    write(root, "older-case", title="Identical wombat title", date="2019-03")
    write(root, "newer-case", title="Identical wombat title", date="2023-07-01")
    assert ids(root, "wombat") == ["newer-case", "older-case"]
    assert ids(root, "older-case")[0] == "older-case"
    assert ids(root, "wombat", "--sort", "date") == ["newer-case", "older-case"]


def test_stemming_phrases_or_not_and_fields(root: Path) -> None:
    write(root, "suspension-case", title="One account hibernation in Norway", market="NO")
    write(root, "other-case", title="Glacier balance of a seller", platform="walmart")
    assert ids(root, "hibernations") == ["suspension-case"]
    assert ids(root, '"account hibernation"') == ["suspension-case"]
    assert ids(root, '"hibernation account"') == []
    assert sorted(ids(root, "hibernation OR glacier")) == ["other-case", "suspension-case"]
    assert ids(root, "hibernation AND glacier") == []
    assert ids(root, "+hibernation glacier") == ["suspension-case"]
    assert "suspension-case" not in ids(root, "ordinary -hibernation")
    assert "suspension-case" not in ids(root, "ordinary NOT hibernation")
    assert ids(root, "platform:walmart") == ["other-case"]
    assert ids(root, "title:norway") == ["suspension-case"]
    assert sorted(ids(root, "country:no")) == ["example-ban-2021", "suspension-case"]


def test_filters_or_within_and_across(root: Path) -> None:
    write(root, "a-walmart-case", platform="walmart", country="PK", date="2021-06")
    write(root, "a-temu-case", platform="temu", market="DE", date="2023-02-10")
    write(root, "an-ebay-case", platform="ebay", topic="fees", date="2024")
    both = ids(root, "ordinary", "--platform", "walmart", "--platform", "temu")
    assert sorted(both) == ["a-temu-case", "a-walmart-case"]
    assert ids(
        root, "ordinary", "--platform", "walmart", "--platform", "temu", "--country", "de"
    ) == ["a-temu-case"]
    assert ids(root, "ordinary", "--country", "PK") == ["a-walmart-case"]  # seller country
    assert ids(root, "ordinary", "--topic", "fees") == ["an-ebay-case"]
    assert sorted(ids(root, "ordinary", "--since", "2023-02")) == ["a-temu-case", "an-ebay-case"]
    assert ids(root, "ordinary", "--until", "2021") == ["a-walmart-case"]
    assert ids(root, "ordinary", "--since", "2024-05-01") == ["an-ebay-case"]  # 2024 may be May
    assert ids(root, "ordinary", "--kind", "lawsuits") == []


def test_chinese_words_are_found_without_spoiling_english(root: Path) -> None:
    shutil.copy(FIXTURES / "chinese-case.md", root / "cases" / "bans" / "example-zh-2022.md")
    for words in ("冻结", "资金被冻结", "店铺", "关闭 冻结"):
        assert ids(root, words) == ["example-zh-2022"], words
    assert ids(root, "冻资") == []
    assert ids(root, "languages") == ["example-zh-2022"]  # English still stemmed


def test_output_for_people(root: Path) -> None:
    write(root, "people-case", title="Capybara accounts closed", date="2021-02-03")
    result = CliRunner().invoke(main, ["search", "--root", str(root), "capybara"])
    assert result.exit_code == 0
    assert result.stdout == (
        "people-case  ban · 2021-02-03 · active · Amazon\n"
        "  Capybara accounts closed\n"
        "  cases/bans/people-case.md\n"
        "  Capybara accounts closed\n"
        "\n"
        "1 case match.\n"
    )


def test_json_output_shape(root: Path) -> None:
    write(root, "json-case", title="Axolotl sellers suspended", date="2022-08")
    report = search(root, "axolotl")
    assert set(report) == {
        "query",
        "total",
        "complete",
        "results",
        "unmatched",
        "suggestion",
        "partial",
    }
    assert report["query"] == "axolotl" and report["total"] == 1
    hit = report["results"][0]
    assert set(hit) == {
        "id",
        "kind",
        "title",
        "title_language",
        "date",
        "status",
        "platforms",
        "path",
        "score",
        "snippet",
    }
    assert (hit["id"], hit["kind"], hit["path"], hit["platforms"]) == (
        "json-case",
        "bans",
        "cases/bans/json-case.md",
        ["amazon"],
    )
    assert hit["snippet"] == "Axolotl sellers suspended"


def test_zero_hits_suggest_a_word_and_name_the_narrow_filter(root: Path) -> None:
    write(root, "spelling-case", title="Arbitration of frozen funds", platform="ebay")
    result = CliRunner().invoke(main, ["search", "--root", str(root), "arbitraton"])
    assert "Did you mean: arbitration" in result.stdout
    result = CliRunner().invoke(
        main, ["search", "--root", str(root), "arbitration", "--platform", "walmart"]
    )
    # the fixture lawsuit is about arbitration too
    assert result.stdout.splitlines()[-1] == "Without --platform walmart: 2 cases."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"unclosed phrase'], "a phrase is not closed"),
        (["platfrom:amazon"], "unknown field 'platfrom:'; did you mean 'platform:'?"),
        (["(open"], "a '(' is never closed"),
        (["OR", "funds"], "'OR' needs a word on each side"),
        (["the"], "no searchable words"),
        (["funds", "--since", "May 2022"], "--since 'May 2022' is not a date"),
    ],
)
def test_bad_queries_get_one_line_and_exit_2(root: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["search", "--root", str(root), *args])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


def test_edits_additions_and_deletions_are_seen_at_once(root: Path) -> None:
    path = write(root, "fresh-case", title="Original pangolin title")
    assert ids(root, "pangolin") == ["fresh-case"]
    path.write_text(path.read_text().replace("Original pangolin", "Edited okapi"))
    assert ids(root, "pangolin") == []
    assert ids(root, "okapi") == ["fresh-case"]
    write(root, "second-case", title="Another okapi")
    assert sorted(ids(root, "okapi")) == ["fresh-case", "second-case"]
    path.unlink()
    assert ids(root, "okapi") == ["second-case"]


def test_only_changed_files_are_reindexed(root: Path) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    path = write(root, "one-more-case")
    assert (store.ensure_fresh().added, store.ensure_fresh().added) == (1, 0)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))  # touched, not changed
    fresh = store.ensure_fresh()
    assert (fresh.rebuilt, fresh.added, fresh.updated) == (False, 0, 0)


def test_invalid_cases_are_skipped_and_counted(root: Path) -> None:
    bad = root / "cases" / "bans" / "broken-case.md"
    bad.write_text((FIXTURES / "failing" / "SKB307.md").read_text())
    result = CliRunner().invoke(main, ["search", "--root", str(root), "fixture"])
    assert "1 case file with errors not indexed; run 'sellerkb validate'" in result.stderr
    assert "broken-case" not in result.stdout
    bad.write_text(bad.read_text().replace("status: banned", "status: active"))
    assert "broken-case" in ids(root, "fixture")


def test_a_case_whose_related_case_is_deleted_leaves_the_index(root: Path) -> None:
    write(root, "target-case", title="Target quokka")
    relating = write(root, "relating-case", title="Relating quokka")
    relating.write_text(
        relating.read_text().replace("violations:", "related: [target-case]\nviolations:")
    )
    assert sorted(ids(root, "quokka")) == ["relating-case", "target-case"]
    (root / "cases" / "bans" / "target-case.md").unlink()
    assert ids(root, "quokka") == []  # relating-case is now invalid


# Whoosh leaves a handle of the damaged segment for the garbage collector.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_truncated_segment_is_rebuilt_with_a_notice(root: Path) -> None:
    write(root, "sturdy-case", title="Sturdy narwhal")
    assert ids(root, "narwhal") == ["sturdy-case"]
    current = IndexStore(root).current()
    assert current is not None
    parts = [p for p in current.glob("MAIN_*") if p.suffix in (".trm", ".pst", ".col", ".seg")]
    assert parts  # the segment's files: terms, postings, columns (or one compound file)
    for part in parts:
        part.write_bytes(part.read_bytes()[:40])
    result = CliRunner().invoke(main, ["search", "--root", str(root), "--json", "narwhal"])
    assert result.exit_code == 0
    assert "rebuil" in result.stderr
    assert [h["id"] for h in json.loads(result.stdout)["results"]] == ["sturdy-case"]
    gc.collect()  # the damaged segment's handles go now, under this test's warning filters


def test_a_damaged_manifest_or_another_schema_means_a_rebuild(root: Path) -> None:
    store = IndexStore(root)
    store.ensure_fresh()
    current = store.current()
    assert current is not None
    (current / "manifest.json").write_text("{not json")
    assert store.ensure_fresh().rebuilt
    current = store.current()
    assert current is not None
    data = json.loads((current / "manifest.json").read_text())
    data["schema"] = 0
    (current / "manifest.json").write_text(json.dumps(data))
    assert store.ensure_fresh().rebuilt


def test_a_killed_rebuild_leaves_the_old_index_working(root: Path) -> None:
    for n in range(400):
        write(root, f"bulk-case-{n:03d}", title=f"Bulk walrus number {n}")
    assert search(root, "walrus")["total"] == 400
    killer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "from pathlib import Path; from sellerkb.search.store import IndexStore; "
                f"IndexStore(Path({str(root)!r})).rebuild()"
            ),
        ]
    )
    time.sleep(0.4)
    killer.kill()
    killer.wait()
    write(root, "after-kill-case", title="Walrus after the kill")
    assert search(root, "walrus")["total"] == 401


def test_concurrent_searches_never_see_lock_errors(root: Path) -> None:
    for n in range(60):
        write(root, f"busy-case-{n:02d}", title=f"Busy lemur {n}")
    command = [sys.executable, "-m", "sellerkb", "search", "--root", str(root), "--json", "lemur"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    write(root, "busy-case-new", title="Busy lemur late")
    more = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for process in processes + more:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "LockError" not in err and "Traceback" not in err
        assert json.loads(out)["total"] in (60, 61)
    assert search(root, "lemur")["total"] == 61


def test_sellerkb_index_command(root: Path) -> None:
    result = CliRunner().invoke(main, ["index", "--root", str(root), "--rebuild"])
    assert result.exit_code == 0
    assert result.stdout.startswith("index rebuilt; 0 skipped with errors (")
    result = CliRunner().invoke(main, ["index", "--root", str(root)])
    assert result.stdout.startswith("index 0 added, 0 updated, 0 removed; 0 skipped")


def test_index_dir_option_and_the_search_import_path_stays_lean(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = CliRunner().invoke(
        main, ["search", "--root", str(root), "--index-dir", str(elsewhere), "fixture"]
    )
    assert result.exit_code == 0
    assert (elsewhere / "CURRENT").is_file() and not (root / ".sellerkb").exists()
    probe = (
        "import sys; from sellerkb.cli import main; "
        "sys.argv = ['sellerkb', 'search', '--root', sys.argv[1], '--index-dir', "
        "sys.argv[2], 'fixture']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('mkdocs', 'material', 'pydantic', 'jieba', 'nh3') or m == 'sellerkb.site'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(root), str(elsewhere)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_an_old_id_answers_with_the_case_it_now_lives_in(lifecycle_root: Path) -> None:
    runner = CliRunner()

    def first(words: str) -> list[str]:
        result = runner.invoke(main, ["search", "--root", str(lifecycle_root), words, "--json"])
        assert result.exit_code == 0, result.output
        return [hit["id"] for hit in json.loads(result.stdout)["results"]]

    assert first("old-example-ban")[:1] == ["example-ban-2021"]  # renamed: an alias
    assert first("copy-of-example-ban-2021")[:1] == ["example-ban-2021"]  # merged
    # a merged case is no result of its own, whatever the words
    assert "copy-of-example-ban-2021" not in first("example marketplace suspends")


@pytest.mark.parametrize(
    ("words", "options"),
    [
        ("ordinary", {}),
        ("ordinary walrus", {}),
        ("walrus otter", {}),
        ("ordinary", {"platform": ("temu",)}),
        ("ordinary otter", {"kind": ("bans",), "since": "2022"}),
        ("ordinary", {"platform": ("no-such-platform",)}),
        ("otter", {"until": "2021"}),
    ],
)
def test_counts_and_snippets_from_postings_agree_with_matching_every_case(
    root: Path, words: str, options: dict[str, Any]
) -> None:
    """Plain words are counted from the postings; the count must be what matching the
    query against every case gives, and each snippet must mark a word of the query."""
    write(root, "walrus-title", title="A walrus in the title", date="2021-05")
    write(root, "otter-body", body="An otter in the body, long enough for the validator.")
    write(root, "both-words", summary="A walrus and an otter.", platform="temu", date="2023")
    merged = write(root, "merged-walrus", title="Walrus merged away", platform="temu")
    text = merged.read_text().replace("status: active", "status: active\nmerged_into: both-words")
    merged.write_text(text)
    from whoosh import query as whoosh_query

    from sellerkb.search.fields import weighting
    from sellerkb.search.query import Filters, build, filter_query, run

    filters = Filters(**options)
    store = IndexStore(root)
    store.ensure_fresh()
    with store.open().searcher(weighting=weighting()) as searcher:
        results = run(searcher, words, filters, limit=100)
        built, _ = build(searcher, words)
        restrict = filter_query(filters)
        listed = whoosh_query.Term("listed", "yes")
        every = whoosh_query.And([built, listed, *([restrict] if restrict else [])])
        matching = {searcher.stored_fields(d)["id"] for d in searcher.docs_for_query(every)}
    assert results.total == len(matching)
    assert {hit.id for hit in results.hits} == matching
    assert "merged-walrus" not in matching
    with store.open().searcher() as searcher:  # indexed, and left out as merged
        assert searcher.document_number(id="merged-walrus") is not None
    for hit in results.hits:
        assert "\x01" in hit.snippet, hit
    flags = [
        arg
        for name, value in options.items()
        for one in ([value] if isinstance(value, str) else value)
        for arg in (f"--{name}", one)
    ]
    assert search(root, words, *flags)["total"] == len(matching)
