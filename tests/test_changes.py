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


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_refuse_a_committed_index_before_installing_anything(path: Path) -> None:
    steps = [
        step
        for job in yaml.safe_load(path.read_text())["jobs"].values()
        for step in job.get("steps", [])
    ]
    scripts = [str(step.get("run", "")) for step in steps]
    refusing = [n for n, script in enumerate(scripts) if "git ls-files -- .sellerkb" in script]
    installing = [n for n, script in enumerate(scripts) if "pip install" in script]
    assert refusing and installing and refusing[0] < installing[0]
    assert "exit 1" in scripts[refusing[0]]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_refusing_step_fails_on_a_tracked_index_and_passes_without(
    path: Path, repo: Path
) -> None:
    steps = [
        step
        for job in yaml.safe_load(path.read_text())["jobs"].values()
        for step in job.get("steps", [])
    ]
    script = next(str(s["run"]) for s in steps if "git ls-files -- .sellerkb" in str(s.get("run")))
    clean = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (repo / ".sellerkb").mkdir()
    (repo / ".sellerkb" / "CURRENT").write_text("index-1")
    subprocess.run(["git", "-C", str(repo), "add", "-f", ".sellerkb"], check=True)
    planted = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True)
    assert planted.returncode == 1
    assert ".sellerkb/CURRENT" in planted.stdout


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


SAME_MONTH = BAN.replace("related: [example-lawsuit-2021]\n", "")
PETS = ["kites", "lamps", "boots", "pianos", "tulips", "violins"]
UNLIKE = [
    "Claim on fees",
    "Vendor disputes withheld payouts",
    "Arbitration demanded over closures",
    "Regulator probes review removals",
    "Class action about storage charges",
    "Appeal lost in district court",
]
BAN_SUMMARY = (
    "A fixture ban used by the tests. Dates like 2021-05 and codes like NO\n  must stay text."
)


@pytest.mark.parametrize(
    ("change", "evidence"),
    [
        # the fixture ban and this one cite the same page, however its address is written
        (("Example marketplace suspends test seller accounts", "A different story"), "source"),
        (("https://example.org/report", "HTTPS://WWW.Example.org/report/#part"), "source"),
        (
            (
                "Example marketplace suspends test seller accounts",
                "Test seller accounts suspended by the example marketplace",
            ),
            "similar titles",
        ),
    ],
)
def test_same_platform_month_and_topics_with_evidence_is_a_possible_duplicate(
    root: Path, change: tuple[str, str], evidence: str
) -> None:
    text = SAME_MONTH.replace(*change)
    if evidence != "source":
        text = text.replace("https://example.org/report", "https://example.org/another-report")
    (root / "cases" / "bans" / "same-month-2021.md").write_text(text)
    report = json.loads(run(root, "validate", "--format", "json").output)
    dupes = [p for p in report["problems"] if p["code"] == "SKB506"]
    assert [(p["path"], p["line"]) for p in dupes] == [("cases/bans/same-month-2021.md", 6)]
    assert "the same platform, month and topics, and " in dupes[0]["message"]
    assert evidence in dupes[0]["message"]


@pytest.mark.parametrize(
    "summary",
    [
        BAN_SUMMARY,  # the same summary
        "Codes like NO and dates like 2021-05 must stay text. A fixture ban used by tests.",
    ],
)
def test_similar_summaries_are_evidence(root: Path, summary: str) -> None:
    text = (
        SAME_MONTH.replace("Example marketplace suspends test seller accounts", "A new story")
        .replace("https://example.org/report", "https://example.org/another-report")
        .replace(BAN_SUMMARY, summary)
    )
    (root / "cases" / "bans" / "same-month-2021.md").write_text(text)
    report = json.loads(run(root, "validate", "--format", "json").output)
    dupes = [p["message"] for p in report["problems"] if p["code"] == "SKB506"]
    assert len(dupes) == 1 and dupes[0].endswith("and similar summaries")


def test_same_platform_month_and_topics_alone_is_not_a_duplicate(root: Path) -> None:
    titles = ["Kite sellers lose their stores", "Lamp makers appeal in vain", "Boots vanish"]
    summaries = ["Kites were flagged.", "Nobody explained the lamp ban.", "Stores sold boots."]
    for n, (title, summary) in enumerate(zip(titles, summaries, strict=True)):
        text = (
            SAME_MONTH.replace("Example marketplace suspends test seller accounts", title)
            .replace("https://example.org/report", f"https://example.org/report-{n}")
            .replace(BAN_SUMMARY, summary)
        )
        (root / "cases" / "bans" / f"same-month-{n}-2021.md").write_text(text)
    report = json.loads(run(root, "validate", "--format", "json").output)
    assert [p for p in report["problems"] if p["code"] == "SKB506"] == []


LAWSUIT = (FIXTURES / "root" / "cases" / "lawsuits" / "example-lawsuit-2021.md").read_text()


