"""`sellerkb search` without click: it reads what click reads, answers what click
answers, and leaves everything else to click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sellerkb.cli import main
from sellerkb.cli import search as search_command
from sellerkb.search_command import (
    CHOICES,
    FLAGS,
    LIMITS,
    REPEATABLE,
    SINGLE,
    SearchArgs,
    read,
)


def test_the_options_read_without_click_are_those_of_the_click_command() -> None:
    params = {p.name: p for p in search_command.params}
    assert list(params) == list(SearchArgs._fields)
    assert params["words"].nargs == -1 and params["words"].required
    options = [p for p in params.values() if isinstance(p, click.Option)]
    assert {o for p in options for o in p.opts} == {*REPEATABLE, *SINGLE, *FLAGS}
    for option in options:
        (name,) = option.opts  # the defaults are compared by reading ["arbitration"]
        if option.is_flag:
            assert FLAGS[name] == option.name
        elif option.multiple:
            assert REPEATABLE[name] == option.name
        else:
            assert SINGLE[name] == option.name
        if isinstance(option.type, click.Choice):
            assert tuple(option.type.choices) == CHOICES[name]
        elif isinstance(option.type, click.IntRange):
            assert (option.type.min, option.type.max) == LIMITS
            assert not option.type.min_open and not option.type.max_open
        else:
            plain = (click.types.StringParamType, click.types.BoolParamType)
            assert name not in CHOICES and isinstance(option.type, plain), name


READ = [
    ["arbitration"],
    ["amazon", "kept", "my", "money"],
    ["appeal", "-amazon", "-"],
    ["--json", "fund", "--", "--limit", "-h"],
    ["x", "--kind", "bans", "--kind=lawsuits", "--platform", "amazon", "--country", "gb"],
    ["x", "--topic", "fund-freeze", "--violation", "fraud", "--status", "pending"],
    ["x", "--since", "2022", "--until=2023-05", "--sort", "date", "--limit", "007"],
    ["x", "--lang", "zh", "--root", "some/where", "--index-dir=/tmp/x", "--json", "--json"],
    ["--limit=10000", "title:a OR b", "--limit", "1"],
]
TO_CLICK = [
    [],
    ["--json"],
    ["x", "-h"],
    ["x", "--help"],
    ["x", "--frobnicate"],
    ["x", "--jso"],
    ["x", "--json=1"],
    ["x", "--kind", "Bans"],
    ["x", "--sort", "newest"],
    ["x", "--lang", "fr"],
    ["x", "--limit", "0"],
    ["x", "--limit", "10001"],
    ["x", "--limit", " 5"],
    ["x", "--limit", "²"],
    ["x", "--limit", "9" * 5000],
    ["x", "--root"],
    ["x", "--root="],
    ["x", "--root", "a", "--root", "b"],
    ["x", "--platform", "-amazon"],
    ["x", "--since", "--json"],
]


@pytest.mark.parametrize("args", READ, ids=" ".join)
def test_arguments_read_without_click_are_read_as_click_reads_them(args: list[str]) -> None:
    # Under the group's context, as `sellerkb search` runs: a context of its own would
    # give the command a help option without -h, which click then keeps for every run.
    group = click.Context(main, **main.context_settings)
    with search_command.make_context("search", list(args), parent=group) as ctx:
        assert read(args) == SearchArgs(**ctx.params)


@pytest.mark.parametrize("args", TO_CLICK, ids=" ".join)
def test_help_and_arguments_click_refuses_are_left_to_click(args: list[str]) -> None:
    assert read(args) is None


def _sellerkb(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m sellerkb search ARGS`, reporting whether click was imported."""
    probe = (
        "import sys\nsys.argv = ['sellerkb', 'search', *sys.argv[1:]]\n"
        "from sellerkb.__main__ import main\n"
        "try:\n    main()\n"
        "finally:\n    print('click' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8", "COLUMNS": "80"}
    env.pop("LANGUAGE", None)
    return subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env
    )


@pytest.mark.parametrize(
    ("args", "without_click"),
    [
        (["fixture"], True),
        (["arbitration", "--json", "--limit", "1"], True),
        (["amazon", "-hibernation", "--kind", "lawsuits", "--lang", "zh"], True),
        (["nosuchword"], True),
        (["funds", "--since", "May 2022"], True),
        (['"unclosed phrase'], True),
        (["x", "--frobnicate"], False),
        (["x", "--limit", "0"], False),
    ],
)
def test_a_search_answers_alike_with_click_and_without(
    root: Path, args: list[str], without_click: bool
) -> None:
    at = ["--root", str(root)]
    CliRunner().invoke(main, ["search", *at, "warm"])  # builds the index
    expected = CliRunner().invoke(
        main, ["search", *at, *args], env={"LANG": "C.UTF-8", "COLUMNS": "80"}, prog_name="sellerkb"
    )
    answer = _sellerkb(*at, *args)
    *stderr, imported = answer.stderr.splitlines()
    assert imported == str(not without_click)
    assert answer.returncode == expected.exit_code
    assert answer.stdout == expected.stdout
    assert "\n".join(stderr) == expected.stderr.rstrip("\n")


def test_a_missing_repository_and_a_failure_end_as_click_ends_them(
    root: Path, tmp_path: Path
) -> None:
    nowhere = _sellerkb("--root", str(tmp_path / "nowhere"), "x")
    assert nowhere.returncode == 2 and "there is no cases/ folder there" in nowhere.stderr
    assert nowhere.stderr.splitlines()[-1] == "True"  # left to click
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the index folder would be")
    failed = _sellerkb("--root", str(root), "--index-dir", str(blocked / "index"), "x")
    assert failed.returncode == 1
    assert failed.stderr.startswith("Error: cannot write the search index: ")
    helped = _sellerkb("x", "-h")
    assert helped.stdout.startswith("Usage: sellerkb search [OPTIONS] QUERY")
    assert helped.returncode == 0 and helped.stderr == "True\n"


def test_the_command_carries_every_filter_by_the_same_name_and_default() -> None:
    from sellerkb.search.query import Filters

    defaults = SearchArgs._field_defaults
    assert {name: defaults[name] for name in Filters._fields} == Filters._field_defaults
    given = SearchArgs(("x",), country=("gb", "Cn"), since="2022", topic=("fund-freeze",))
    assert Filters.given(given) == Filters(
        topic=("fund-freeze",), country=("GB", "CN"), since="2022"
    )
