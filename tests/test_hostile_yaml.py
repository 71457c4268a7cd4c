"""Hostile YAML and text, as classes: keys equal by value, nesting however it is built,
characters spelled by escapes or references, NUL bytes, and amounts too large to sum."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sellerkb.casefile import (
    MAX_DEPTH,
    decode,
    fits_fast_path,
    parse_events,
    parse_fast,
    parse_yaml,
    read_case,
)
from sellerkb.cli import main
from sellerkb.load import load_corpus, load_vocabulary

from .conftest import FIXTURES

VALID = (FIXTURES / "root" / "cases" / "bans" / "example-ban-2021.md").read_text()
REFUSED = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\r\u202a\u202e\u2066\u2069\ufffe\uffff"


def both(text: str) -> list[tuple[str, int, int]]:
    """Problems (code, line, column) of text, after checking both paths agree on them."""
    fast, exact = parse_fast(text, "x.md", 1), parse_events(text, "x.md", 1)
    assert fast.problems == exact.problems
    assert (fast.document is None) == (exact.document is None)
    if fast.document is not None and exact.document is not None:
        assert fast.document.data == exact.document.data
        assert fast.document.positions == exact.document.positions
    return [(p.code, p.line, p.column) for p in fast.problems]


# --- keys equal by value are one key, on both paths ----------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("7", "007"), ("7", "+7"), ("7.0", "7."), ("10.0", "1e1"), ("0", "-0"), ("1.5", "15e-1")],
)
@pytest.mark.parametrize("risky", ["", "z: &a 1\n", "z: !!str 1\n", "z: 'a\tb'\n"])
def test_keys_equal_as_numbers_are_duplicates_on_either_path(
    first: str, second: str, risky: str
) -> None:
    text = f"{first}: a\n{second}: b\n{risky}"
    for parse in (parse_yaml, parse_fast, parse_events):
        duplicates = [p for p in parse(text, "x.md").problems if p.code == "SKB204"]
        assert [(p.line, p.column) for p in duplicates] == [(2, 1)]
        assert f"the same key as '{first}'" in duplicates[0].message


def test_quoted_and_plain_keys_of_one_text_are_duplicates() -> None:
    assert both("'7': a\n7: b\n") == [("SKB204", 2, 1)]
    assert both('a: 1\n"a": 2\n') == [("SKB204", 2, 1)]


def test_clean_front_matter_takes_the_fast_path() -> None:
    front_matter = VALID.split("---\n")[1]
    assert fits_fast_path(front_matter)
    for piece in ("&a", "*a", "!!str", "\t", "x:\n" + "-  " * 30 + "a"):
        assert not fits_fast_path(front_matter + piece)


# --- nesting: SKB207 at a line, however the depth is built ---------------------------


def nested(shape: str, depth: int) -> str:
    """YAML nested exactly `depth` collections deep, built in one of many ways."""
    if shape.startswith("dashes"):  # x: then a run of "-" each followed by N spaces
        return "x:\n" + ("-" + " " * int(shape[-1])) * (depth - 1) + "a\n"
    if shape == "dash-key-chain":  # - k:\n  - k:\n    - k: ... (two levels a line)
        lines = [" " * (2 * i) + "- k:" for i in range(depth // 2)]
        return "\n".join(lines) + (" [a]\n" if depth % 2 else " a\n")
    if shape == "compact-dash-key":  # - k: on one line after runs of dashes
        return "x:\n" + "- " * (depth - 2) + "k: a\n"
    if shape == "complex-keys":  # ? ? ? a
        return "? " * depth + "a\n"
    if shape == "complex-keys-lines":
        return "".join(" " * i + "?\n" for i in range(depth)) + " " * depth + "a\n"
    if shape == "indent-1":  # k:\n k:\n  k: ...
        return "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "v\n"
    if shape == "flow-in-block":
        block = depth // 2
        flow = depth - block
        return "x:\n" + "- " * (block - 1) + "[" * flow + "a" + "]" * flow + "\n"
    if shape == "flow-maps":
        return "x: " + "{k: " * (depth - 1) + "a" + "}" * (depth - 1) + "\n"
    if shape == "seq-of-maps":  # - a: 1\n  b:\n    - a: 1 ...
        lines = []
        for i in range(depth // 2):
            lines += [" " * (4 * i) + "- a: 1", " " * (4 * i + 2) + "b:"]
        return "\n".join(lines) + (" [v]\n" if depth % 2 else " v\n")
    raise AssertionError(shape)


SHAPES = [
    "dashes1",
    "dashes2",
    "dashes3",
    "dashes4",
    "dash-key-chain",
    "compact-dash-key",
    "complex-keys",
    "complex-keys-lines",
    "indent-1",
    "flow-in-block",
    "flow-maps",
    "seq-of-maps",
]


def depth_of(value: object) -> int:
    todo, deepest = [(value, 0)], 0
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict):
            todo += [(v, level + 1) for v in [*item, *item.values()]]
        elif isinstance(item, list):
            todo += [(v, level + 1) for v in item]
        deepest = max(deepest, level)
    return deepest


@pytest.mark.parametrize("shape", SHAPES)
def test_nesting_up_to_the_limit_is_read_and_one_more_level_is_refused(shape: str) -> None:
    deepest = nested(shape, MAX_DEPTH)
    for parse in (parse_yaml, parse_fast, parse_events):
        doc, problems = parse(deepest, "x.md")
        assert doc is not None
        if shape.startswith("complex-keys"):  # read, refused as keys, and dropped
            assert {p.code for p in problems} == {"SKB210"}
        else:
            assert problems == []
            assert depth_of(doc.data) == MAX_DEPTH
    codes = both(nested(shape, MAX_DEPTH + 1))
    assert codes[-1][0] == "SKB207"


@pytest.mark.parametrize("depth", [50, 500, 999, 1001, 5000])
@pytest.mark.parametrize("shape", SHAPES)
def test_deep_nesting_is_one_skb207_at_a_line(shape: str, depth: int) -> None:
    text = nested(shape, depth)
    for parse in (parse_yaml, parse_fast, parse_events):
        doc, problems = parse(text, "x.md")
        assert doc is None
        assert problems[-1].code == "SKB207"
        assert 1 <= problems[-1].line <= text.count("\n") + 1


def deep_case(shape: str, depth: int) -> str:
    inner = nested(shape, depth - 1).replace("\n", "\n  ")
    return VALID.replace("related: [", "notes:\n  " + inner.rstrip() + "\nrelated: [", 1)


@pytest.fixture(params=["dashes2", "dashes3", "dashes4", "dashes1", "indent-1", "seq-of-maps"])
def deep_root(request: pytest.FixtureRequest, root: Path) -> Iterator[Path]:
    (root / "cases" / "bans" / "deep-case.md").write_text(deep_case(request.param, 500))
    vocabulary = root / "cases" / "vocabulary.yml"
    text = vocabulary.read_text()
    vocabulary.write_text(text + "extra:\n  " + nested(request.param, 1000).replace("\n", "\n  "))
    yield root


def test_deep_nesting_reaches_no_tool_as_a_traceback(deep_root: Path) -> None:
    result = load_corpus(deep_root)
    deep = [p for p in result.problems if p.code == "SKB207"]
    assert {p.path for p in deep} == {"cases/bans/deep-case.md", "cases/vocabulary.yml"}
    assert "deep-case" not in result.corpus.cases
    _, doc, problems = load_vocabulary(deep_root / "cases" / "vocabulary.yml")
    assert doc is None and [p.code for p in problems] == ["SKB207"]
    runner = CliRunner()
    validate = runner.invoke(main, ["validate", "--root", str(deep_root)])
    assert validate.exit_code == 1, validate.output
    assert "cases/bans/deep-case.md:" in validate.output and "SKB207" in validate.output
    index = runner.invoke(main, ["index", "--rebuild", "--root", str(deep_root)])
    assert not isinstance(index.exception, RecursionError), index.output
    assert index.exit_code in (0, 1), index.output
    search = runner.invoke(main, ["search", "amazon", "--root", str(deep_root)])
    assert not isinstance(search.exception, RecursionError), search.output


def test_field_checks_walk_any_depth_without_recursion() -> None:
    from sellerkb.casefile import Document
    from sellerkb.checks.fields import drop_empty, text_checks

    data: object = {"leaf": "TODO write this", "empty": None}
    for n in range(3000):  # deeper than the recursion limit
        data = [data] if n % 2 else {"k": data}
    doc = Document({"sources": [], "deep": data}, text="TODO")
    kept, empty = drop_empty(doc, "x.md")
    assert depth_of(kept) == 3002 and [p.code for p in empty] == ["SKB319"]
    assert [p.code for p in text_checks(doc, "", 1, "x.md")] == ["SKB406"]


# --- characters escapes and references spell ------------------------------------------

ESCAPES = [
    (r"\e]0;pwned\a", "SKB104", "U+001B (ESC)"),
    (r"\u202E", "SKB105", "U+202E"),
    (r"\U00002066", "SKB105", "U+2066"),
    (r"\0", "SKB104", "U+0000 (NUL)"),
    (r"\x9b31m", "SKB104", "U+009B"),
    (r"\N", "SKB104", "U+0085"),
    (r"\u0007", "SKB104", "U+0007 (BEL)"),
    (r"\r", "SKB104", "U+000D (CR)"),
    (r"\x7f", "SKB104", "U+007F (DEL)"),
    (r"\uFFFF", "SKB104", "U+FFFF"),
]


@pytest.mark.parametrize(("escape", "code", "name"), ESCAPES)
@pytest.mark.parametrize(
    ("old", "new", "field", "line"),
    [
        ("title: Example", 'title: "Example {}', "title", 2),
        (
            "summary: >-\n  A fixture ban used by the tests.",
            'summary: "A fixture ban used by the tests, over\n  two lines {}."\nsummary_was: >-\n ',
            "summary",
            4,
        ),
        (
            "    publisher: Example News",
            '    publisher: "Example {} News"',
            "sources[0].publisher",
            27,
        ),
        ("marketplaces: [US,", 'marketplaces: ["{}", US,', "marketplaces[0]", 10),
    ],
)
def test_escapes_in_front_matter_are_refused_at_their_line_and_column(
    check, escape: str, code: str, name: str, old: str, new: str, field: str, line: int
) -> None:
    text = VALID.replace(old, new.format(escape), 1)
    if new.startswith("title"):
        text = text.replace("test seller accounts\n", 'test seller accounts"\n', 1)
    problems = [p for p in check(text) if p.code == code]
    assert [(p.line, p.field) for p in problems][:1] == [(line, field)]
    source_line = text.split("\n")[line - 1]
    assert source_line[problems[0].column - 1 :].startswith(escape[:2])
    assert name in problems[0].message and field in problems[0].message


def test_escapes_in_keys_are_refused_and_never_echoed(check) -> None:
    problems = check(VALID.replace("date: 2021-05\n", 'date: 2021-05\n"\\e[2Jx": 1\n'))
    assert ("SKB104", 7, 2) in [(p.code, p.line, p.column) for p in problems]
    assert not any(set(p.message) & set(REFUSED) for p in problems)


def test_harmless_escapes_are_text() -> None:
    doc, problems = parse_yaml(r'a: "tab\there, \u00e9, \"q\", \\e, \x41, \/"', "x.md")
    assert problems == [] and doc is not None
    assert doc.data == {"a": 'tab\there, é, "q", \\e, A, /'}


@pytest.mark.parametrize(("escape", "code", "name"), ESCAPES)
def test_what_escapes_spell_never_reaches_a_value(escape: str, code: str, name: str) -> None:
    for parse in (parse_yaml, parse_fast, parse_events):
        doc, problems = parse(f'a: "x{escape}y"\nb: ["{escape}"]\n', "x.md")
        assert {p.code for p in problems} == {code} and len(problems) >= 2
        assert doc is not None
        values = [doc.data["a"], *doc.data["b"]]
        assert all(not set(v) & set(REFUSED) and "\ufffd" in v for v in values)


def test_escapes_in_translations_and_the_vocabulary(root: Path) -> None:
    stamp = "0" * 10 + "-" + "0" * 10 + "-" + "0" * 10
    (root / "cases/bans/example-ban-2021.zh.md").write_text(
        f'---\ntitle: "示例\\e]0;x\\a标题"\nsummary: 摘要\ntranslated_from: {stamp}\n---\n\n'
        "## 事件经过\n\n这是翻译正文，它足够长，可以通过正文长度的规则检查。\n"
    )
    vocabulary = root / "cases" / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text().replace("name: Amazon", 'name: "Amazon\\u202E"', 1)
    )
    problems = load_corpus(root).problems
    found = {(p.path, p.code, p.line, p.field) for p in problems if p.code in ("SKB104", "SKB105")}
    assert found == {
        ("cases/bans/example-ban-2021.zh.md", "SKB104", 2, "title"),
        ("cases/vocabulary.yml", "SKB105", 5, "platforms[0].name"),
    }
    vocab, _, _ = load_vocabulary(vocabulary)
    assert vocab.platforms[0].name == "Amazon\ufffd"


@pytest.mark.parametrize(
    ("reference", "code"),
    [
        ("&#27;", "SKB104"),
        ("&#x1B;", "SKB104"),
        ("&#X1b;", "SKB104"),
        ("&#0000007;", "SKB104"),
        ("&#155;", "SKB104"),
        ("&#8238;", "SKB105"),
        ("&#x2067;", "SKB105"),
        ("&#xFFFE;", "SKB104"),
        ("&#0;", "SKB104"),
        ("&#xD800;", "SKB104"),
        ("&#1114112;", "SKB104"),
    ],
)
def test_character_references_in_the_body_are_refused_at_their_place(
    check, reference: str, code: str
) -> None:
    problems = check(VALID.replace("Inline `<b>code</b>`", f"Inline {reference} x"))
    assert [(p.code, p.line, p.column, p.field) for p in problems] == [(code, 42, 8, "body")]


def test_harmless_character_references_in_the_body(check) -> None:
    assert check(VALID.replace("Inline", "&#233; &#x4E2D; &amp; &#9; &#10; &lt; Inline")) == []


def test_nothing_refused_reaches_a_report(root: Path) -> None:
    text = VALID.replace("title: Example", 'title: "Example \\e]0;x\\a', 1).replace(
        "test seller accounts\n", 'test seller accounts"\n', 1
    )
    text = text.replace("date: 2021-05\n", 'date: 2021-05\n"\\x1b[2K": "\\u202E"\nab\u202ecd: 1\n')
    (root / "cases/bans/escaped-case.md").write_text(text)
    for output in ("text", "json", "github"):
        result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", output])
        assert result.exit_code == 1
        assert "SKB104" in result.output
        assert not set(result.output) & set(REFUSED), output
    assert "escaped-case" not in load_corpus(root).corpus.cases


# --- NUL bytes and raw characters ------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "line", "column"),
    [("title: Example", 2, 8), ("## What happened", 33, 1), ("Inline", 42, 1)],
)
def test_a_nul_in_a_text_file_is_named_at_its_line_and_column(
    check, at: str, line: int, column: int
) -> None:
    problems = check(VALID.replace(at, at[: column - 1] + "\x00" + at[column - 1 :], 1))
    assert [(p.code, p.line, p.column) for p in problems] == [("SKB104", line, column)]
    assert "U+0000 (NUL)" in problems[0].message


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        VALID.encode("utf-16-le"),
        b"---\ntitle: x\x00\xff\xfe\n---\n",
    ],
)
def test_binary_files_are_still_binary(raw: bytes) -> None:
    text, problems = decode(raw, "x.md")
    assert text is None
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("SKB102", 1, "binary file: it contains NUL bytes")
    ]


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\x85", "\x1b"])
def test_raw_characters_xml_cannot_carry_are_refused(char: str) -> None:
    case, problems = read_case(VALID.replace("Example News", f"Example{char}News").encode(), "x")
    assert case is None
    assert [(p.code, p.line, p.column) for p in problems] == [("SKB104", 27, 23)]


# --- issue forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Title", "title"),
        ("Summary", "summary"),
        ("Sources", "sources"),
        ("What happened", "what_happened"),
    ],
)
@pytest.mark.parametrize("char", ["\x1b]0;x\x07", "\u202e", "\x00", "\x9b", "\r"])
def test_from_issue_refuses_control_characters_naming_the_field(
    root: Path, tmp_path: Path, label: str, field: str, char: str
) -> None:
    form = (FIXTURES / "issues" / "report-a-case.md").read_text()
    assert f"### {label}\n\n" in form
    issue = tmp_path / "issue.md"
    issue.write_bytes(form.replace(f"### {label}\n\n", f"### {label}\n\nx{char}y ", 1).encode())
    before = sorted(p.name for p in (root / "cases" / "bans").iterdir())
    result = CliRunner().invoke(main, ["from-issue", str(issue), "--root", str(root)])
    assert result.exit_code == 1
    assert f"the answer to '{label}' ({field}) holds the invisible character U+" in result.output
    assert not set(result.output) & set(REFUSED)
    assert sorted(p.name for p in (root / "cases" / "bans").iterdir()) == before


def test_json_report_names_the_field(root: Path) -> None:
    text = VALID.replace("    publisher: Example News", '    publisher: "\\e"', 1)
    (root / "cases/bans/escaped-case.md").write_text(text)
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    found = [p for p in json.loads(result.output)["problems"] if p["code"] == "SKB104"]
    assert [(p["line"], p["column"]) for p in found] == [(27, 17)]
    assert found[0]["message"].startswith("sources[0].publisher: the escape '\\e' stands for")


# --- amounts too large to sum -----------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e308", "1e14", "10000000000001", "1e400", "9" * 30])
def test_amounts_beyond_ten_trillion_are_refused(check, amount: str) -> None:
    problems = check(VALID.replace("amount: 41430000", f"amount: {amount}"))
    assert [(p.code, p.line, p.field) for p in problems] == [("SKB315", 18, "money[0].amount")]
    assert "more than 10,000,000,000,000 (10^13)" in problems[0].message


@pytest.mark.parametrize("amount", ["10000000000000", "1e13", "0.01"])
def test_amounts_up_to_ten_trillion_are_accepted(check, amount: str) -> None:
    assert check(VALID.replace("amount: 41430000", f"amount: {amount}")) == []


def test_statistics_of_amounts_too_large_to_sum(root: Path) -> None:
    from sellerkb.model import Money
    from sellerkb.site import i18n, overview
    from sellerkb.site.catalog import Catalog

    corpus = load_corpus(root).corpus
    huge = [
        Money.model_construct(amount=amount, currency="USD", kind="frozen", estimate=False)
        for amount in (1e308, 1e308, float("nan"), 5.0)
    ]
    for case in corpus.cases.values():
        object.__setattr__(case.meta, "money", huge)  # past the model, as if it let them in
    site = Catalog.build(corpus)
    money = overview.totals(site).money
    assert money == {("frozen", "USD"): float("inf")}  # type: ignore[comparison-overlap]
    assert i18n.money(float("inf"), "USD", "en") == "USD (too large to show)"
    assert i18n.money(float("nan"), "USD", "en") == "USD (not a number)"
    assert i18n.money(1e308, "USD", "en").startswith("USD 1")
    _, html = overview.stats(site)
    assert "USD (too large to show)" in html
