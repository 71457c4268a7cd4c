"""Translations: files beside their originals, checked against them, never silently stale."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sellerkb.cli import main
from sellerkb.load import load_corpus
from sellerkb.translations import changed_parts, fingerprint, numbers

TRANSLATION_CODES = {"SKB701", "SKB702", "SKB703", "SKB704", "SKB705", "SKB706"}
ORIGINAL = "cases/bans/example-ban-2021.md"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def translation(title: str, summary: str, stamp: str, extra: str = "", body: str = "") -> str:
    return f"---\ntitle: {title}\nsummary: {summary}\ntranslated_from: {stamp}\n{extra}---\n\n" + (
        body
        or "## 事件经过\n\n示例市场关闭了挪威卖家的账户，并冻结了他们的余额。"
        "这是翻译正文，它足够长，可以通过正文长度的规则检查。\n"
    )


def stamped(root: Path) -> str:
    case = load_corpus(root).corpus.cases["example-ban-2021"]
    return fingerprint(case.title, case.meta.summary, case.body)


def codes(root: Path, rel: str) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in load_corpus(root, only=[rel]).problems]


def test_a_faithful_translation_is_attached_to_its_case(root: Path) -> None:
    case = load_corpus(root).corpus.cases["example-ban-2021"]
    numbers_in = sorted(numbers(f"{case.title} {case.meta.summary}"))
    rel = "cases/bans/example-ban-2021.zh.md"
    (root / rel).write_text(
        translation(
            "示例：" + " ".join(numbers_in) + " 关闭账户",
            "摘要 " + " ".join(numbers_in),
            stamped(root),
        )
    )
    result = load_corpus(root)
    assert [p for p in result.problems if p.path == rel] == []
    attached = result.corpus.cases["example-ban-2021"].translations["zh"]
    assert attached.stale == () and attached.path == rel


def test_translation_without_original_and_in_an_unknown_language(root: Path) -> None:
    (root / "cases/bans/no-such-case-2021.zh.md").write_text(
        translation("一个没有原文的翻译", "摘要", "0" * 10 + "-" + "0" * 10 + "-" + "0" * 10)
    )
    (root / "cases/bans/example-ban-2021.de.md").write_text("x")
    problems = load_corpus(root).problems
    assert ("SKB701", "cases/bans/no-such-case-2021.zh.md") in [(p.code, p.path) for p in problems]
    assert ("SKB703", "cases/bans/example-ban-2021.de.md") in [(p.code, p.path) for p in problems]


def test_a_translation_may_not_repeat_facts(root: Path) -> None:
    rel = "cases/bans/example-ban-2021.zh.md"
    (root / rel).write_text(
        translation(
            "标题足够长的翻译", "摘要", stamped(root), "date: 2021-03\nplatforms: [amazon]\n"
        )
    )
    assert [c for c in codes(root, rel) if c[0] == "SKB702"] == [("SKB702", 5), ("SKB702", 6)]


def test_a_bad_fingerprint_is_an_error(root: Path) -> None:
    rel = "cases/bans/example-ban-2021.zh.md"
    (root / rel).write_text(translation("标题足够长的翻译", "摘要", "pending"))
    assert ("SKB706", 4) in codes(root, rel)


def test_a_changed_original_makes_its_translation_stale_and_says_what_changed(root: Path) -> None:
    rel = "cases/bans/example-ban-2021.zh.md"
    (root / rel).write_text(translation("标题足够长的翻译", "摘要", stamped(root)))
    original = root / ORIGINAL
    original.write_text(original.read_text() + "\nA new paragraph of the original body.\n")
    problems = load_corpus(root, only=[ORIGINAL]).problems  # the original brings it along
    stale = [p for p in problems if p.code == "SKB704"]
    assert [(p.path, p.line) for p in stale] == [(rel, 4)]
    assert "body changed" in stale[0].message
    case = load_corpus(root).corpus.cases["example-ban-2021"]
    assert case.translations["zh"].stale == ("body",)


def test_numbers_of_the_title_and_summary_must_stay(root: Path) -> None:
    rel = "cases/bans/example-ban-2021.zh.md"
    (root / rel).write_text(translation("没有数字的翻译标题", "没有数字的摘要", stamped(root)))
    missing = [p.message for p in load_corpus(root, only=[rel]).problems if p.code == "SKB705"]
    assert missing and all("is in the original's title or summary" in m for m in missing)


def test_a_translation_in_the_originals_own_language(root: Path) -> None:
    rel = "cases/bans/example-ban-2021.en.md"
    (root / rel).write_text(translation("An English translation", "Summary", stamped(root)))
    assert ("SKB703", 1) in codes(root, rel)


def test_fingerprint_ignores_rewrapping_and_names_parts() -> None:
    a = fingerprint("Title", "One two\nthree", "Body")
    assert a == fingerprint("Title", "One two three", "Body")
    assert changed_parts(a, fingerprint("Title", "One two three", "New body")) == ["body"]
    assert numbers("13,000 accounts in 2022, No. 3:21-cv-07083") == {
        "13000",
        "2022",
        "3:21",
        "07083",
    }


def test_translate_scaffolds_once_and_refresh_restamps(root: Path) -> None:
    result = run(root, "translate", "example-ban-2021", "--lang", "zh")
    assert result.exit_code == 0, result.output
    path = root / "cases/bans/example-ban-2021.zh.md"
    text = path.read_text()
    assert f"translated_from: {stamped(root)}" in text and "TODO" in text
    again = run(root, "translate", "example-ban-2021", "--lang", "zh")
    assert again.exit_code == 1 and "already exists" in again.output
    assert path.read_text() == text
    path.write_text(text.replace(stamped(root), "0" * 10 + "-" + "0" * 10 + "-" + "0" * 10))
    assert run(root, "translate", "example-ban-2021", "--lang", "zh", "--refresh").exit_code == 0
    assert f"translated_from: {stamped(root)}" in path.read_text()


def test_coverage_report(root: Path) -> None:
    result = run(root, "translations", "--lang", "zh")
    assert result.exit_code == 1
    assert "zh  bans         0 of    1 up to date (0%); 0 stale, 1 missing" in result.output
    assert "    missing: example-ban-2021" in result.output
