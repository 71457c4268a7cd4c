"""Contributions: workflows, --changed, duplicates, privacy, issue forms to case files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sellerkb.cli import main
from sellerkb.from_issue import LABELS

from .conftest import FIXTURES, REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BAN = (FIXTURES / "root" / "cases" / "bans" / "example-ban-2021.md").read_text()


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def test_workflows_pass_actionlint() -> None:
    actionlint = shutil.which("actionlint") or str(
        Path(__file__).parents[1] / ".venv/bin/actionlint"
    )
    done = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(WORKFLOWS) == 2


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_safe_by_construction(path: Path) -> None:
    text = path.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow.get(True) or workflow.get("on")  # YAML 1.1 reads `on` as true
    assert "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False
            script = step.get("run", "")
            assert not re.search(r"\$\{\{\s*github\.(event|head_ref)", script), step


@pytest.fixture
def repo(root: Path) -> Path:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git(
        "-c",
        "user.email=t@example.org",
        "-c",
        "user.name=t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "empty",
    )
    git("add", "-A")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "-m", "cases")
    return root


def changed(repo: Path, *extra: str) -> dict:
    result = run(repo, "validate", "--changed", *extra, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_changed_checks_changed_files_and_the_cases_that_link_to_them(repo: Path) -> None:
    assert changed(repo) == {"files": 0, "errors": 0, "warnings": 0, "problems": []}
    lawsuit = repo / "cases" / "lawsuits" / "example-lawsuit-2021.md"
    lawsuit.write_text(lawsuit.read_text().replace("status: decided", "status: dismissed"))
    report = changed(repo)
    # the lawsuit changed; the ban links to it and the policy is in its related list
    assert report["files"] == 2
    assert {p["path"] for p in report["problems"]} == {"cases/lawsuits/example-lawsuit-2021.md"}
    assert [p["code"] for p in report["problems"]] == ["SKB316"]


def test_changed_sees_deletions_and_untracked_files(repo: Path) -> None:
    (repo / "cases" / "lawsuits" / "example-lawsuit-2021.md").unlink()
    (repo / "cases" / "policies" / "brand-new-policy.md").write_text(
        (FIXTURES / "root" / "cases" / "policies" / "example-policy-2019.md").read_text()
    )
    report = changed(repo, "HEAD")
    paths = {p["path"] for p in report["problems"] if p["severity"] == "error"}
    assert paths == {"cases/bans/example-ban-2021.md"}  # it links to the deleted lawsuit
    assert report["files"] == 2
    assert any(
        p["code"] == "SKB506" and p["path"] == "cases/policies/brand-new-policy.md"
        for p in report["problems"]
    )


def test_changed_outside_git_is_a_usage_error(root: Path) -> None:
    result = run(root, "validate", "--changed")
    assert result.exit_code == 2
    assert "--changed:" in result.output


def test_duplicates_name_the_existing_case(root: Path) -> None:
    bans = root / "cases" / "bans"
    (bans / "same-title-2021.md").write_text(
        BAN.replace("related: [example-lawsuit-2021]\n", "")
        .replace("date: 2021-05", "date: 2021-11")
        .replace("end_date: 2021-09-17\n", "")
    )
    lawsuit = (root / "cases" / "lawsuits" / "example-lawsuit-2021.md").read_text()
    (root / "cases" / "lawsuits" / "same-number-2023.md").write_text(
        lawsuit.replace(
            "Example Co. v. Example Marketplace: withheld balances",
            "A different title altogether for this",
        )
        .replace("date: 2021-09-13", "date: 2023")
        .replace("end_date: 2021-12-09\n", "")
        .replace("related: [example-ban-2021, example-policy-2019]\n", "")
    )
    report = json.loads(run(root, "validate", "--format", "json").output)
    dupes = {
        (p["path"], p["line"], p["message"]) for p in report["problems"] if p["code"] == "SKB506"
    }
    assert dupes == {
        (
            "cases/bans/same-title-2021.md",
            2,
            "possible duplicate of 'example-ban-2021' (cases/bans/example-ban-2021.md): "
            "a nearly identical title: 'Example marketplace suspends test seller accounts'",
        ),
        (
            "cases/lawsuits/same-number-2023.md",
            11,
            "possible duplicate of 'example-lawsuit-2021' "
            "(cases/lawsuits/example-lawsuit-2021.md): the same case number '3:21-cv-00000'",
        ),
    }


def test_same_platform_month_and_topics_is_a_possible_duplicate(root: Path) -> None:
    other = BAN.replace(
        "Example marketplace suspends test seller accounts", "Another title about a different thing"
    ).replace("related: [example-lawsuit-2021]\n", "")
    (root / "cases" / "bans" / "same-month-2021.md").write_text(other)
    report = json.loads(run(root, "validate", "--format", "json").output)
    dupes = [p for p in report["problems"] if p["code"] == "SKB506"]
    assert [(p["path"], p["line"]) for p in dupes] == [("cases/bans/same-month-2021.md", 6)]
    assert dupes[0]["message"].endswith("the same platform, month and topics")


def test_personal_data_in_fields_is_a_warning(root: Path) -> None:
    text = BAN.replace(
        "A fixture ban used by the tests.", "Write to seller@example.com or +44 20 7946 0958."
    )
    (root / "cases" / "bans" / "personal-data-2021.md").write_text(text)
    report = json.loads(
        run(root, "validate", "cases/bans/personal-data-2021.md", "--format", "json").output
    )
    found = [(p["line"], p["message"]) for p in report["problems"] if p["code"] == "SKB405"]
    assert found == [
        (3, "summary: 'seller@example.com' looks like personal data"),
        (3, "summary: '+44 20 7946 0958' looks like personal data"),
    ]


def test_issue_form_labels_match_the_template() -> None:
    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/report-a-case.yml").read_text())
    labels = {item["attributes"]["label"]: item["id"] for item in form["body"] if "id" in item}
    assert labels == LABELS


def test_from_issue_writes_a_valid_case(root: Path) -> None:
    result = run(root, "from-issue", str(FIXTURES / "issues" / "report-a-case.md"))
    assert result.exit_code == 0, result.output
    path = root / "cases/bans/example-marketplace-closes-seller-accounts-in-norway-2023.md"
    text = path.read_text()
    # The one writer of case files quotes text, so that NO stays Norway for every reader.
    assert text.startswith('---\ntitle: "Example marketplace closes seller accounts in Norway"\n')
    assert 'marketplaces: ["NO", DE]\n' in text
    assert '    url: "https://example.org/report"\n' in text
    assert "warning SKB318" in result.output  # the second source has no URL
    again = run(root, "from-issue", str(FIXTURES / "issues" / "report-a-case.md"))
    assert again.exit_code == 0
    assert (path.parent / f"{path.stem}-2.md").exists()  # a new id, never an overwrite
    assert path.read_text() == text


def test_from_issue_reports_what_is_missing(root: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(
        "### Kind\n\nlawsuit\n\n### Title\n\nA lawsuit with most fields missing\n\n"
        "### What happened\n\n<script>alert(1)</script> was pasted here.\n"
    )
    result = run(root, "from-issue", str(issue))
    assert result.exit_code == 1
    for expected in (
        "missing required field 'summary'",
        "missing required field 'sources'",
        "missing required field 'forum'",
        "error SKB402: raw HTML '<script>'",
    ):
        assert expected in result.output


def test_from_issue_refuses_what_is_not_a_case_report(root: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text("### Case id\n\nexample-ban-2021\n")
    result = run(root, "from-issue", str(issue))
    assert result.exit_code == 1
    assert "the issue has no 'Kind' answer" in result.output
    issue.write_bytes(b"\xff\xfe\x00binary")
    assert "not UTF-8" in run(root, "from-issue", str(issue)).output


def test_chinese_issue_form_labels_match_the_parser() -> None:
    from sellerkb.from_issue import LABELS_ZH

    form = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/report-a-case-zh.yml").read_text())
    labels = {item["attributes"]["label"]: item["id"] for item in form["body"] if "id" in item}
    assert labels == LABELS_ZH
    english = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/report-a-case.yml").read_text())
    assert [i.get("id") for i in form["body"]] == [i.get("id") for i in english["body"]]
    correction = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/correct-a-case-zh.yml").read_text())
    assert [i["id"] for i in correction["body"]] == ["case", "correction", "sources"]


def test_from_issue_in_chinese_writes_a_valid_chinese_case(root: Path) -> None:
    result = run(root, "from-issue", str(FIXTURES / "issues" / "report-a-case-zh.md"))
    assert result.exit_code == 0, result.output
    [path] = [p for p in (root / "cases" / "bans").glob("*-2023.md")]
    text = path.read_text()
    assert "language: zh\n" in text and "## 事件经过" in text
    assert 'title: "示例平台关闭挪威卖家的账户"' in text
    assert "error" not in result.output
