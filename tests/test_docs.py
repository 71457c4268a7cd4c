"""Docs that must agree with the code: generated pages, problem codes, commands."""

from __future__ import annotations

import re

from sellerkb.cli import main
from sellerkb.docgen import render_all
from sellerkb.problems import RULES

from .conftest import REPO


def test_generated_pages_are_committed_and_fresh() -> None:
    for page, content in render_all().items():
        committed = (REPO / "docs" / page).read_text(encoding="utf-8")
        assert committed == content, f"docs/{page} is stale: run 'sellerkb docs'"


def test_contributing_lists_and_links_every_code() -> None:
    from sellerkb.docgen import contributing

    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert contributing(guide) == guide, "CONTRIBUTING.md is stale: run 'sellerkb docs'"
    page = (REPO / "docs" / "reference" / "problems.md").read_text(encoding="utf-8")
    for code in RULES:
        assert f"[{code}](docs/reference/problems.md#{code.lower()}-" in guide
        assert f"### {code}: " in page


def test_every_code_is_documented_with_an_explanation() -> None:
    page = (REPO / "docs" / "reference" / "problems.md").read_text(encoding="utf-8")
    documented = re.findall(r"^### (SKB\d{3}): ", page, flags=re.MULTILINE)
    assert documented == list(RULES)
    assert all(len(rule.explanation) > 30 for rule in RULES.values())


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `sellerkb (\w[\w-]*)", readme, flags=re.MULTILINE))
    assert listed == set(main.commands)


def test_every_field_is_in_the_case_format_page() -> None:
    from sellerkb.model import FIELDS_BY_KIND, Money, Source

    page = (REPO / "docs" / "reference" / "case-format.md").read_text(encoding="utf-8")
    names = {n for model in (*FIELDS_BY_KIND.values(), Source, Money) for n in model.model_fields}
    assert all(f"| `{name}` |" in page for name in names)


def test_readme_quickstart_is_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in block.strip().splitlines()] == [
        ["make", "serve"],
        ["make", "test"],
    ]
