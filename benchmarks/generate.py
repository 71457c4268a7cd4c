"""Generate N synthetic, valid cases in a scratch repository (never under cases/).

python benchmarks/generate.py 10000 /tmp/skb-10k
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLATFORMS = ["amazon", "coupang", "ebay", "etsy", "temu", "tiktok-shop", "shopee"]
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


def generate(n: int, target: Path, seed: int = 1) -> Path:
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
        path.write_text(case_text(rng, i, kind), encoding="utf-8")
    return target


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("benchmarks/out/corpus")
    print(generate(count, out))
