"""Briefing rendering, measured in fresh clones of this checkout (reports/ here is never
touched). Each figure is a ratio against a baseline measured in the same run, the two
commands run in turn (A B A B …) so a drift of the machine's speed hits both alike.

1. Batch: the 21 briefings from clean with 2 workers, warm engine vs kernel engine
   (`qcompare render --jobs 2 --engine warm|kernel params/*.yaml`). Goal ≤ 0.25 ×, and
   ≤ 1.5 s per briefing amortised.
2. Before/after: `make -j2 report` from clean, this branch vs the commit it started from
   (--before, default 73099ca: one `qcompare render` per briefing on a fresh kernel).
3. Cold single briefing: `qcompare render --force params/pm25_zh.yaml`, warm vs kernel
   engine, a fresh process each (the warm engine pays its warm-up). Goal ≤ 1.1 ×.
4. No-op: `make report` with nothing changed. Goal < 0.1 s.
5. Sizes: site pages (goal ≤ 400 KB each), reports/assets/ (≤ 8 MB), share pages (≤ 5.5 MB),
   and the font subset each page carries.

The clones use this checkout's .venv with PYTHONPATH set to the clone's own src/, so the
"before" tree runs its own code. The font-subset and data caches are the user's (as for
`make report`); `bench_profile.py` measures a cold font subset.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, print_table

VENV_BIN = ROOT / ".venv" / "bin"
STAMP = str(ROOT / ".venv" / ".installed")


def clone(into: Path, rev: str | None = None) -> Path:
    """A fresh clone (at `rev`) that uses this checkout's .venv."""
    subprocess.run(["git", "clone", "-q", str(ROOT), str(into)], check=True)
    if rev:
        subprocess.run(["git", "-C", str(into), "checkout", "-q", rev], check=True)
    (into / ".venv").symlink_to(ROOT / ".venv")
    return into


def shim_engine_entry_point(tree: Path) -> None:
    """A tree from before the warm engine shares this .venv, whose installed metadata names
    the papermill entry point qcompare.briefings.warm: papermill loads every entry point when
    it is imported, so give the old tree an inert module of that name (never used by it)."""
    warm = tree / "src" / "qcompare" / "briefings" / "warm.py"
    if not warm.exists():
        warm.write_text(
            '"""Benchmark shim: the entry point exists, the engine is not used."""\n'
            "WarmEngine = None\n",
            encoding="utf-8",
        )


def env_of(tree: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env.update(PYTHONPATH=str(tree / "src"), QCOMPARE_ROOT=str(tree))
    return env


def make(tree: Path, *args: str) -> list[str]:
    return ["make", "-s", "-C", str(tree), f"STAMP={STAMP}", "-o", STAMP, *args]


def run(cmd: list[str], tree: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=tree, env=env_of(tree), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-1500:]}")
    return seconds


def clean(tree: Path) -> None:
    for sub in ("reports", "figures"):
        shutil.rmtree(tree / sub, ignore_errors=True)


def paired(runs: int, a, b) -> tuple[float, float, float]:
    """Median seconds of A, of B, and the median of the per-pair ratios A/B."""
    pairs = [(a(), b()) for _ in range(runs)]
    return (
        statistics.median(p[0] for p in pairs),
        statistics.median(p[1] for p in pairs),
        statistics.median(p[0] / p[1] for p in pairs),
    )


def qcompare(tree: Path, *args: str) -> list[str]:
    return [str(VENV_BIN / "qcompare"), *args]


def batch(tree: Path, runs: int) -> list[list[object]]:
    params = sorted(str(p.relative_to(tree)) for p in (tree / "params").glob("*.yaml"))

    def with_engine(engine: str):
        def go() -> float:
            clean(tree)
            return run(qcompare(tree, "render", "--jobs", "2", "--engine", engine, *params), tree)

        return go

    warm, kernel, ratio = paired(runs, with_engine("warm"), with_engine("kernel"))
    n = len(params)
    return [
        [f"kernel engine, {n} briefings, 2 workers, from clean", kernel, kernel / n, 1.0],
        [f"warm engine, {n} briefings, 2 workers, from clean", warm, warm / n, ratio],
    ]


