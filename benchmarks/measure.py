"""Run a command and report wall time and peak memory of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of pid and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in (Path("/proc") / str(current) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run(
    command: list[str], cwd: Path | None = None
) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """(seconds, peak bytes of the process tree, result)."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak, subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def best_of(n: int, command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(the fastest of n runs, the highest peak of them)."""
    return alternating(n, [command], cwd)[0]


def alternating(
    n: int, commands: list[list[str]], cwd: Path | None = None
) -> list[tuple[float, int]]:
    """best_of for each command, their runs taken in turn, so that a slow spell of a
    noisy machine falls on all of them alike."""
    results: list[list[tuple[float, int, subprocess.CompletedProcess[str]]]] = [
        [] for _ in commands
    ]
    for _ in range(n):
        for command, runs in zip(commands, results, strict=True):
            runs.append(run(command, cwd))
    for command, runs in zip(commands, results, strict=True):
        for _, _, result in runs:
            if result.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return [(min(r[0] for r in runs), max(r[1] for r in runs)) for runs in results]
