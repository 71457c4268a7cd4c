"""The strict front-matter reader: YAML traps and hostile input."""

from __future__ import annotations

import time

import pytest

from sellerkb.casefile import parse_events, parse_fast, parse_yaml, read_case


def data(text: str):
    doc, problems = parse_yaml(text, "x.md")
    assert problems == []
    assert doc is not None
    return doc.data


def codes(text: str) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in parse_yaml(text, "x.md")[1]]


def test_yaml_1_1_booleans_stay_text() -> None:
    assert data("a: [NO, no, yes, on, OFF, y, n]\nb: true\nc: false") == {
        "a": ["NO", "no", "yes", "on", "OFF", "y", "n"],
        "b": True,
        "c": False,
    }


def test_dates_stay_text_in_every_form() -> None:
    assert data("a: 2022-08-16\nb: 2022-08\nc: 2022\nd: '2022-08'") == {
        "a": "2022-08-16",
        "b": "2022-08",
        "c": 2022,
        "d": "2022-08",
    }


def test_numbers_nulls_and_quoted_numbers() -> None:
    assert data("a: 13000\nb: 19627.03\nc: '13000'\nd:\ne: ~\nf: 1e3\ng: 007") == {
        "a": 13000,
        "b": 19627.03,
        "c": "13000",
        "d": None,
        "e": None,
        "f": 1000.0,
        "g": 7,
    }


def test_huge_digit_strings_stay_text() -> None:
    assert data("a: " + "9" * 5000) == {"a": "9" * 5000}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nb: 2\na: 3", [("SKB204", 3)]),
        ("a: &x 1\nb: *x", [("SKB205", 1), ("SKB205", 2)]),
        ("a: !!binary aGk=", [("SKB206", 1)]),
        ("a: !custom x", [("SKB206", 1)]),
        ("a:\n\t- b", [("SKB208", 2)]),
        ("a: [1, 2\nb: 3", [("SKB203", 1)]),
        ("a: 'unclosed\nb: 3", [("SKB203", 1)]),
        ("a: 1\n---\nb: 2", [("SKB203", 2)]),
        ("? [x]\n: 1", [("SKB210", 1)]),
    ],
)
def test_traps(text: str, expected: list[tuple[str, int]]) -> None:
    assert codes(text) == expected


def test_billion_laughs_is_refused_without_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    start = time.perf_counter()
    found = codes(bomb)
    assert time.perf_counter() - start < 2
    assert found[0] == ("SKB205", 1)


@pytest.mark.parametrize("opener", ["[", "{", "- ", "a:\n" + " "])
def test_deep_nesting_is_refused_before_it_can_crash_libyaml(opener: str) -> None:
    if opener == "[":
        text = "a: " + "[" * 30000 + "]" * 30000
    elif opener == "{":
        text = "a: " + "{b: " * 30000 + "}" * 30000
    elif opener == "- ":
        text = "- " * 30000 + "x"
    else:
        text = "".join(" " * i + "k:\n" for i in range(0, 3000, 2)) + " " * 3000 + "v"
    problems = parse_yaml(text, "x.md")[1]
    assert [p.code for p in problems] == ["SKB207"]


def test_long_front_matter_is_refused_before_parsing() -> None:
    text = "---\n" + "a: x\n" * 20000 + "---\nbody"
    case, problems = read_case(text.encode(), "x.md")
    assert case is None
    assert [(p.code, p.line) for p in problems] == [("SKB207", 2)]


def test_fast_and_exact_paths_agree_on_clean_yaml() -> None:
    text = (
        "title: A title\nlist: [a, 'b', 3]\nnested:\n  - k: v\n    n: 1\n  - {k: w}\n"
        "empty:\ndup: 1\ndup: 2\n"
    )
    fast_doc, fast_problems = parse_fast(text, "x.md", 2)
    exact_doc, exact_problems = parse_events(text, "x.md", 2)
    assert fast_doc is not None and exact_doc is not None
    assert fast_doc.data == exact_doc.data
    assert fast_doc.positions == exact_doc.positions
    assert fast_problems == exact_problems


def test_split_keeps_body_lines() -> None:
    case, problems = read_case(b"---\ntitle: x\n---\n\n## Body\n", "x.md")
    assert problems == []
    assert case is not None
    assert case.body_line == 4
    assert case.body == "\n## Body\n"


def test_empty_and_list_front_matter() -> None:
    assert [p.code for p in read_case(b"---\n---\nbody", "x.md")[1]] == ["SKB209"]
    assert [p.code for p in read_case(b"", "x.md")[1]] == ["SKB201"]