def _lawsuit(n: int, plaintiffs: str) -> str:
    return (
        LAWSUIT.replace("Example Co. v. Example Marketplace: withheld balances", UNLIKE[n])
        .replace("A fixture lawsuit used by the tests.", f"{UNLIKE[n]}, said {PETS[n]} sellers.")
        .replace("3:21-cv-00000", f"3:21-cv-{n:05d}")
        .replace("related: [example-ban-2021, example-policy-2019]\n", "")
        .replace("[Example Co., Other Example Ltd.]", plaintiffs)
        .replace("https://example.org/", f"https://example.org/{n}/")
    )


def test_a_shared_plaintiff_is_evidence_unless_many_cases_name_it(root: Path) -> None:
    lawsuits = root / "cases" / "lawsuits"
    (lawsuits / "same-plaintiff-2021.md").write_text(
        _lawsuit(1, "[Someone Else, OTHER  example ltd.]")
    )
    report = json.loads(run(root, "validate", "--format", "json").output)
    dupes = [p["message"] for p in report["problems"] if p["code"] == "SKB506"]
    assert len(dupes) == 1 and dupes[0].endswith("and the same plaintiff 'other example ltd.'")
    # A name on many cases (as a platform's company is) tells none of them apart.
    for n in range(2, 5):
        (lawsuits / f"same-plaintiff-{n}-2021.md").write_text(_lawsuit(n, "[Other Example Ltd.]"))
    report = json.loads(run(root, "validate", "--format", "json").output)
    assert [p for p in report["problems"] if p["code"] == "SKB506"] == []
    # A shared defendant (mostly the platform itself) is no evidence.
    (lawsuits / "other-plaintiff-2021.md").write_text(_lawsuit(5, "[Nobody Else]"))
    report = json.loads(run(root, "validate", "--format", "json").output)
    assert [p for p in report["problems"] if p["code"] == "SKB506"] == []


def test_a_committed_index_is_an_error_in_every_mode(repo: Path) -> None:
    (repo / ".sellerkb" / "index-1").mkdir(parents=True)
    (repo / ".sellerkb" / "CURRENT").write_text("index-1")
    (repo / ".sellerkb" / "index-1" / "_MAIN_1.toc").write_bytes(b"cos\nsystem\n")
    assert run(repo, "validate").exit_code == 0  # ignored by git: only a local leftover
    subprocess.run(["git", "-C", str(repo), "add", "-f", ".sellerkb"], check=True)
    for args in (
        ["validate"],
        ["validate", "--changed"],
        ["validate", "cases/bans/example-ban-2021.md"],
    ):
        result = run(repo, *args, "--format", "json")
        assert result.exit_code == 1, (args, result.output)
        found = [
            (p["path"], p["severity"])
            for p in json.loads(result.output)["problems"]
            if p["code"] == "SKB112"
        ]
        assert found == [(".sellerkb/CURRENT", "error"), (".sellerkb/index-1/_MAIN_1.toc", "error")]


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


def _plant(repo: Path, what: str) -> str:
    """Make one thing under cases/ that a full run refuses; return the path it names."""
    bans = repo / "cases" / "bans"
    if what == "link out of the repo":
        (bans / "outside-2021.md").symlink_to("/etc/hostname")
        return "cases/bans/outside-2021.md"
    if what == "link to another case":
        (bans / "alias-2021.md").symlink_to("example-ban-2021.md")
        return "cases/bans/alias-2021.md"
    if what == "self-looping link":
        (bans / "loop-2021.md").symlink_to("loop-2021.md")
        return "cases/bans/loop-2021.md"
    if what == "linked folder":
        (repo / "cases" / "extra").symlink_to(bans, target_is_directory=True)
        return "cases/extra"
    if what == "bad name":
        (bans / "Bad_Name.md").write_text(BAN)
        return "cases/bans/Bad_Name.md"
    if what == "stray folder with a case":
        (repo / "cases" / "stray").mkdir()
        (repo / "cases" / "stray" / "stray-case-2021.md").write_text(BAN)
        return "cases/stray"
    if what == "sub-folder of a kind":
        (bans / "deeper" / "deepest").mkdir(parents=True)
        (bans / "deeper" / "deepest" / "notes.md").write_text("notes")
        return "cases/bans/deeper"
    if what == "empty stray folder":
        (repo / "cases" / "empty").mkdir()
        return "cases/empty"
    if what == "stray text file":
        (repo / "cases" / "notes.txt").write_text("notes")
        return "cases/notes.txt"
    if what == "markdown with another extension":
        (bans / "example-2021.markdown").write_text(BAN)
        return "cases/bans/example-2021.markdown"
    if what == "translation in no language of the site":
        (bans / "example-ban-2021.fr.md").write_text(BAN)
        return "cases/bans/example-ban-2021.fr.md"
    if what == "id of another kind, sorting first":
        (bans / "example-policy-2019.md").write_text(BAN)
        return "cases/bans/example-policy-2019.md"
    if what == "id of another kind":
        (repo / "cases" / "policies" / "example-ban-2021.md").write_text(BAN)
        return "cases/policies/example-ban-2021.md"
    raise AssertionError(what)


