from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sellerkb.load import load_corpus
from sellerkb.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


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
