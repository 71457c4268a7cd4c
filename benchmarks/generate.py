"""Generate N synthetic, valid cases in a scratch repository (never under cases/).

python benchmarks/generate.py 10000 /tmp/skb-10k
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLATFORMS = ["amazon", "aliexpress", "ebay", "etsy", "temu", "tiktok-shop", "shopee"]
TOPICS = [
    "fund-freeze",
    "mass-suspension",
    "reviews",
    "arbitration",
    "fees",
    "payments",
    "appeals",
    "account-health",
    "platform-rules",
]
VIOLATIONS = ["review-manipulation", "fraud", "ip-infringement", "counterfeit", "unspecified"]
COUNTRIES = ["US", "CN", "PK", "DE", "GB", "JP", "IN", "NO", "FR"]
WORDS = (
    "seller account suspension balance frozen funds arbitration appeal marketplace review "
    "platform policy notice withheld payout verification court claim agreement fee "
    "inventory listing brand store 卖家 资金被冻结 封号 亚马逊 仲裁"
).split()


def _filler(n: int) -> list[str]:
    """Made-up words, so that the vocabulary is large as in real text."""
    rng = random.Random(7)
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return [
        "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        for _ in range(n)
    ]


# Word frequencies fall off as in natural text (Zipf): a domain word such as
# "arbitration" appears in some cases, not all of them.
VOCABULARY = [*WORDS, *_filler(4000)]
RANKS = list(range(len(VOCABULARY)))
rng_order = random.Random(3)
rng_order.shuffle(RANKS)
WEIGHTS = [1 / (rank + 1) for rank in RANKS]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(VOCABULARY, WEIGHTS, k=n)).capitalize() + "."


def case_text(rng: random.Random, i: int, kind: str) -> str:
    year = rng.randint(2015, 2026)
    lines = [
        "---",
        f"title: {sentence(rng, 9)[:-1]} ({rng.choice(WORDS)} {i})",
        f"summary: {sentence(rng, 25)}",
        f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"platforms: [{', '.join(rng.sample(PLATFORMS, rng.randint(1, 2)))}]",
        f"marketplaces: [{', '.join(rng.sample(COUNTRIES, 2))}]",
        f"seller_countries: [{rng.choice(COUNTRIES)}]",
        f"topics: [{', '.join(rng.sample(TOPICS, 2))}]",
        "affected:",
        f"  accounts: {rng.randint(1, 20000)}",
        "money:",
        f"  - amount: {rng.randint(1000, 10**7)}",
        "    currency: USD",
        "    kind: frozen",
    ]
    if kind == "bans":
        lines += ["status: active", f"violations: [{rng.choice(VIOLATIONS)}]"]
    elif kind == "lawsuits":
        lines += [
            "status: pending",
            "forum: court",
            "venue: Synthetic District Court",
            f'case_number: "{i}-cv-{rng.randint(1000, 9999)}"',
            "plaintiffs: [Synthetic Seller Co.]",
            "defendants: [Synthetic Platform Inc.]",
        ]
    else:
        lines += ["status: in-effect", f"issuer: {rng.choice(PLATFORMS)}"]
    lines += [
        "sources:",
        f"  - title: Synthetic source {i}",
        f"    url: https://example.org/synthetic/{i}",
        "    publisher: Example",
        f"    date: {year}",
        "    language: en",
        "---",
        "",
        "## What happened",
        "",
        *(sentence(rng, 40) for _ in range(4)),
        "",
        "## Timeline",
        "",
        f"- {year}: {sentence(rng, 8)}",
        "",
    ]
    return "\n".join(lines)


# Chinese text for translations: domain words and made-up two-character words, also
# falling off as in natural text.
ZH_WORDS = (
    "卖家 资金 冻结 封号 亚马逊 仲裁 店铺 平台 账户 申诉 法院 政策 余额 扣留 诉讼 费用".split()
)


def _zh_filler(n: int) -> list[str]:
    rng = random.Random(11)
    return ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(2)) for _ in range(n)]


ZH_VOCABULARY = [*ZH_WORDS, *_zh_filler(3000)]
ZH_WEIGHTS = [1 / (rank + 1) for rank in range(len(ZH_VOCABULARY))]


def zh_sentence(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(ZH_VOCABULARY, ZH_WEIGHTS, k=n)) + "。"


def translation_text(rng: random.Random, original: str) -> str:
    """A Chinese translation of a generated case, stamped with its fingerprint: different
    text for every case, as real translations are, so that nothing the site build or
    the index does once per distinct sentence gains from repetition."""
    from sellerkb.translations import fingerprint

    meta, body = original.split("\n---\n", 1)
    lines = meta.splitlines()
    title = next(line[7:] for line in lines if line.startswith("title: "))
    summary = next(line[9:] for line in lines if line.startswith("summary: "))
    stamp = fingerprint(title, summary, body)
    number = title.rsplit(" ", 1)[-1].rstrip(")")
    # as many words as the original's title, summary and body (see case_text)
    return "\n".join(
        [
            "---",
            f"title: {zh_sentence(rng, 9)[:-1]}（{number}）",
            f"summary: {zh_sentence(rng, 25)}",
            f"translated_from: {stamp}",
            "---",
            "",
            "## 事件经过",
            "",
            *(zh_sentence(rng, 40) for _ in range(4)),
            "",
            "## 时间线",
            "",
            f"- {zh_sentence(rng, 8)}",
            "",
        ]
    )


def generate(n: int, target: Path, seed: int = 1, translated: bool = False) -> Path:
    """N valid cases under target/cases; with translated, each with a Chinese translation."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "cases").mkdir(parents=True)
    shutil.copy(REPO / "cases" / "vocabulary.yml", target / "cases" / "vocabulary.yml")
    kinds = ["bans", "lawsuits", "policies"]
    for kind in kinds:
        (target / "cases" / kind).mkdir()
    for i in range(n):
        kind = kinds[i % 3]
        path = target / "cases" / kind / f"synthetic-case-{i:05d}.md"
        text = case_text(rng, i, kind)
        path.write_text(text, encoding="utf-8")
        if translated:
            path.with_suffix(".zh.md").write_text(translation_text(rng, text), encoding="utf-8")
    return target


def translate(target: Path, seed: int = 2) -> None:
    """Give every generated case under target a Chinese translation."""
    rng = random.Random(seed)
    for path in sorted(target.glob("cases/*/synthetic-case-*[0-9].md")):
        text = path.read_text(encoding="utf-8")
        path.with_suffix(".zh.md").write_text(translation_text(rng, text), encoding="utf-8")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("benchmarks/out/corpus")
    print(generate(count, out))
