"""Run every benchmark (`make bench`); each prints its own Markdown table."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from common import machine

HERE = Path(__file__).resolve().parent
BENCHES = [
    "bench_library.py",
    "bench_render.py",
    "bench_profile.py",
    "bench_render_scale.py",
    "bench_figures.py",
    "bench_scale.py",
    "bench_extract.py",
]

if __name__ == "__main__":
    print(f"# qcompare benchmarks — {date.today().isoformat()} — {machine()}")
    for script in BENCHES:
        subprocess.run([sys.executable, str(HERE / script)], check=True)
