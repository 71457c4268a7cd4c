"""One failing fixture per problem code, asserting that code at that line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sellerkb.discover import discover
from sellerkb.load import load_corpus, load_file
from sellerkb.problems import RULES

from .conftest import FIXTURES, problems_of
from .test_lifecycle import LIFECYCLE_CODES
from .test_translations import TRANSLATION_CODES

# code -> (kind, line) for the committed text fixtures in fixtures/failing/<code>.md
TEXT_FIXTURES = {
    "SKB201": ("bans", 1),
    "SKB202": ("bans", 1),
    "SKB203": ("bans", 2),
    "SKB204": ("bans", 6),
    "SKB205": ("bans", 3),
    "SKB206": ("bans", 5),
    "SKB207": ("bans", 5),
    "SKB208": ("bans", 10),
    "SKB209": ("bans", 2),
    "SKB210": ("bans", 5),
    "SKB301": ("bans", 1),
    "SKB302": ("bans", 6),
    "SKB303": ("bans", 7),
    "SKB304": ("lawsuits", 9),
    "SKB305": ("bans", 4),
    "SKB306": ("bans", 5),
    "SKB307": ("bans", 5),
    "SKB308": ("bans", 6),
    "SKB309": ("bans", 9),
    "SKB310": ("bans", 11),
    "SKB311": ("bans", 12),
    "SKB312": ("bans", 11),
    "SKB313": ("bans", 2),
    "SKB314": ("bans", 10),
    "SKB315": ("bans", 10),
    "SKB316": ("lawsuits", 5),
    "SKB317": ("bans", 8),
    "SKB318": ("bans", 10),
    "SKB319": ("bans", 9),
    "SKB320": ("bans", 5),
    "SKB321": ("bans", 12),
    "SKB401": ("bans", 13),
    "SKB402": ("bans", 18),
    "SKB403": ("bans", 18),
    "SKB404": ("bans", 18),
    "SKB405": ("bans", 18),
    "SKB406": ("bans", 3),
    "SKB407": ("bans", 18),
    "SKB502": ("bans", 9),
    "SKB503": ("bans", 9),
    "SKB504": ("bans", 18),
}
VALID = (FIXTURES / "root" / "cases" / "bans" / "example-ban-2021.md").read_text()


def codes_at(problems, code):
    return [(p.line, p.column) for p in problems if p.code == code]


def test_valid_fixtures_of_every_kind_have_no_errors(root: Path) -> None:
    result = load_corpus(root)
    assert result.errors == []
    assert sorted(result.corpus.cases) == [
        "example-ban-2021",
        "example-lawsuit-2021",
        "example-policy-2019",
    ]
    assert {case.kind.value for case in result.corpus.cases.values()} == {
        "bans",
        "lawsuits",
        "policies",
    }


@pytest.mark.parametrize("code", sorted(TEXT_FIXTURES))
def test_text_fixture(check, code: str) -> None:
    kind, line = TEXT_FIXTURES[code]
    problems = check((FIXTURES / "failing" / f"{code}.md").read_bytes(), kind)
    assert [p.line for p in problems if p.code == code][:1] == [line], problems
    assert all(p.message and p.hint for p in problems if p.code == code)


def test_every_code_has_a_fixture_or_a_generated_test() -> None:
    generated = {
        "SKB101",
        "SKB102",
        "SKB103",
        "SKB104",
        "SKB105",
        "SKB106",
        "SKB107",
        "SKB108",
        "SKB109",
        "SKB110",
        "SKB111",
        "SKB112",  # a committed search index: tests/test_changes.py
        "SKB501",
        "SKB506",  # likely duplicates: tests/test_changes.py
        "SKB505",
        "SKB601",
        "SKB602",
        *TRANSLATION_CODES,  # tests/test_translations.py
        *LIFECYCLE_CODES,  # tests/test_lifecycle.py
    }
    assert set(RULES) == set(TEXT_FIXTURES) | generated
    assert set(TEXT_FIXTURES) == {p.stem for p in (FIXTURES / "failing").glob("*.md")}


def test_skb101_file_over_one_mib_is_not_read(check) -> None:
    problems = check(VALID + "x" * (1024 * 1024))
    assert [(p.code, p.line) for p in problems] == [("SKB101", 1)]


def test_skb102_binary_file(check) -> None:
    assert [p.code for p in check(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")] == ["SKB102"]


def test_skb102_invalid_utf8_points_at_the_line(check) -> None:
    data = VALID.encode().replace(b"title: Example", b"title: \xff\xfeExample")
    problems = check(data)
    assert [(p.code, p.line, p.column) for p in problems] == [("SKB102", 2, 8)]


def test_skb103_bom_is_reported_and_the_rest_still_checked(check) -> None:
    problems = check(b"\xef\xbb\xbf" + VALID.encode().replace(b"[review-manipulation]", b"[nope]"))
    assert codes_at(problems, "SKB103") == [(1, 1)]
    assert codes_at(problems, "SKB308") == [(13, 14)]


def test_skb104_control_character(check) -> None:
    problems = check(VALID.replace("the report", "the \x1b[31mreport"))
    assert codes_at(problems, "SKB104") == [(35, 60)]


def test_skb104_bare_carriage_return(check) -> None:
    assert codes_at(check(VALID.replace("date: 2021-05\n", "date: 2021-05\r")), "SKB104") == [
        (6, 14)
    ]


def test_crlf_line_endings_are_accepted(check) -> None:
    assert check(VALID.replace("\n", "\r\n")) == []


def test_skb105_bidi_override(check) -> None:
    problems = check(VALID.replace("suspended accounts", "suspended \u202eaccounts"))
    assert codes_at(problems, "SKB105") == [(35, 32)]


def test_skb106_symlink_is_not_followed(root: Path) -> None:
    os.symlink("/etc/passwd", root / "cases" / "bans" / "link-case.md")
    problems = problems_of(root, "cases/bans/link-case.md")
    assert [(p.code, p.line) for p in problems] == [("SKB106", 1)]


def test_skb107_stray_files(root: Path) -> None:
    (root / "cases" / "notes.txt").write_text("x")
    (root / "cases" / "bans" / "upper-case.MD").write_text(VALID)
    result = load_corpus(root)
    stray = {p.path: p.hint for p in result.problems if p.code == "SKB107"}
    assert set(stray) == {"cases/notes.txt", "cases/bans/upper-case.MD"}
    assert stray["cases/bans/upper-case.MD"] == "rename it to 'upper-case.md'"


def test_skb108_stray_folders(root: Path) -> None:
    (root / "cases" / "bans" / "nested").mkdir()
    (root / "cases" / "bans" / "nested" / "hidden-case.md").write_text(VALID)
    (root / "cases" / "drafts").mkdir()
    result = load_corpus(root)
    assert {p.path for p in result.problems if p.code == "SKB108"} == {
        "cases/bans/nested",
        "cases/drafts",
    }
    assert "hidden-case" not in result.corpus.cases


def test_skb109_invalid_id(check) -> None:
    problems = check(VALID, name="Amazon_Ban 2021.md")
    assert [(p.code, p.hint) for p in problems] == [
        (
            "SKB109",
            "ids are 3 to 80 characters of a-z, 0-9 and single '-'; "
            "rename it to 'amazon-ban-2021.md'",
        )
    ]


def test_skb110_names_differing_only_by_case(root: Path) -> None:
    (root / "cases" / "Bans").mkdir()
    problems = load_corpus(root).problems
    assert [(p.code, p.path) for p in problems if p.code == "SKB110"] == [("SKB110", "cases/bans")]


def test_skb111_file_vanishing_during_the_run(root: Path) -> None:
    found = discover(root)
    (root / "cases" / "bans" / "example-ban-2021.md").unlink()
    case, _, _, problems = load_file(found.files[0], None)
    assert case is None
    assert [(p.code, p.path) for p in problems] == [("SKB111", "cases/bans/example-ban-2021.md")]


def test_skb501_duplicate_id_across_kinds(root: Path) -> None:
    (root / "cases" / "policies" / "example-ban-2021.md").write_text(VALID)
    problems = load_corpus(root).problems
    assert [(p.code, p.path) for p in problems if p.code == "SKB501"] == [
        ("SKB501", "cases/policies/example-ban-2021.md")
    ]


def test_skb505_unused_slug_points_at_the_vocabulary_line(root: Path) -> None:
    problems = load_corpus(root).problems
    unused = {p.message.split("'")[1]: p.line for p in problems if p.code == "SKB505"}
    assert unused["flipkart"] == 36
    assert "amazon" not in unused


def test_skb601_bad_vocabulary(root: Path) -> None:
    vocab = root / "cases" / "vocabulary.yml"
    vocab.write_text(vocab.read_text().replace("  - slug: walmart\n", "  - slug: amazon\n", 1))
    problems = load_corpus(root).problems
    assert [(p.code, p.line) for p in problems if p.code == "SKB601"] == [("SKB601", 8)]


def test_skb602_no_cases_folder(tmp_path: Path) -> None:
    problems = load_corpus(tmp_path).problems
    assert [p.code for p in problems] == ["SKB602"]


def test_cases_with_errors_are_kept_out_of_the_corpus(root: Path, check) -> None:
    check((FIXTURES / "failing" / "SKB307.md").read_text())
    result = load_corpus(root)
    assert "fixture-case" not in result.corpus.cases
    assert result.rejected == {"cases/bans/fixture-case.md"}
