"""Scale: synthetic data of N cities × 200 indicators × 5 kinds (generated here, never
committed): load + validate, then targets with statuses. Time per phase and peak memory per
size, each size in a fresh process; the 300-city run is the baseline of the growth ratios.

Goal: linear growth; 3,000 cities ≤ 15 s and ≤ 4 GB. The validation cache is switched off
(QCOMPARE_CACHE=0): every run validates every row.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import PYTHON, ROOT, print_table
from synthetic import generate

CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
import qcompare as qc
t1 = time.perf_counter()
ds = qc.load(sys.argv[1])
t2 = time.perf_counter()
targets = qc.targets_table(ds)
t3 = time.perf_counter()
print(json.dumps({"rows": len(ds.observations), "targets": len(targets),
                  "import": t1 - t0, "load": t2 - t1, "targets_time": t3 - t2,
                  "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2}))
"""


def measure(raw: Path, memory_limit_gb: float) -> dict:
    limit = int(memory_limit_gb * 1024**3)
    proc = subprocess.run(
        [
            PYTHON,
            "-c",
            f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, "
            f"{limit}))\n" + CHILD,
            str(raw),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QCOMPARE_CACHE": "0"},
    )  # always validate: no cached shortcut
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:80]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 30000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (30,000: one run)")
    parser.add_argument(
        "--memory-limit-gb",
        type=float,
        default=20.0,
        help="address-space cap of each run, so a size too big fails cleanly",
    )
    args = parser.parse_args()
    rows, base = [], None
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"qcompare-scale-{n}-") as tmp:
            raw = generate(Path(tmp), n)
            runs = [
                measure(raw, args.memory_limit_gb) for _ in range(1 if n >= 30000 else args.runs)
            ]
        ok = [r for r in runs if "error" not in r]
        if not ok:
            rows.append([n, f"{n * 1000:,}", "—", "—", "—", "—", runs[0]["error"], "—"])
            continue
        load = statistics.median(r["load"] for r in ok)
        tgt = statistics.median(r["targets_time"] for r in ok)
        total = load + tgt
        peak = max(r["peak_gb"] for r in ok)
        base = base or (n, total)
        growth = (total / base[1]) / (n / base[0])
        rows.append(
            [n, f"{ok[0]['rows']:,}", load, tgt, total, peak, f"{len(ok)} run(s)", f"{growth:.2f}"]
        )
    print_table(
        "Scale: load + validate, targets + statuses (synthetic, fresh process per run)",
        [
            "cities",
            "observations",
            "load+validate s",
            "targets+status s",
            "total s",
            "peak GB",
            "runs",
            "time per city vs 300 (1.00 = linear)",
        ],
        rows,
    )
    for row in rows:
        if row[0] == 3000 and isinstance(row[4], float):
            met = row[4] <= 15 and row[5] <= 4
            print(
                f"\ngoal 3,000 cities ≤ 15 s and ≤ 4 GB: {'met' if met else 'missed'} "
                f"({row[4]:.1f} s, {row[5]:.2f} GB)"
            )


if __name__ == "__main__":
    main()
