"""The command line, with exact output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sellerkb.cli import main
from sellerkb.problems import RULES

from .conftest import FIXTURES

BAD = (FIXTURES / "failing" / "SKB307.md").read_text()
NO_URL = (FIXTURES / "failing" / "SKB318.md").read_text()


def run(*args: str, cwd: Path | None = None, stdin: str | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), input=stdin)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), input=stdin)
    finally:
        os.chdir(old)


@pytest.fixture
def bad_root(root: Path) -> Path:
    (root / "cases" / "bans" / "bad-case.md").write_text(BAD)
    return root


def test_validate_text_output_is_exact(bad_root: Path) -> None:
    result = run("validate", "--root", str(bad_root), "cases/bans/bad-case.md", cwd=bad_root)
    assert result.exit_code == 1
    assert result.output == (
        "cases/bans/bad-case.md:5:9: error SKB307: status: the text 'banned' is not allowed\n"
        "    hint: use one of 'active', 'partially-reinstated', 'reinstated' or 'unknown'\n"
        "1 file checked: 1 error, 0 warnings\n"
    )


def test_validate_finds_the_root_from_a_subfolder(bad_root: Path) -> None:
    result = run("validate", "bad-case.md", cwd=bad_root / "cases" / "bans")
    assert result.exit_code == 1
    assert result.output.startswith("cases/bans/bad-case.md:5:9: error SKB307")


def test_validate_json_is_one_object(bad_root: Path) -> None:
    result = run("validate", "--format", "json", "cases/bans/bad-case.md", cwd=bad_root)
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "files": 1,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "path": "cases/bans/bad-case.md",
                "line": 5,
                "column": 9,
                "severity": "error",
                "code": "SKB307",
                "message": "status: the text 'banned' is not allowed",
                "hint": "use one of 'active', 'partially-reinstated', 'reinstated' or 'unknown'",
            }
        ],
    }


def test_validate_github_annotations(bad_root: Path) -> None:
    result = run("validate", "--format", "github", "cases/bans/bad-case.md", cwd=bad_root)
    assert result.output.splitlines() == [
        "::error file=cases/bans/bad-case.md,line=5,col=9,title=SKB307::status: the text "
        "'banned' is not allowed (use one of 'active', 'partially-reinstated', 'reinstated' "
        "or 'unknown')",
        "1 file checked: 1 error, 0 warnings",
    ]


def test_warnings_pass_unless_strict(root: Path) -> None:
    (root / "cases" / "bans" / "no-url.md").write_text(NO_URL)
    relaxed = run("validate", "cases/bans/no-url.md", cwd=root)
    strict = run("validate", "--strict", "cases/bans/no-url.md", cwd=root)
    assert relaxed.exit_code == 0
    assert strict.exit_code == 1
    assert "warning SKB318" in strict.output


def test_whole_corpus_counts_every_file(root: Path) -> None:
    result = run("validate", "--format", "json", cwd=root)
    report = json.loads(result.output)
    assert result.exit_code == 0
    assert (report["files"], report["errors"]) == (3, 0)
    assert {p["code"] for p in report["problems"]} == {"SKB318", "SKB505"}


def test_a_folder_path_reports_its_files(bad_root: Path) -> None:
    result = run("validate", "--format", "json", "cases/bans", cwd=bad_root)
    report = json.loads(result.output)
    assert report["files"] == 2
    assert {p["path"] for p in report["problems"]} == {"cases/bans/bad-case.md"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["validate", "nowhere.md"], "nowhere.md does not exist"),
        (["validate", "--root", "/nonexistent"], "there is no cases/ folder there"),
    ],
)
def test_usage_errors_exit_2(root: Path, args: list[str], message: str) -> None:
    result = run(*args, cwd=root)
    assert result.exit_code == 2
    assert message in result.output


def test_no_root_found_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no cases/vocabulary.yml in this folder or any parent" in result.output


def test_rules_lists_every_code() -> None:
    lines = run("rules").output.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert lines[0] == "SKB101  error    file too large"


def test_rules_explains_one_code() -> None:
    result = run("rules", "skb204")
    assert result.output.startswith("SKB204 (error): duplicate key\n\nA key appears twice")
    assert run("rules", "SKB999").exit_code == 2


def test_schema_is_draft_2020_12_with_every_kind() -> None:
    schema = json.loads(run("schema").output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {ref["$ref"] for ref in schema["oneOf"]} == {
        "#/$defs/BanFields",
        "#/$defs/LawsuitFields",
        "#/$defs/PolicyFields",
    }
    lawsuit = json.loads(run("schema", "--kind", "lawsuits").output)
    assert {"forum", "plaintiffs", "defendants"} <= set(lawsuit["required"])
    assert lawsuit["additionalProperties"] is False


def test_new_writes_a_template_and_the_next_steps(root: Path) -> None:
    result = run(
        "new",
        "bans",
        "amazon-example-2024",
        "--title",
        "Amazon closes example stores",
        "--platform",
        "amazon",
        "--date",
        "2024-05",
        "--source-url",
        "https://example.org/a",
        "--source-title",
        "A report",
        cwd=root,
    )
    assert result.exit_code == 0, result.output
    text = (root / "cases" / "bans" / "amazon-example-2024.md").read_text()
    assert text.startswith('---\ntitle: "Amazon closes example stores"\n')
    assert 'url: "https://example.org/a"' in text
    assert result.output.splitlines()[:4] == [
        "Created cases/bans/amazon-example-2024.md.",
        "",
        "Next steps:",
        "  1. Open cases/bans/amazon-example-2024.md and replace every TODO "
        "(still to fill: body, summary, topics).",
    ]


def test_new_template_of_every_kind_only_lacks_what_the_author_must_fill(root: Path) -> None:
    for kind in ("bans", "lawsuits", "policies"):
        run(
            "new",
            kind,
            f"example-{kind}-new",
            "--title",
            "An example new case",
            "--platform",
            "amazon",
            "--date",
            "2024",
            "--source-url",
            "https://example.org/b",
            "--source-title",
            "A report",
            cwd=root,
        )
        report = json.loads(
            run(
                "validate", "--format", "json", f"cases/{kind}/example-{kind}-new.md", cwd=root
            ).output
        )
        assert {p["code"] for p in report["problems"]} == {"SKB317", "SKB406"}, report


def test_new_never_overwrites_a_file_or_an_id(root: Path) -> None:
    existing = root / "cases" / "lawsuits" / "example-lawsuit-2021.md"
    before = existing.read_bytes()
    result = run(
        "new",
        "bans",
        "example-lawsuit-2021",
        "--title",
        "x" * 10,
        "--platform",
        "amazon",
        "--date",
        "2024",
        "--source-title",
        "t",
        cwd=root,
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: a case with id 'example-lawsuit-2021' already exists: "
        "cases/lawsuits/example-lawsuit-2021.md; nothing was written\n"
    )
    assert existing.read_bytes() == before
    assert not (root / "cases" / "bans" / "example-lawsuit-2021.md").exists()
    assert [p.name for p in (root / "cases" / "bans").iterdir() if p.name.startswith(".")] == []


def test_new_rejects_a_bad_id_and_a_bad_date(root: Path) -> None:
    assert run("new", "bans", "Bad_Id", cwd=root).exit_code == 2
    result = run(
        "new",
        "bans",
        "good-id-here",
        "--date",
        "May 2024",
        "--title",
        "t" * 9,
        "--platform",
        "amazon",
        "--source-title",
        "t",
        cwd=root,
    )
    assert result.exit_code == 2
    assert not (root / "cases" / "bans" / "good-id-here.md").exists()


def test_every_command_has_help_with_examples() -> None:
    for name in main.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output, name
