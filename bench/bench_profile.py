"""Where a warm render's time goes, per briefing: cells (of which static figures), HTML
export, font subsetting (cold: empty subset cache), writing. Each briefing is rendered the
way `qcompare render` does it — in a worker forked from a warm parent — with the phases
timed from inside. Output in a temporary folder; the project's reports/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, print_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--params",
        nargs="+",
        default=[
            f"params/{name}.yaml"
            for name in (
                "pm25_zh",
                "scorecard_wenzhou_zh",
                "scorecard_wenzhou_en",
                "track_record_wenzhou_en",
                "theme_environment_zh",
            )
        ],
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qcompare-profile-") as tmp:
        os.environ["QCOMPARE_CACHE_DIR"] = str(Path(tmp) / "cache")  # fonts: cold
        rows = [profile(ROOT / p, Path(tmp), args.runs) for p in args.params]
    print_table(
        "Per-briefing time of a warm render (median of runs, seconds)",
        [
            "briefing",
            "total",
            "cells",
            "of which static figures (built and saved)",
            "HTML export",
            "font subset (cold)",
            "other (write, fingerprint)",
        ],
        rows,
    )


def _time_static_figures(log: Path) -> None:
    """Log the seconds of each static figure (built and saved: `save_chart`) to `log`; the
    forked notebook process inherits the wrapper. Wrapped once per process."""
    import qcompare.briefings as br
    from qcompare.briefings import charts

    if getattr(charts.save_chart, "_timed", False):
        return
    save_chart = charts.save_chart

    def timed(*a, **k):
        start = time.perf_counter()
        save_chart(*a, **k)
        with open(log, "a") as f:
            f.write(json.dumps(time.perf_counter() - start) + "\n")

    timed._timed = True
    charts.save_chart = br.save_chart = timed


def profile(params: Path, tmp: Path, runs: int) -> list[object]:
    from qcompare.briefings import export, fonts, render
    from qcompare.briefings.warm import warm_up
    from qcompare.data.loading import load

    ds = load()
    log = tmp / "static.jsonl"
    _time_static_figures(log)
    phases: dict[str, float] = {}

    def wrap(module, name, key):
        original = getattr(module, name)

        def timed(*a, **k):
            start = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                phases[key] = phases.get(key, 0.0) + time.perf_counter() - start

        setattr(module, name, timed)

    wrap(render, "_execute", "cells")
    wrap(export, "_export", "export")
    wrap(fonts, "_make", "font")
    warm_up()
    samples = []
    for i in range(runs):
        log.unlink(missing_ok=True)
        fonts._MEMORY.clear()
        for f in (tmp / "cache" / "fonts").glob("*"):
            f.unlink()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker, as qcompare render forks one per briefing
            os.close(read)
            phases.clear()  # the warm-up's own export and subset (its rehearsal) not counted
            start = time.perf_counter()
            render.render(params, ds, force=True, reports=tmp / f"r{i}", figures=tmp / f"f{i}")
            phases["total"] = time.perf_counter() - start
            os.write(write, json.dumps(phases).encode())
            os._exit(0)
        os.close(write)
        data = b""
        while chunk := os.read(read, 65536):
            data += chunk
        os.waitpid(pid, 0)
        got = json.loads(data)
        got["static"] = sum(json.loads(x) for x in log.read_text().split()) if log.exists() else 0
        got["other"] = got["total"] - sum(got.get(k, 0.0) for k in ("cells", "export", "font"))
        samples.append(got)
    med = {k: statistics.median(s.get(k, 0.0) for s in samples) for k in samples[0]}
    other = med["other"]  # the median of each run's remainder (medians do not add up)
    return [
        params.stem,
        med["total"],
        med["cells"],
        med["static"],
        med.get("export", 0.0),
        med.get("font", 0.0),
        other,
    ]


if __name__ == "__main__":
    main()
