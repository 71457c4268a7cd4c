"""Recall@5 and MRR of `sellerkb search` over tests/search/relevance.yml, on the real
corpus: the share of expected cases in each question's top five, and the mean of one over
the rank of the first expected case (0 beyond rank 10). Every question must keep all its
expected cases in its top five.

    python benchmarks/bench_relevance.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.search.relevance import judge

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        judged = judge(REPO, Path(scratch) / "index")
    for item in judged:
        mark = "ok  " if item.passed else "SLIP"
        print(f"{mark} rr {item.reciprocal_rank:.2f} r@5 {item.recall:.2f}  {item.query}")
        if not item.passed:
            print(f"       expected {item.expected}; got {item.ranked[:5]}")
            if item.suggestion != item.wanted_suggestion:
                print(f"       suggestion {item.suggestion!r}, wanted {item.wanted_suggestion!r}")
    recall = sum(item.recall for item in judged) / len(judged)
    mrr = sum(item.reciprocal_rank for item in judged) / len(judged)
    passed = sum(item.passed for item in judged)
    print(f"questions: {len(judged)}; passed: {passed}")
    print(f"recall@5: {recall:.3f}  MRR: {mrr:.3f}")
    print("PASS" if passed == len(judged) else "FAIL")
    sys.exit(0 if passed == len(judged) else 1)


if __name__ == "__main__":
    main()
