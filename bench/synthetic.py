"""Synthetic curated data at scale for the benchmarks (generated, never committed).

Same layout and rules as data/raw: one source document per city whose sentences state every
value, one observations file per source, every quote a verbatim clause of its document.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np

KINDS = (
    ("baseline", 2020),
    ("target", 2025),
    ("observed", 2023),
    ("prior_target", 2020),
    ("prior_actual", 2020),
)
KIND_ZH = {
    "baseline": "基期值",
    "target": "目标值",
    "observed": "监测值",
    "prior_target": "上期目标",
    "prior_actual": "上期完成",
}
THEMES = ("product", "service", "engineering", "environment", "standards", "brands")
MEASURES = ("level", "level", "stock", "flow")


def generate(root: Path, n_cities: int, n_indicators: int = 200, seed: int = 0) -> Path:
    """Write a raw data folder with n_cities × n_indicators × 5 observations; return it."""
    rng = np.random.default_rng(seed)
    raw = root / "raw"
    (raw / "sources").mkdir(parents=True, exist_ok=True)
    (raw / "observations").mkdir(exist_ok=True)
    city_ids = [f"c{i:05d}" for i in range(n_cities)]
    with open(raw / "cities.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["city_id", "name_zh", "name_en", "admin_level", "parent_id", "province"])
        for i, c in enumerate(city_ids):
            parent = "" if i % 10 == 0 else city_ids[i - i % 10]
            w.writerow(
                [
                    c,
                    f"城市{i}",
                    f"City {i}",
                    "prefecture" if not parent else "county",
                    parent,
                    "Synthetic",
                ]
            )
    with open(raw / "areas.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["area_id", "city_id", "name_zh", "name_en", "scope", "definition_en"])
        for i, c in enumerate(city_ids):
            w.writerow([c, c, f"城市{i}", f"City {i} (whole city)", "whole", f"City {i}."])
    indicator_ids = [f"ind_{k:03d}" for k in range(n_indicators)]
    # every third indicator is lower-is-better; against the four-long cycle of measures that
    # gives lower-is-better levels as well as counts (ind_002 stock, ind_005 level, …)
    directions = np.where(np.arange(n_indicators) % 3 == 2, "lower_better", "higher_better")
    with open(raw / "indicators.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "indicator_id",
                "name_zh",
                "name_en",
                "unit",
                "unit_zh",
                "direction",
                "theme",
                "measure",
                "family",
                "definition_en",
            ]
        )
        for k, ind in enumerate(indicator_ids):
            w.writerow(
                [
                    ind,
                    f"指标{k}",
                    f"Indicator {k}",
                    "%",
                    "%",
                    directions[k],
                    THEMES[k % len(THEMES)],
                    MEASURES[k % len(MEASURES)],
                    f"family_{k // 2:03d}",
                    f"Synthetic indicator {k}.",
                ]
            )
    base = rng.uniform(10, 90, size=(n_cities, n_indicators)).round(1)
    change = rng.normal(0.08, 0.1, size=(n_cities, n_indicators))
    values = {
        "baseline": base,
        "target": (base * (1 + change)).round(1),
        "observed": (base * (1 + change * rng.uniform(-0.5, 1.2, base.shape))).round(1),
        "prior_target": (base * rng.uniform(0.9, 1.05, base.shape)).round(1),
        "prior_actual": base,
    }
    source_rows = []
    for i, city in enumerate(city_ids):
        source_id = f"s{i:05d}"
        clauses, rows = [], []
        for k, ind in enumerate(indicator_ids):
            for kind, year in KINDS:
                v = values[kind][i, k]
                clause = f"城市{i}指标{k}{KIND_ZH[kind]}为{v:g}%"
                clauses.append(clause)
                rows.append(
                    [city, ind, "", kind, year, "", "", "=", f"{v:g}", f"{v:g}%", "", source_id]
                    + [clause, ""]
                )
        text = "，".join(clauses) + "。\n"
        path = raw / "sources" / f"{source_id}.txt"
        path.write_text(text, encoding="utf-8")
        source_rows.append(
            [
                source_id,
                f"sources/{source_id}.txt",
                f"文件{i}",
                f"Doc {i}",
                "synthetic",
                "2024",
                city,
                "plan",
                hashlib.sha256(text.encode("utf-8")).hexdigest(),
            ]
        )
        with open(
            raw / "observations" / f"{source_id}.csv", "w", encoding="utf-8", newline=""
        ) as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(
                [
                    "city_id",
                    "indicator_id",
                    "area_id",
                    "kind",
                    "year",
                    "period_start",
                    "period_end",
                    "comparator",
                    "value",
                    "value_text",
                    "trend",
                    "source_id",
                    "quote",
                    "note",
                ]
            )
            w.writerows(rows)
    with open(raw / "sources.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "source_id",
                "file",
                "title_zh",
                "title_en",
                "issuer",
                "date",
                "city_id",
                "kind",
                "sha256",
            ]
        )
        w.writerows(source_rows)
    return raw
