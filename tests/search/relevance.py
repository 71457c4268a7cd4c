"""The relevance set (relevance.yml) run against an index of the real corpus: for the
test that fails when a question slips, and for benchmarks/bench_relevance.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sellerkb.search.fields import weighting
from sellerkb.search.query import Filters, run
from sellerkb.search.store import IndexStore

SET = Path(__file__).with_name("relevance.yml")
DEPTH = 10  # ranks looked at for the reciprocal rank


@dataclass
class Judged:
    """One question: where its expected cases came, and what it suggested."""

    query: str
    expected: list[str]
    ranked: list[str]  # the first DEPTH ids
    suggestion: str | None
    wanted_suggestion: str | None

    @property
    def recall(self) -> float:
        return sum(case in self.ranked[:5] for case in self.expected) / len(self.expected)

    @property
    def reciprocal_rank(self) -> float:
        ranks = [self.ranked.index(case) + 1 for case in self.expected if case in self.ranked]
        return 1 / min(ranks) if ranks else 0.0

    @property
    def passed(self) -> bool:
        return self.recall == 1 and self.suggestion == self.wanted_suggestion


def questions() -> list[dict[str, object]]:
    data = yaml.safe_load(SET.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def judge(root: Path, index_dir: Path) -> list[Judged]:
    """Run every question against the cases under root (index kept in index_dir)."""
    store = IndexStore(root, index_dir)
    store.ensure_fresh()
    out = []
    with store.open().searcher(weighting=weighting()) as searcher:
        for item in questions():
            text = str(item["query"])
            results = run(searcher, text, Filters(), limit=DEPTH)
            wanted = item.get("suggest")
            if wanted and results.suggestion:
                ranked = run(searcher, results.suggestion, Filters(), limit=DEPTH).hits
            else:
                ranked = results.hits
            expected = item["top5"]
            assert isinstance(expected, list)
            out.append(
                Judged(
                    text,
                    [str(case) for case in expected],
                    [hit.id for hit in ranked],
                    results.suggestion,
                    str(wanted) if wanted else None,
                )
            )
    return out