def before_after(after: Path, before: Path, runs: int) -> list[list[object]]:
    def full(tree: Path):
        def go() -> float:
            clean(tree)
            return run(make(tree, "-j2", "report"), tree)

        return go

    new, old, ratio = paired(runs, full(after), full(before))
    return [
        ["before: make -j2 report, from clean (one kernel per briefing)", old, 1.0],
        ["after: make -j2 report, from clean (one warm render, 2 workers)", new, ratio],
    ]


def cold_single(tree: Path, params: str, runs: int) -> list[list[object]]:
    def with_engine(engine: str):
        return lambda: run(qcompare(tree, "render", "--force", "--engine", engine, params), tree)

    with_engine("warm")()  # bytecode and caches warm for both
    warm, kernel, ratio = paired(runs, with_engine("warm"), with_engine("kernel"))
    return [
        [f"kernel engine: qcompare render --force {params}", kernel, 1.0],
        [f"warm engine: qcompare render --force {params}", warm, ratio],
    ]


def noop(tree: Path, runs: int) -> list[list[object]]:
    run(make(tree, "report"), tree)
    samples = [run(make(tree, "report"), tree) for _ in range(runs)]
    return [["make report, nothing changed", statistics.median(samples), max(samples)]]


def sizes(tree: Path) -> list[list[object]]:
    reports = tree / "reports"
    site = sorted(p.stat().st_size for p in reports.glob("*.html") if p.name != "index.html")
    share = sorted(p.stat().st_size for p in (reports / "share").glob("*.html"))
    fonts = sorted(p.stat().st_size for p in (reports / "assets" / "fonts").glob("*.woff2"))
    assets = sum(p.stat().st_size for p in (reports / "assets").rglob("*") if p.is_file())
    plotly = sum(p.stat().st_size for p in (reports / "assets").glob("plotly-*.min.js"))

    def span(values: list[int], unit: float, label: str) -> str:
        return f"{values[0] / unit:.1f}–{values[-1] / unit:.1f} {label}" if values else "—"

    return [
        ["site page (reports/NAME.html)", len(site), span(site, 1e3, "KB"), "≤ 400 KB each"],
        ["share page (reports/share/NAME.html)", len(share), span(share, 1e6, "MB"), "≤ 5.5 MB"],
        ["font subset per page (WOFF2)", len(fonts), span(fonts, 1e3, "KB"), "≤ 400 KB"],
        [
            "reports/assets/ in all",
            1,
            f"{assets / 1e6:.2f} MB (plotly.js {plotly / 1e6:.2f} MB)",
            "≤ 8 MB",
        ],
        ["reports/index.html", 1, f"{(reports / 'index.html').stat().st_size / 1e3:.1f} KB", ""],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="pairs for the quick figures")
    parser.add_argument("--batch-runs", type=int, default=1, help="pairs for the long ones")
    parser.add_argument("--params", default="params/pm25_zh.yaml")
    parser.add_argument("--before", default="73099ca", help="commit of the 'before' tree")
    parser.add_argument(
        "--only", nargs="*", default=["batch", "make", "cold", "noop", "sizes"], help="figures"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qcompare-bench-") as tmp:
        after = clone(Path(tmp) / "after")
        run(make(after, "data"), after)
        if "batch" in args.only:
            print_table(
                "1. 21 briefings from clean, 2 workers: warm vs kernel engine (goal ≤ 0.25 ×)",
                ["what", "median s", "s per briefing", "× kernel (pairs)"],
                batch(after, args.batch_runs),
            )
        if "make" in args.only:
            before = clone(Path(tmp) / "before", args.before)
            shim_engine_entry_point(before)
            run(make(before, "data"), before)
            print_table(
                f"2. make -j2 report from clean: this branch vs {args.before}",
                ["what", "median s", "× before (pairs)"],
                before_after(after, before, args.batch_runs),
            )
        if "cold" in args.only:
            print_table(
                "3. One briefing, cold start: warm vs kernel engine (goal ≤ 1.1 ×)",
                ["what", "median s", "× kernel (pairs)"],
                cold_single(after, args.params, args.runs),
            )
        if "noop" in args.only:
            print_table(
                "4. No-op make report (goal < 0.1 s)",
                ["what", "median s", "max s"],
                noop(after, max(5, args.runs)),
            )
        if "sizes" in args.only:
            if not (after / "reports" / "index.html").is_file():
                run(make(after, "-j2", "report"), after)
            print_table(
                "5. Sizes after make report",
                ["what", "files", "range", "goal"],
                sizes(after),
            )


if __name__ == "__main__":
    main()
