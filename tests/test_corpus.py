"""The repository's own corpus: valid, linked, and warning only where we accepted it."""

from __future__ import annotations

from sellerkb.load import load_corpus
from sellerkb.model import Kind

from .conftest import REPO

RESULT = load_corpus(REPO)


def test_the_corpus_has_no_errors() -> None:
    assert RESULT.errors == []


def test_the_corpus_has_enough_cases_of_each_kind() -> None:
    counts = {kind: len(RESULT.corpus.by_kind(kind)) for kind in Kind}
    assert counts[Kind.BANS] >= 4
    assert counts[Kind.LAWSUITS] >= 8
    assert counts[Kind.POLICIES] >= 10
    assert sum(counts.values()) >= 25


def test_only_accepted_warnings() -> None:
    """Seed articles have no URL (SKB318, by design); required vocabulary may be unused."""
    by_path = {case.path: case for case in RESULT.corpus.cases.values()}
    for problem in RESULT.warnings:
        if problem.code == "SKB318":
            index = int(problem.message.split("[", 1)[1].split("]", 1)[0])
            assert "seed article" in by_path[problem.path].meta.sources[index].title.lower(), (
                problem
            )
        else:
            assert problem.code == "SKB505", problem


def test_conflicting_seed_figures_are_recorded() -> None:
    cases = RESULT.corpus.cases
    pakistan = cases["amazon-pakistan-seller-closures-2022"]
    assert pakistan.meta.affected is not None and pakistan.meta.affected.accounts == 13000
    assert "## Conflicting reports" in pakistan.body and "13,500" in pakistan.body
    crackdown = cases["amazon-review-abuse-crackdown-2021"]
    assert "more than 600" in crackdown.body and "## Conflicting reports" in crackdown.body


def test_every_case_is_linked_to_another_or_stands_alone_by_design() -> None:
    linked = {case_id for case in RESULT.corpus.cases.values() for case_id in case.meta.related}
    linked |= {case.id for case in RESULT.corpus.cases.values() if case.meta.related}
    alone = set(RESULT.corpus.cases) - linked
    assert alone == {"amazon-account-health-rating-2022", "cci-amazon-flipkart-investigation-2020"}
