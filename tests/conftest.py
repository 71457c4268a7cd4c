from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sellerkb.load import load_corpus
from sellerkb.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own cache folder (the search index lives there), for child processes too."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the fixture repository: three valid cases and the vocabulary."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURES / "root", target)
    return target


def problems_of(root: Path, rel: str) -> list[Problem]:
    return load_corpus(root, only=[rel]).problems


@pytest.fixture
def check(root: Path) -> Callable[..., list[Problem]]:
    """Write bytes as a case file in the fixture repository and return its problems."""

    def run(
        content: bytes | str, kind: str = "bans", name: str = "fixture-case.md"
    ) -> list[Problem]:
        rel = f"cases/{kind}/{name}"
        data = content.encode() if isinstance(content, str) else content
        (root / rel).write_bytes(data)
        return problems_of(root, rel)

    return run


def make_repo(target: Path, cases_from: Path = FIXTURES / "root") -> Path:
    """A repository to build a site from: these cases, and this repo's docs and mkdocs.yml."""
    shutil.copytree(cases_from / "cases", target / "cases")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(REPO / "CONTRIBUTING.md", target / "CONTRIBUTING.md")
    return target


def build_site(repo: Path, strict: bool = True) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(repo / "mkdocs.yml"), site_dir=str(repo / "site"), strict=strict)
    build(config)
    return repo / "site"


def _with_fields(text: str, *lines: str) -> str:
    """A fixture case's text with front matter lines added before its sources."""
    return text.replace(
        "\nsources:\n", "\n" + "".join(f"{line}\n" for line in lines) + "sources:\n", 1
    )


@pytest.fixture
def lifecycle_root(root: Path) -> Path:
    """The fixture repository, made into a lifecycle repository (`make_lifecycle`)."""
    return make_lifecycle(root)


def make_lifecycle(root: Path) -> Path:
    """The fixture repository with a renamed ban (translated into Chinese, with characters
    XML and BibTeX must escape), a case merged into it, a withdrawn policy, and Amazon's
    Chinese name in the vocabulary."""
    from sellerkb.translations import fingerprint, numbers

    vocabulary = root / "cases" / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text().replace(
            "    url: https://sell.amazon.com/\n",
            "    url: https://sell.amazon.com/\n    zh:\n      name: 亚马逊\n",
            1,
        )
    )
    ban = root / "cases" / "bans" / "example-ban-2021.md"
    text = ban.read_text()
    ban.write_text(
        _with_fields(text, "reviewed: 2024-02-03", "aliases: [old-example-ban]").replace(
            "title: Example marketplace suspends test seller accounts",
            "title: 'Example & \"Co\" {marketplace} suspends 100% of test_seller #accounts'",
        )
    )
    copy = root / "cases" / "bans" / "copy-of-example-ban-2021.md"
    copy.write_text(_with_fields(text, "merged_into: example-ban-2021"))
    policy = root / "cases" / "policies" / "example-policy-2019.md"
    policy.write_text(
        _with_fields(
            policy.read_text(),
            "withdrawn:",
            "  date: 2024-05-06",
            "  reason: The regulation turned out to be a draft that was never adopted.",
        )
    )
    case = load_corpus(root).corpus.cases["example-ban-2021"]
    found = " ".join(sorted(numbers(f"{case.title} {case.meta.summary}")))
    (root / "cases" / "bans" / "example-ban-2021.zh.md").write_text(
        f"---\ntitle: 示例市场暂停测试卖家账户 {found}\nsummary: 夹具封禁的中文摘要 {found}。\n"
        f"translated_from: {fingerprint(case.title, case.meta.summary, case.body)}\n---\n\n"
        "## 事件经过\n\n示例市场关闭了挪威卖家的账户，并冻结了他们的余额。"
        "这是翻译正文，它足够长，可以通过正文长度的规则检查。\n"
    )
    return root