PLANTED = [
    ("link out of the repo", "SKB106"),
    ("link to another case", "SKB106"),
    ("self-looping link", "SKB106"),
    ("linked folder", "SKB106"),
    ("bad name", "SKB109"),
    ("stray folder with a case", "SKB108"),
    ("sub-folder of a kind", "SKB108"),
    ("empty stray folder", "SKB108"),
    ("stray text file", "SKB107"),
    ("markdown with another extension", "SKB107"),
    ("translation in no language of the site", "SKB703"),
    ("id of another kind", "SKB501"),
    ("id of another kind, sorting first", "SKB501"),
]


def _errors(report: dict) -> set[str]:
    return {p["code"] for p in report["problems"] if p["severity"] == "error"}


@pytest.mark.parametrize(("what", "code"), PLANTED, ids=[what for what, _ in PLANTED])
def test_changed_applies_the_rules_of_a_full_run(repo: Path, what: str, code: str) -> None:
    _plant(repo, what)
    full = run(repo, "validate", "--format", "json")
    assert full.exit_code == 1 and code in _errors(json.loads(full.output))
    result = run(repo, "validate", "--changed", "--format", "json")
    assert result.exit_code == 1, result.output
    assert _errors(json.loads(result.output)) == _errors(json.loads(full.output))
    text = run(repo, "validate", "--changed")  # the text report too, and never a traceback
    assert text.exit_code == 1 and code in text.output and text.exception is not None
    assert isinstance(text.exception, SystemExit)


@pytest.mark.parametrize(("what", "code"), PLANTED, ids=[what for what, _ in PLANTED])
def test_explicit_paths_apply_the_rules_of_a_full_run(
    repo: Path, what: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = _plant(repo, what)
    monkeypatch.chdir(repo)
    for path in (given, given.rpartition("/")[0], str(repo / given)):
        result = run(repo, "validate", path, "--format", "json")
        assert result.exit_code == 1, (path, result.output)
        assert code in _errors(json.loads(result.output)), path


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("README-missing.md", "does not exist"),
        ("tests-elsewhere", "does not exist"),
        ("/etc/hostname", "is not inside the root"),
    ],
)
def test_explicit_paths_that_are_not_case_files_are_usage_errors(
    repo: Path, given: str, message: str
) -> None:
    result = run(repo, "validate", given)
    assert result.exit_code == 2 and message in result.output
    (repo / "docs").mkdir()
    outside = run(repo, "validate", str(repo / "docs"))
    assert outside.exit_code == 2 and "is not under cases/" in outside.output


def test_a_clean_change_stays_clean(repo: Path) -> None:
    (repo / "cases" / "bans" / "fresh-ban-2021.md").write_text(
        SAME_MONTH.replace("Example marketplace suspends test seller accounts", "Fresh story")
        .replace("https://example.org/report", "https://example.org/fresh")
        .replace(BAN_SUMMARY, "Nothing alike.")
    )
    report = changed(repo)
    assert report["files"] == 1 and report["errors"] == 0


@pytest.mark.parametrize(
    "content",
    [
        "[]",
        '{"version": 2, "files": []}',
        '{"version": 2, "files": {"cases/bans/example-ban-2021.md": 7}}',
        '{"version": 2, "files": {"cases/bans/example-ban-2021.md": [1, 2, {"id": 3}]}}',
        '{"version": 2, "files": {"cases/bans/example-ban-2021.md": [1, 2]}}',
        '{"version": "2", "files": {"x": [1, 2, null]}}',
        '{"version": 2}',
        "not json at all",
        "\x00\xff",
    ],
)
def test_a_fingerprint_cache_of_the_wrong_shape_is_rebuilt(
    repo: Path, cache_home: Path, content: str
) -> None:
    (repo / "cases" / "bans" / "same-title-2021.md").write_text(
        SAME_MONTH.replace("date: 2021-05", "date: 2021-11").replace("end_date: 2021-09-17\n", "")
    )
    expected = changed(repo)
    assert [p["code"] for p in expected["problems"]] == ["SKB506"]
    caches = list(cache_home.glob("sellerkb/*/fingerprints.json"))
    assert len(caches) == 1 and not (repo / ".sellerkb").exists()
    caches[0].write_text(content, encoding="utf-8", errors="surrogateescape")
    assert changed(repo) == expected
    assert json.loads(caches[0].read_text())["version"] == 2  # written anew


@pytest.mark.parametrize("blocker", ["file", "read-only folder"])
def test_a_fingerprint_cache_that_cannot_be_written_is_skipped(
    repo: Path, cache_home: Path, blocker: str
) -> None:
    (repo / "cases" / "bans" / "same-title-2021.md").write_text(
        SAME_MONTH.replace("date: 2021-05", "date: 2021-11").replace("end_date: 2021-09-17\n", "")
    )
    if blocker == "file":
        cache_home.write_text("in the way")
    else:
        cache_home.mkdir()
        cache_home.chmod(0o500)
    result = run(repo, "validate", "--changed", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [p["code"] for p in json.loads(result.output)["problems"]] == ["SKB506"]
