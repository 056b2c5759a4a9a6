"""Rendering at scale: synthetic data for N cities (bench/synthetic.py, generated in a
temporary folder, never committed), a scorecard in zh and en for the first K cities of it,
one warm render for all of them: site mode (`qcompare render --jobs 2 --site-only
--no-figures`: the site pages and their shared assets) and, for comparison, site pages with
the static figure files (`--site-only`).

Per size: wall seconds, seconds per briefing (and its ratio to the smallest size: goal
within 1.2 ×), peak memory of the whole process tree (the sum of the proportional set size
of the render and every worker and notebook process, sampled every 0.2 s; forked processes
share their parent's pages, which PSS divides among them) and the output's size (reports/
and figures/). Goals at 600 briefings: ≤ 15 min, ≤ 4 GB, ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, print_table
from synthetic import generate

QCOMPARE = ROOT / ".venv" / "bin" / "qcompare"


def project(root: Path, n_cities: int, n_indicators: int) -> Path:
    generate(root / "data", n_cities, n_indicators=n_indicators)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "params").mkdir()
    return root


def params_for(root: Path, k: int) -> list[str]:
    for old in (root / "params").glob("*.yaml"):
        old.unlink()
    names = []
    for i in range(k):
        for lang in ("zh", "en"):
            name = f"scorecard_c{i:05d}_{lang}"
            (root / "params" / f"{name}.yaml").write_text(
                f"notebook: notebooks/scorecard.ipynb\ntitle: City {i} scorecard ({lang})\n"
                f"parameters:\n  city: c{i:05d}\n  lang: {lang}\n",
                encoding="utf-8",
            )
            names.append(f"params/{name}.yaml")
    return names


def tree_pss(pid: int) -> int:
    """Bytes of proportional set size of `pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


def measure(root: Path, names: list[str], jobs: int, figures: bool) -> dict:
    for sub in ("reports", "figures"):
        shutil.rmtree(root / sub, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env["QCOMPARE_ROOT"] = str(root)
    list_file = root / "render-list.txt"
    list_file.write_text("\n".join(names) + "\n", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(QCOMPARE), "render", "--jobs", str(jobs), "--site-only", "--from-file", list_file]
        + ([] if figures else ["--no-figures"]),
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_pss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(err[-2000:])
    size = sum(
        p.stat().st_size
        for d in ("reports", "figures")
        for p in (root / d).rglob("*")
        if p.is_file()
    )
    pages = sorted(p.stat().st_size for p in (root / "reports").glob("scorecard_*.html"))
    return {
        "n": len(names),
        "seconds": seconds,
        "peak": peak[0],
        "size": size,
        "pages": (pages[0], pages[-1]),
        "summary": out.strip().splitlines()[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cities", type=int, default=300, help="cities in the synthetic data")
    parser.add_argument(
        "--indicators",
        type=int,
        default=50,
        help="indicators per city (the real plans: 48-56 targets per city)",
    )
    parser.add_argument(
        "--briefings", type=int, nargs="+", default=[60, 600], help="briefings per site run"
    )
    parser.add_argument(
        "--with-figures",
        type=int,
        nargs="*",
        default=[60],
        help="briefings per run that also writes the static figure files",
    )
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows, base = [], None
    with tempfile.TemporaryDirectory(prefix="qcompare-render-scale-") as tmp:
        root = project(Path(tmp), args.cities, args.indicators)
        runs = [(n, False) for n in args.briefings] + [(n, True) for n in args.with_figures]
        for n, figures in runs:
            r = measure(root, params_for(root, n // 2), args.jobs, figures)
            per = r["seconds"] / r["n"]
            base = base or per
            rows.append(
                [
                    "site pages + figure files" if figures else "site mode (pages only)",
                    r["n"],
                    r["seconds"],
                    per,
                    f"{per / base:.2f}",
                    f"{r['peak'] / 1e9:.2f}",
                    f"{r['size'] / 1e6:.1f}",
                    f"{r['pages'][0] / 1e3:.0f}–{r['pages'][1] / 1e3:.0f}",
                ]
            )
            print(r["summary"], flush=True)
    print_table(
        f"Scale: {args.cities} synthetic cities × {args.indicators} indicators, scorecards zh+en, "
        f"{args.jobs} workers",
        [
            "what",
            "briefings",
            "wall s",
            "s per briefing",
            "× first run",
            "peak GB (PSS, all processes)",
            "output MB",
            "page KB",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
