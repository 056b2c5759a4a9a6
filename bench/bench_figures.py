"""Static figures of a briefing: seconds spent in `save_chart` (drawing + saving) and the bytes
written to figures/, for this checkout against a baseline commit (default b5b3dd7, the last
before figure_files.py) in the same run. Each briefing's notebook code cells run in a fresh
Python process (the notebook's own code, parameters from its params file, cell output
discarded) with `save_chart` timed; the baseline's `src/` comes from `git archive` into a
temporary folder, so no checkout changes.

Cases: real briefings from params/ and a synthetic 50-indicator scorecard (bench/synthetic.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import PYTHON, ROOT, print_table

CHILD = """
import contextlib, io, json, os, sys, time
from pathlib import Path
import nbformat, yaml
params = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
nb = nbformat.read(Path(os.environ["QCOMPARE_ROOT"]) / params["notebook"], as_version=4)
cells = [c.source for c in nb.cells if c.cell_type == "code"]
inject = "\\n".join(f"{k} = {v!r}" for k, v in (params.get("parameters") or {}).items())
import qcompare.briefings as br
times = {}
original = br.save_chart
def timed(name, *a, **k):
    start = time.perf_counter()
    original(name, *a, **k)
    times[name] = times.get(name, 0.0) + time.perf_counter() - start
scope = {}
with contextlib.redirect_stdout(io.StringIO()):
    exec(cells[0], scope)
    exec(inject, scope)
    exec(cells[1], scope)
    scope["br"].save_chart = timed
    for cell in cells[2:]:
        exec(cell, scope)
print(json.dumps(times))
"""


def run_case(src: Path, root: Path, params: Path, out: Path) -> tuple[dict, dict]:
    """Seconds per chart and bytes per figure file of one briefing rendered with `src`."""
    out.mkdir(parents=True, exist_ok=True)
    for f in out.iterdir():
        f.unlink()
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "QCOMPARE_ROOT": str(root),
        "QCOMPARE_FIGURES_DIR": str(out),
        "MPLBACKEND": "Agg",
    }
    run = subprocess.run(
        [PYTHON, "-c", CHILD, str(params)], env=env, capture_output=True, text=True, check=False
    )
    if run.returncode:
        raise SystemExit(run.stderr[-3000:])
    times = json.loads(run.stdout.strip().splitlines()[-1])
    sizes = {f.name: f.stat().st_size for f in sorted(out.iterdir())}
    return times, sizes


def synthetic_project(root: Path, n_indicators: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_render_scale import params_for, project

    with contextlib.redirect_stdout(io.StringIO()):
        project(root, 20, n_indicators)
        names = params_for(root, 1)
    return root / names[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--baseline",
        default="b5b3dd7",
        help="git ref of the baseline (default: the last commit before figure_files.py)",
    )
    parser.add_argument(
        "--params",
        nargs="+",
        default=[
            "params/scorecard_wenzhou_zh.yaml",
            "params/scorecard_wenzhou_en.yaml",
            "params/theme_environment_en.yaml",
            "params/track_record_wenzhou_zh.yaml",
            "params/pm25_zh.yaml",
            "params/pm25_en.yaml",
        ],
    )
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the figures in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qcompare-figures-") as tmp:
        tmp = Path(tmp)
        base = tmp / "baseline"
        base.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.baseline, "src"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        synth = synthetic_project(tmp / "synthetic", args.indicators)
        cases = [(ROOT, ROOT / p, Path(p).stem) for p in args.params]
        cases.append((tmp / "synthetic", synth, f"synthetic {args.indicators}-indicator"))
        rows = []
        keep = args.keep or tmp / "figures"
        for root, params, label in cases:
            got = {}
            for side, src in (("before", base / "src"), ("after", ROOT / "src")):
                samples, sizes = [], {}
                for _ in range(args.runs):
                    times, sizes = run_case(src, root, params, keep / side / params.stem)
                    samples.append(sum(times.values()))
                got[side] = (statistics.median(samples), sum(sizes.values()))
            (t0, b0), (t1, b1) = got["before"], got["after"]
            rows.append([label, t0, t1, t1 / t0, b0 / 1024, b1 / 1024, b1 / b0])
    print_table(
        f"Static figures per briefing: save_chart seconds (median of {args.runs}) and figures/ "
        f"KB, {args.baseline} (before) vs this checkout (after), same run",
        ["briefing", "s before", "s after", "time ratio", "KB before", "KB after", "size ratio"],
        rows,
    )


if __name__ == "__main__":
    main()
