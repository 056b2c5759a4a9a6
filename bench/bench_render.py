"""Briefing rendering, measured in a fresh clone of this checkout (so reports/ here is never
touched): render overhead against the stack's floor, `make report` serial vs `make -j2`,
the no-op `make report`, and the size of each briefing.

1. Render overhead — `qcompare render PARAMS --force` vs the floor of the stack: papermill +
   `jupyter nbconvert --to html --no-input` of a two-cell notebook on the same kernel that
   only imports pandas, matplotlib and plotly and shows one small figure of each. Goal ≤ 1.25×.
2. Parallel — full `make report` from clean, serial vs `make -j2`. Goal speed-up ≥ 1.7.
3. No-op — `make report` with nothing changed. Goal ≤ 1 s.
6. Size — bytes of each rendered briefing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
from common import ROOT, median_of, print_table, timed_run

VENV_BIN = ROOT / ".venv" / "bin"
FLOOR_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport plotly.express as px",
    "px.bar(x=['a', 'b', 'c'], y=[3, 1, 2]).show()\n"
    "fig, ax = plt.subplots(figsize=(4, 3))\nax.plot([1, 2, 3], [3, 1, 2])\nplt.show()",
]


def clone(into: Path) -> Path:
    """A fresh clone that uses this checkout's .venv (make is told the venv is up to date)."""
    subprocess.run(["git", "clone", "-q", str(ROOT), str(into)], check=True)
    (into / ".venv").symlink_to(ROOT / ".venv")
    return into


def make(tree: Path, *args: str) -> list[str]:
    stamp = str(ROOT / ".venv" / ".installed")
    return ["make", "-s", "-C", str(tree), f"STAMP={stamp}", "-o", stamp, *args]


def render_overhead(tree: Path, params: str, runs: int) -> list[list[object]]:
    notebook = tree / "floor.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in FLOOR_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "qcompare",
        "display_name": "Python (qcompare)",
        "language": "python",
    }
    nbformat.write(nb, notebook)

    def floor() -> float:
        return timed_run(
            [
                str(VENV_BIN / "papermill"),
                "-k",
                "qcompare",
                "--no-progress-bar",
                str(notebook),
                str(tree / "floor.out.ipynb"),
            ],
            cwd=tree,
        ) + timed_run(
            [
                str(VENV_BIN / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                str(tree / "floor.out.ipynb"),
            ],
            cwd=tree,
        )

    def ours() -> float:
        return timed_run([str(VENV_BIN / "qcompare"), "render", params, "--force"], cwd=tree)

    ours()  # warm the caches (fonts, bytecode) once, for both
    floor_s, _ = median_of(runs, floor)
    ours_s, _ = median_of(runs, ours)
    return [
        ["floor: papermill + nbconvert --no-input, 2-cell notebook", floor_s, 1.0],
        [f"qcompare render {params} --force", ours_s, ours_s / floor_s],
    ]


def parallel(tree: Path, runs: int) -> list[list[object]]:
    def full(*jobs: str) -> float:
        shutil.rmtree(tree / "reports", ignore_errors=True)
        return timed_run(make(tree, *jobs, "report"), cwd=tree)

    serial, _ = median_of(runs, full)
    two, _ = median_of(runs, lambda: full("-j2"))
    return [
        ["make report (serial), from clean", serial, 1.0],
        ["make -j2 report, from clean", two, serial / two],
    ]


def noop(tree: Path, runs: int) -> list[list[object]]:
    subprocess.run(make(tree, "report"), cwd=tree, check=True, stdout=subprocess.DEVNULL)
    seconds, samples = median_of(runs, lambda: timed_run(make(tree, "report"), cwd=tree))
    return [["make report, nothing changed", seconds, max(samples)]]


def sizes(tree: Path) -> list[list[object]]:
    return [
        [p.name, f"{p.stat().st_size:,}", f"{p.stat().st_size / 1e6:.2f}"]
        for p in sorted((tree / "reports").glob("*.html"))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (make: --make-runs)")
    parser.add_argument("--make-runs", type=int, default=3)
    parser.add_argument("--params", default="params/pm25_zh.yaml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qcompare-bench-") as tmp:
        tree = clone(Path(tmp) / "tree")
        subprocess.run(make(tree, "data"), cwd=tree, check=True, stdout=subprocess.DEVNULL)
        overhead = render_overhead(tree, args.params, args.runs)
        print_table(
            "1. Render overhead (median of runs)",
            ["what", "median s", "× floor (goal ≤ 1.25)"],
            overhead,
        )
        par = parallel(tree, args.make_runs)
        print_table(
            "2. Parallel make report, 2 cores", ["what", "median s", "speed-up (goal ≥ 1.7)"], par
        )
        nop = noop(tree, args.runs)
        print_table("3. No-op make report", ["what", "median s (goal ≤ 1)", "max s"], nop)
        print_table("6. Size of each briefing", ["file", "bytes", "MB (goal < 6)"], sizes(tree))


if __name__ == "__main__":
    main()
