"""Library: `import qcompare` + load + validate + derive every processed table, real data.

Each figure is the median wall time of fresh interpreter runs; the baseline is `import
pandas` alone in a fresh interpreter, measured in the same run (the floor of any pandas
library). Warm: the raw bytes were validated before, so `load()` reads the validated tables
from the cache (qcompare.data.cache); cold: QCOMPARE_CACHE=0, every load validates with pandera.
Goal: ≤ 0.5 s.
"""

from __future__ import annotations

import argparse

from common import PYTHON, median_of, print_table, timed_run

FULL = (
    "import qcompare as qc; from qcompare.build import curated_tables, derived_tables; "
    "ds = qc.load(); curated_tables(ds); derived_tables(ds)"
)
COLD = {"QCOMPARE_CACHE": "0"}
STEPS = [
    ("import pandas (baseline)", "import pandas", None),
    ("import qcompare", "import qcompare", None),
    ("cold: import + load + validate", "import qcompare as qc; qc.load()", COLD),
    ("cold: import + load + validate + derive all tables", FULL, COLD),
    ("warm: import + load + validate", "import qcompare as qc; qc.load()", None),
    ("warm: import + load + validate + derive all tables", FULL, None),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    timed_run([PYTHON, "-c", "import qcompare as qc; qc.load()"])  # fill the cache once
    rows, baseline = [], None
    for label, code, env in STEPS:
        median, samples = median_of(
            args.runs, lambda code=code, env=env: timed_run([PYTHON, "-c", code], env=env)
        )
        baseline = baseline or median
        rows.append([label, median, min(samples), max(samples), median / baseline])
    print_table(
        "Library: import + load + validate + derive (real data)",
        ["step (fresh process)", "median s", "min s", "max s", "× import pandas"],
        rows,
    )
    for row in (rows[3], rows[5]):
        verdict = "met" if row[1] <= 0.5 else "missed"
        print(f"goal ≤ 0.5 s, {row[0].split(':')[0]}: {verdict} ({row[1]:.3f} s)")


if __name__ == "__main__":
    main()
