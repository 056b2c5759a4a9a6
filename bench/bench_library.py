"""Library: `import qcompare` + load + validate + derive every processed table, real data.

Each figure is the median wall time of fresh interpreter runs; the baseline is `import
pandas` alone in a fresh interpreter, measured in the same run (the floor of any pandas
library). Goal: ≤ 0.5 s.
"""

from __future__ import annotations

import argparse

from common import PYTHON, median_of, print_table, timed_run

FULL = ("import qcompare as qc; from qcompare.build import curated_tables, derived_tables; "
        "ds = qc.load(); curated_tables(ds); derived_tables(ds)")
STEPS = {
    "import pandas (baseline)": "import pandas",
    "import qcompare": "import qcompare",
    "import + load + validate": "import qcompare as qc; qc.load()",
    "import + load + validate + derive all tables": FULL,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rows, baseline = [], None
    for label, code in STEPS.items():
        median, samples = median_of(args.runs, lambda code=code: timed_run([PYTHON, "-c", code]))
        baseline = baseline or median
        rows.append([label, median, min(samples), max(samples), median / baseline])
    print_table("Library: import + load + validate + derive (real data)",
                ["step (fresh process)", "median s", "min s", "max s", "× import pandas"], rows)
    total = rows[-1][1]
    print(f"\ngoal ≤ 0.5 s: {'met' if total <= 0.5 else 'missed'} ({total:.3f} s)")


if __name__ == "__main__":
    main()
