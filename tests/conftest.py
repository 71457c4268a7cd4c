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
