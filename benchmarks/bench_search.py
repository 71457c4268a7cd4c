"""`sellerkb search` on N synthetic cases against `grep -rlw WORD cases/` in the same run.
Targets at 10,000 cases: a warm one-shot search (the whole process) at most 3x grep; the
first search after editing one case under 1 s; building the index from nothing under
15 s; a warm search peaking under 200 MiB.

    python benchmarks/bench_search.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from benchmarks.measure import best_of, run

WORD = "arbitration"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    with tempfile.TemporaryDirectory() as scratch:
        root = generate(count, Path(scratch) / "corpus")
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")  # the index, gone after
        sellerkb = [sys.executable, "-m", "sellerkb"]
        build, build_peak, _ = run([*sellerkb, "index", "--rebuild", "--root", str(root)])
        search = [*sellerkb, "search", WORD, "--root", str(root), "--limit", "10"]
        run(search)  # warm the page cache and the index
        grep, _ = best_of(5, ["grep", "-rlw", WORD, "cases/"], cwd=root)
        warm, warm_peak = best_of(5, search)
        edited = next((root / "cases" / "bans").iterdir())
        edited.write_text(edited.read_text() + "\nAn edit with the word okapi.\n")
        after_edit, _, result = run([*sellerkb, "search", "okapi", "--root", str(root), "--json"])
        assert '"total": 1' in result.stdout, result.stdout + result.stderr
        zh, _ = best_of(3, [*sellerkb, "search", "冻结", "--root", str(root)])
    ratio = warm / grep
    print(f"cases: {count}")
    print(f"index from nothing: {build:.1f} s, peak {build_peak / 2**20:.0f} MiB (target < 15 s)")
    print(f"grep -rlw {WORD} cases/: {grep * 1000:.0f} ms")
    print(
        f"warm one-shot search:   {warm * 1000:.0f} ms, peak {warm_peak / 2**20:.0f} MiB "
        f"(ratio {ratio:.2f}x, target <= 3x; peak target < 200 MiB)"
    )
    print(f"search in Chinese (冻结): {zh * 1000:.0f} ms")
    print(f"first search after editing one case: {after_edit * 1000:.0f} ms (target < 1 s)")
    ok = build < 15 and ratio <= 3 and after_edit < 1 and warm_peak < 200 * 2**20
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
