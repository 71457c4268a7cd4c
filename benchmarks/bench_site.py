"""Building the site for N synthetic cases, each with a Chinese translation, in both
languages, against a plain `mkdocs build` of the same 2N case bodies with a short nav, in
the same run. Targets at 10,000 cases: at most 2x the plain build's time, at most 1.5 GiB
peak, and at most 1.5 MiB gzipped of search data for a browser's first query in each
language: the search index every page downloads (Material's full-text index of the
plain build is the reference). The words of case bodies, which the search box fetches
after the first query, are reported beside it.

    python benchmarks/bench_site.py [N]
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate
from benchmarks.measure import best_of

REPO = Path(__file__).resolve().parent.parent
PLAIN_CONFIG = """site_name: plain
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
"""


def plain_docs(corpus: Path, target: Path) -> None:
    """The same case bodies as plain Markdown pages, with a short nav."""
    docs = target / "docs"
    (docs / "cases").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    for path in (corpus / "cases").rglob("*.md"):  # originals and translations: 2N pages
        text = path.read_text(encoding="utf-8")
        front, _, body = text[4:].partition("\n---\n")
        title = next(line[7:] for line in front.splitlines() if line.startswith("title: "))
        (docs / "cases" / path.name).write_text(f"# {title}\n{body}", encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        PLAIN_CONFIG + "validation:\n  nav:\n    omitted_files: ignore\n"
    )


def gz(path: Path) -> float:
    return len(gzip.compress(path.read_bytes())) / 2**20


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    runs = 1 if count >= 5000 else 3
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        repo = generate(count, base / "repo", translated=True)
        shutil.copytree(REPO / "docs", repo / "docs")
        shutil.copy(REPO / "mkdocs.yml", repo / "mkdocs.yml")
        plain = base / "plain"
        plain_docs(repo, plain)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
        plain_time, plain_peak = best_of(runs, mkdocs, cwd=plain)
        site_time, site_peak = best_of(runs, [*mkdocs, "--strict"], cwd=repo)
        plain_index = gz(plain / "site" / "search" / "search_index.json")
        site_index = gz(repo / "site" / "search" / "search_index.json")
        zh_index = gz(repo / "site" / "zh" / "search" / "search_index.json")
        bodies = [gz(repo / "site" / home / "search" / "bodies.json") for home in ("", "zh")]
        pages = sum(1 for _ in (repo / "site").rglob("index.html"))
    ratio = site_time / plain_time
    limit = 1.5 * 2**30
    print(f"cases: {count}, pages built: {pages}")
    print(
        f"plain mkdocs build (Material, short nav): {plain_time:.1f} s, "
        f"peak {plain_peak / 2**20:.0f} MiB"
    )
    print(
        f"sellerkb site build:                      {site_time:.1f} s, "
        f"peak {site_peak / 2**20:.0f} MiB"
    )
    print(
        f"ratio: {ratio:.2f}x (target <= 2.0x); peak {site_peak / 2**20:.0f} MiB "
        "(target <= 1536 MiB)"
    )
    print(
        f"search data for the first query, gzipped: {site_index:.2f} MiB in English, "
        f"{zh_index:.2f} MiB in Chinese (target <= 1.5 MiB each); Material's full-text "
        f"index of the plain build: {plain_index:.2f} MiB"
    )
    print(
        f"the words of case bodies, fetched after the first query, gzipped: "
        f"{bodies[0]:.2f} MiB in English, {bodies[1]:.2f} MiB in Chinese"
    )
    ok = ratio <= 2.0 and site_peak <= limit and max(site_index, zh_index) <= 1.5
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
