"""Shared helpers of the benchmarks: timing in fresh processes and printing tables."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def timed_run(cmd: Sequence[str], *, cwd: Path = ROOT, env: dict | None = None) -> float:
    """Wall seconds of one run of `cmd`; raises if it fails."""
    start = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return time.perf_counter() - start


def median_of(runs: int, fn) -> tuple[float, list[float]]:
    """Median and all samples of `runs` calls of `fn()` (each returns seconds)."""
    samples = [fn() for _ in range(runs)]
    return statistics.median(samples), samples


def machine() -> str:
    """One line on the machine the figures were measured on."""
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024**2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{os.cpu_count()} cores{mem}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table, so the output can be pasted into RESULTS.md as it is."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(_fmt(c) for c in row) + " |")
    sys.stdout.flush()


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)
