"""cases.csv: no cell starts a formula, and a real CSV reader reads one row per case."""

from __future__ import annotations

import csv
import io

import pytest

from sellerkb import export
from sellerkb.load import load_corpus
from sellerkb.model import Corpus

FORMULAS = [
    '=HYPERLINK("https://evil.example","x")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "=cmd|' /C calc'!A0",
]
SPLITTERS = [
    "one\rtwo",
    "one\ntwo",
    "one\r\ntwo",
    'a "quoted" word',
    "comma, and more",
    'trailing quote"',
    "semi;=1+1",
    "\r",
    '",=1+1,"',
]


def hostile(root, values: list[str]) -> Corpus:
    """The fixture corpus with title, summary and plaintiffs of each case replaced."""
    corpus = load_corpus(root).corpus
    cases = {}
    for n, (case_id, case) in enumerate(sorted(corpus.cases.items())):
        value = values[n % len(values)]
        update = {"title": value, "summary": value}
        if hasattr(case.meta, "plaintiffs"):
            update["plaintiffs"] = [value, "Plain Co."]
        meta = case.meta.model_copy(update=update)
        cases[case_id] = type(case)(case.id, case.kind, case.path, meta, case.body, case.body_line)
    return Corpus(corpus.vocabulary, cases)


def rows(corpus: Corpus) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.cases_csv(corpus), newline="")))


@pytest.mark.parametrize("value", FORMULAS + SPLITTERS)
def test_one_row_per_case_and_no_formula(root, value: str) -> None:
    corpus = hostile(root, [value])
    read = rows(corpus)
    assert [r["id"] for r in read] == [c.id for c in export.ordered(corpus)]
    for row in read:
        for cell in row.values():
            assert not cell.startswith(export.FORMULA_START), row
        expected = "'" + value if value.startswith(export.FORMULA_START) else value
        assert row["title"] == expected
        assert row["summary"] == expected


def test_lists_are_neutralized_item_by_item(root) -> None:
    corpus = hostile(root, ["=1+1"])
    lawsuit = next(r for r in rows(corpus) if r["id"] == "example-lawsuit-2021")
    assert lawsuit["plaintiffs"] == "'=1+1;Plain Co."
    corpus = hostile(root, ["Plain"])
    lawsuit = next(r for r in rows(corpus) if r["id"] == "example-lawsuit-2021")
    assert lawsuit["plaintiffs"] == "Plain;Plain Co."


def test_every_cell_is_quoted_and_rows_end_in_crlf(root) -> None:
    text = export.cases_csv(hostile(root, ["one\rtwo"]))
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert all(line.startswith('"') for line in lines[:-1] if line)
    # a bare CR stays inside its quoted cell: each case is one record
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == 1 + 3


def test_plain_values_are_unchanged(root) -> None:
    read = rows(load_corpus(root).corpus)
    lawsuit = next(r for r in read if r["id"] == "example-lawsuit-2021")
    assert lawsuit["plaintiffs"] == "Example Co.;Other Example Ltd."
    assert lawsuit["date"].startswith("20")
    assert export.as_text("Amazon") == "Amazon"
    assert export.as_text("2021-05") == "2021-05"
