"""Text reports show file names and messages as they are, never as terminal commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sellerkb import report
from sellerkb.cli import main
from sellerkb.problems import STRAY_FILE

NAMES = {
    "title-setting": ("a\x1b]0;owned\x07.md", "a\\x1b]0;owned\\x07.md"),
    "line-clearing": ("\x1b[2Kb.md", "\\x1b[2Kb.md"),
    "newline": ("c\nfake.md:1:1: error SKB101: x.md", "c\\nfake.md:1:1: error SKB101: x.md"),
    "carriage return": ("d\rok.md", "d\\rok.md"),
    "8-bit CSI": ("e\x9b31m.md", "e\\x9b31m.md"),
    "bidirectional override": ("f\u202edm.txt", "f\\u202edm.txt"),
    "delete": ("g\x7f.md", "g\\x7f.md"),
}


@pytest.mark.parametrize(("name", "shown"), NAMES.values(), ids=list(NAMES))
@pytest.mark.parametrize("colour", [False, True])
def test_names_and_messages_are_escaped_in_text(name: str, shown: str, colour: bool) -> None:
    problem = STRAY_FILE.at(f"cases/{name}", 1, 1, f"unexpected file 'cases/{name}'")
    out = report.text(1, [problem], colour)
    lines = out.splitlines()
    assert len(lines) == 3  # the problem, its hint, the summary
    assert f"cases/{shown}" in lines[0] and f"'cases/{shown}'" in lines[0]
    plain = out.replace("\x1b[1m", "").replace("\x1b[31m", "").replace("\x1b[0m", "")
    assert not any(char in plain for char in "\x1b\x07\r\x9b\u202e\x7f")


def test_printable_leaves_ordinary_text_alone() -> None:
    ordinary = "cases/bans/亚马逊-2021.md: ‘quoted’ — naïve café, tabs\\t stay escaped"
    assert report.printable(ordinary) == ordinary
    assert report.printable("\t") == "\\t"


@pytest.mark.parametrize(("name", "shown"), NAMES.values(), ids=list(NAMES))
def test_validate_prints_hostile_file_names_escaped(root: Path, name: str, shown: str) -> None:
    (root / "cases" / "bans" / name).write_text("x")
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 1
    assert f"cases/bans/{shown}" in result.output
    assert not any(char in result.output for char in "\x1b\x07\r\x9b\u202e\x7f")
    problems = [line for line in result.output.splitlines() if " error SKB" in line]
    assert len(problems) == 1  # a newline in a name does not make a second problem
    data = json.loads(
        CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"]).output
    )
    errors = [p["path"] for p in data["problems"] if p["severity"] == "error"]
    assert errors == [f"cases/bans/{name}"]  # JSON keeps it exact


def test_a_name_that_is_not_utf8_is_shown_by_its_bytes(root: Path) -> None:
    name = os.fsencode(root / "cases" / "bans") + b"/bad-\xff-2021.md"
    with open(name, "wb") as handle:
        handle.write(b"x")
    done = subprocess.run(
        [sys.executable, "-m", "sellerkb", "validate", "--root", str(root)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    assert b"cases/bans/bad-\\xff-2021.md" in done.stdout


def test_usage_errors_show_escaped_names(root: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "missing\x1b]0;x\x07.md"])
    assert result.exit_code == 2
    assert "missing\\x1b]0;x\\x07.md does not exist" in result.output
    assert "\x1b" not in result.output
