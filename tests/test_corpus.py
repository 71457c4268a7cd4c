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
    assert counts[Kind.BANS] >= 8
    assert counts[Kind.LAWSUITS] >= 25
    assert counts[Kind.POLICIES] >= 25
    assert sum(counts.values()) >= 60


def test_the_corpus_covers_at_least_eight_platforms() -> None:
    platforms = {p for case in RESULT.corpus.cases.values() for p in case.meta.platforms}
    assert len(platforms) >= 8, platforms


def test_every_case_is_reviewed_and_translated_into_chinese() -> None:
    for case in RESULT.corpus.cases.values():
        assert case.meta.reviewed, case.id
        assert "zh" in case.translations and not case.translations["zh"].stale, case.id


def test_no_source_title_is_a_note_artifact() -> None:
    for case in RESULT.corpus.cases.values():
        for source in case.meta.sources:
            assert "no title in the notes" not in source.title, (case.id, source.title)


def test_only_accepted_warnings() -> None:
    """Seed articles have no URL (SKB318, by design); nothing else warns."""
    by_path = {case.path: case for case in RESULT.corpus.cases.values()}
    for problem in RESULT.warnings:
        if problem.code == "SKB318":
            index = int(problem.message.split("[", 1)[1].split("]", 1)[0])
            assert "seed article" in by_path[problem.path].meta.sources[index].title.lower(), (
                problem
            )
        else:
            raise AssertionError(problem)


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
    # The notes connect these to no other case.
    assert alone == {
        "agcm-amazon-fba-2021",
        "amazon-account-health-rating-2022",
        "china-e-commerce-law-2019",
        "china-refund-only-policies-2023",
        "cnmc-amazon-apple-2023",
        "cofece-amazon-mercado-libre-2024",
        "etsy-new-shop-verification-2024",
        "eu-dac7-amazon-seller-reporting-2023",
        "indonesia-permendag-31-2023",
        "kftc-coupang-search-manipulation-2024",
        "kftc-coupang-supplier-coercion-2021",
        "samr-alibaba-choose-one-of-two-2021",
        "shopee-vietnam-fee-increase-2025",
        "temu-guangzhou-seller-protests-2024",
    }
