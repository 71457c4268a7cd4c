"""The shape of the package: one home for each idea, checked from the source."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sellerkb.cli import main
from sellerkb.problems import RULES, Problem

from .conftest import REPO, build_site, make_repo

PACKAGE = REPO / "tools" / "sellerkb"
SOURCES = sorted([*PACKAGE.rglob("*.py"), *(REPO / "tests").rglob("*.py")])


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_imports_a_private_name_from_another(path: Path) -> None:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("sellerkb", "")):
            private = [
                a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"
            ]
            assert not private, f"{path.name}:{node.lineno} imports {private} from {node.module}"


_MARKUP = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9]*[\s>/]|!--)")


# These rewrite markup, and build none from case text: the sanitizer adds rel= to an <a>
# tag that nh3 wrote and escaped; on_post_page puts a rendered template into the theme's
# <head>.
_REWRITES_MARKUP = {("html.py", "_mark_external"), ("plugin.py", "on_post_page")}


@pytest.mark.parametrize("path", sorted((PACKAGE / "site").rglob("*.py")), ids=lambda p: p.name)
def test_no_python_string_formatting_builds_markup_in_the_site(path: Path) -> None:
    tree = _tree(path)
    exempt = [
        range(node.lineno, (node.end_lineno or node.lineno) + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and (path.name, node.name) in _REWRITES_MARKUP
    ]
    for node in ast.walk(tree):
        if any(getattr(node, "lineno", 0) in lines for lines in exempt):
            continue
        parts: list[str] = []
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                parts = [node.left.value]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
        ):
            parts = [str(node.func.value.value)]
        assert not any(_MARKUP.search(p) for p in parts), f"{path.name}:{node.lineno}"


def test_every_code_in_the_package_is_a_rule_in_the_registry() -> None:
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r"SKB\d{3}", path.read_text(encoding="utf-8")))
    assert used <= set(RULES), used - set(RULES)
    with pytest.raises(ValueError, match="no rule 'SKB999'"):
        Problem("x.md", 1, 1, "SKB999", "a code nobody registered")
    assert all(rule.hint for rule in RULES.values())


def test_problems_are_built_from_rules_not_code_strings() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "problems.py":
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                raise AssertionError(f"{path.name}:{node.lineno} builds a Problem directly")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("facets") / "repo", REPO)
    return build_site(repo)


def _listed(site: Path, facet: str, value: str) -> set[str]:
    page = (site / "browse" / facet / value.lower() / "index.html").read_text(encoding="utf-8")
    table = page.split('class="skb-table', 1)[1]
    return set(re.findall(r'href="\.\./\.\./\.\./cases/([a-z0-9-]+)/"', table))


def _searched(option: str, value: str, tmp_path: Path) -> set[str]:
    result = CliRunner().invoke(
        main,
        [
            "search",
            "--root",
            str(REPO),
            "--index-dir",
            str(tmp_path / "index"),
            "kind:bans OR kind:lawsuits OR kind:policies",
            f"--{option}",
            value,
            "--limit",
            "10000",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    return {hit["id"] for hit in json.loads(result.stdout)["results"]}


def test_a_facet_means_the_same_everywhere(corpus_site: Path, tmp_path: Path) -> None:
    cases = json.loads((corpus_site / "data" / "cases.json").read_text())["cases"]
    explorer = json.loads(
        (corpus_site / "assets/sellerkb/explorer-data.js")
        .read_text()
        .removeprefix("window.SKB_EXPLORER = ")
        .rstrip()
        .rstrip(";")
    )
    by_facet = {
        "country": lambda c: {*c.get("marketplaces", []), *c.get("seller_countries", [])},
        "platform": lambda c: set(c.get("platforms", [])),
        "topic": lambda c: set(c["topics"]),
    }
    checked = 0
    for facet, values_of in by_facet.items():
        for value in sorted({v for c in cases for v in values_of(c)}):
            exported = {c["id"] for c in cases if value in values_of(c)}
            assert _listed(corpus_site, facet, value) == exported, (facet, value)
            assert _searched(facet, value, tmp_path) == exported, (facet, value)
            in_explorer = {row["id"] for row in explorer["cases"] if value in row["f"][facet]}
            assert in_explorer == exported, (facet, value)
            checked += 1
    assert checked > 40
