"""`sellerkb validate` on N synthetic cases against a bare CSafeLoader parse of the same
front matter, in the same run. Target: at most 2x the bare parse, at most 300 MiB peak.
Also reports how often the likely-duplicate warning (SKB506) fires on the synthetic cases,
none of which repeats another: every warning there is a false alarm.

    python benchmarks/bench_validate.py [N] [--translated]

With --translated every case has a Chinese translation beside it, so 2N files are checked
(the bilingual target: 20,000 files at most 2x the bare parse of their front matter).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from benchmarks.measure import alternating

BARE = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1], "cases").rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    yaml.load(text[4:text.index("\\n---\\n", 4)], Loader=yaml.CSafeLoader)
"""


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 10000
    translated = "--translated" in sys.argv
    with tempfile.TemporaryDirectory() as scratch:
        root = generate(count, Path(scratch) / "corpus", translated=translated)
        (bare, bare_peak), (validate, peak) = alternating(
            5,
            [
                [sys.executable, "-c", BARE, str(root)],
                [sys.executable, "-m", "sellerkb", "validate", "--root", str(root)],
            ],
        )
        report = subprocess.run(
            [sys.executable, "-m", "sellerkb", "validate", "--root", str(root), "--format", "json"],
            capture_output=True,
            text=True,
        )
    problems = json.loads(report.stdout)["problems"]
    codes = Counter(p["code"] for p in problems)
    duplicates = codes["SKB506"]
    with_errors = len({p["path"] for p in problems if p["severity"] == "error"})
    ratio = validate / bare
    mib = peak / 2**20
    files = count * (2 if translated else 1)
    print(f"cases: {count}, files: {files} ({'with' if translated else 'without'} translations)")
    print(f"bare CSafeLoader parse (whole process): {bare:.2f} s, peak {bare_peak / 2**20:.0f} MiB")
    print(f"sellerkb validate (whole process):      {validate:.2f} s, peak {mib:.0f} MiB")
    print(f"ratio: {ratio:.2f}x (target <= 2.0x); peak {mib:.0f} MiB (target <= 300 MiB)")
    print(
        f"likely duplicates (SKB506): {duplicates} warnings, {duplicates / count:.2%} of the "
        f"cases (target <= 0.5%); {with_errors} cases with errors take no part"
    )
    ok = ratio <= 2.0 and mib <= 300 and duplicates <= count * 0.005
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
