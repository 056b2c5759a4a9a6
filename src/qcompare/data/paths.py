"""Where the project keeps its data, notebooks and outputs."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout that holds `data/raw` (override with QCOMPARE_ROOT)."""
    if env := os.environ.get("QCOMPARE_ROOT"):
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        if (parent / "data" / "raw" / "indicators.csv").is_file():
            return parent
    return Path.cwd()


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    return project_root() / "data" / "processed"
