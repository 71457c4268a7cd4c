"""Random and mutated files: the validator only ever returns problems."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sellerkb.casefile import parse_events, parse_fast, parse_yaml
from sellerkb.load import load_corpus
from sellerkb.problems import RULES

from .conftest import FIXTURES

SEEDS = [
    p.read_bytes()
    for p in sorted((FIXTURES / "root" / "cases").rglob("*.md"))
    + sorted((FIXTURES / "failing").glob("*.md"))
]
YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{},'\"&*!#|>?\n\t 0123NOyes~.@%")))
# Pieces that make keys equal by value but not by text, escapes, and block nesting.
PIECES = [*"ab:-[]{},'\"#|>?\n 01~.", "007", "7", "7.0", "1e1", "10.0", "  ", "- ", "? ", ": "]
PIECES += ['"\\e"', '"\\u202E"', '"\\x1b]0;x\\a"', '"\\0"', "\u202e", "\n  ", "\n- "]
CLEAN_YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["flip", "insert", "delete", "splice"]))
        at = draw(st.integers(0, len(data)))
        if action == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(max_size=8)) or YAML_PIECES[at % len(YAML_PIECES)]
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            data[at:at] = draw(st.sampled_from(SEEDS))[: draw(st.integers(0, 200))]
    return bytes(data)


YAML_PIECES = [b"&a ", b"*a", b"!!str ", b"\t", b"---\n", b"[[[[", b": ", b"\xef\xbb\xbf", b"\r"]
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(content=st.one_of(mutated(), st.binary(max_size=400)))
def test_validator_returns_only_problems(root: Path, content: bytes) -> None:
    rel = "cases/lawsuits/fuzzed-case.md"
    (root / rel).write_bytes(content)
    result = load_corpus(root, only=[rel])
    for problem in result.problems:
        assert problem.code in RULES
        assert problem.path == rel
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message


@SETTINGS
@given(text=YAMLISH)
def test_yaml_reader_returns_a_document_or_problems(text: str) -> None:
    doc, problems = parse_yaml(text, "x.md")
    assert doc is not None or problems


@SETTINGS
@given(text=st.one_of(YAMLISH, CLEAN_YAMLISH))
def test_fast_path_agrees_with_the_exact_path(text: str) -> None:
    """Same data, same positions of every key and value, same problems at the same
    places. (Text the fast path does not take, it hands to the exact path.)"""
    fast_doc, fast_problems = parse_fast(text, "x.md", 2)
    exact_doc, exact_problems = parse_events(text, "x.md", 2)
    assert fast_problems == exact_problems
    assert (fast_doc is None) == (exact_doc is None)
    if fast_doc is not None and exact_doc is not None:
        assert fast_doc.data == exact_doc.data
        assert fast_doc.positions == exact_doc.positions
        assert fast_doc.has_empty == exact_doc.has_empty
