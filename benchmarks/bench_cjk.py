"""Chinese in the local index: CJK bigrams against jieba word segmentation (jieba's own
Whoosh analyzer), measured on the same generated Chinese text and queries.

Reports index time, index size, the cost a one-shot search process pays before its first
Chinese query, and recall and precision of word queries against plain substring matching.

    python benchmarks/bench_cjk.py [N]
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from whoosh import fields, index, qparser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from sellerkb.search.fields import text_analyzer

WORDS = (
    "卖家 资金 冻结 店铺 关闭 亚马逊 平台 仲裁 诉讼 账户 封号 评论 违规 申诉 罚款 赔偿 物流 "
    "费用 政策 关联 侵权 假货 退款 提现 保证金 审核 下架 品牌 律师 法院 集体 诉讼费 "
    "被 的 了 在 和 对 因为 所以 没有 已经 通知 理由 说明"
).split()
QUERIES = [
    "冻结",
    "资金",
    "封号",
    "仲裁",
    "保证金",
    "诉讼费",
    "店铺关闭",
    "资金冻结",
    "关联账户",
    "被冻结",
    "亚马逊平台",
]


def corpus(n: int) -> list[str]:
    rng = random.Random(5)
    return ["".join(rng.choices(WORDS, k=rng.randint(30, 90))) + "。" for _ in range(n)]


def build(texts: list[str], analyzer: object, folder: Path) -> tuple[float, int]:
    folder.mkdir()
    ix = index.create_in(
        str(folder), fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(analyzer=analyzer))
    )
    start = time.perf_counter()
    writer = ix.writer()
    for n, text in enumerate(texts):
        writer.add_document(id=str(n), body=text)
    writer.commit()
    size = sum(p.stat().st_size for p in folder.iterdir())
    return time.perf_counter() - start, size


def quality(texts: list[str], folder: Path) -> tuple[float, float]:
    ix = index.open_dir(str(folder))
    parser = qparser.QueryParser("body", ix.schema, group=qparser.AndGroup)
    recall, precision = [], []
    with ix.searcher() as searcher:
        for word in QUERIES:
            truth = {str(n) for n, text in enumerate(texts) if word in text}
            found = {hit["id"] for hit in searcher.search(parser.parse(word), limit=None)}
            recall.append(len(found & truth) / len(truth) if truth else 1.0)
            precision.append(len(found & truth) / len(found) if found else 1.0)
    return sum(recall) / len(recall), sum(precision) / len(precision)


def first_query_cost(setup: str) -> float:
    script = f"import time; t = time.perf_counter(); {setup}; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent / "tools",
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import jieba
    from jieba.analyse import ChineseAnalyzer

    jieba.setLogLevel(60)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    texts = corpus(n)
    with tempfile.TemporaryDirectory() as scratch:
        rows = []
        for name, analyzer, setup in [
            (
                "bigrams",
                text_analyzer(),
                "from sellerkb.search.fields import text_analyzer; "
                "[t.text for t in text_analyzer()('资金被冻结')]",
            ),
            (
                "jieba",
                ChineseAnalyzer(),
                "import jieba; jieba.setLogLevel(60); from jieba.analyse import ChineseAnalyzer; "
                "[t.text for t in ChineseAnalyzer()('资金被冻结')]",
            ),
        ]:
            folder = Path(scratch) / name
            seconds, size = build(texts, analyzer, folder)
            recall, precision = quality(texts, folder)
            rows.append((name, seconds, size, first_query_cost(setup), recall, precision))
            shutil.rmtree(folder)
    print(f"{n} Chinese documents; {len(QUERIES)} word queries against substring truth")
    print(
        f"{'analyzer':<9} {'index':>8} {'size':>9} {'1st query':>10} {'recall':>7} {'precision':>9}"
    )
    for name, seconds, size, cost, recall, precision in rows:
        print(
            f"{name:<9} {seconds:>7.1f}s {size / 2**20:>7.1f}MB {cost * 1000:>8.0f}ms "
            f"{recall:>7.2f} {precision:>9.2f}"
        )


if __name__ == "__main__":
    main()
