"""What the browser tests share (a module with a name of its own: several test folders have
a conftest.py, so `from conftest import …` could find the wrong one)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from qcompare.data.paths import project_root

ROOT = project_root()
SCREENSHOTS = ROOT / "reports" / ".screenshots"
LOCAL_SCHEMES = ("file:", "data:", "blob:")
KINDS = ("indicator", "scorecard", "theme", "alignment", "track_record")
LANGS = ("zh", "en")


def missing(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: the browser tests must run)")
    pytest.skip(message)


# --- the briefings of the harness ------------------------------------------------------------


def _subject(name: str) -> str:
    return re.sub(r"_(zh|en)$", "", name)


def harness_cases(params_dir: Path = ROOT / "params") -> dict[tuple[str, str], str]:
    """One params file per briefing kind × language: a subject rendered in both languages
    where there is one (so zh and en pages can be compared), else the first by name."""
    import yaml

    found: dict[tuple[str, str], list[str]] = {}
    for params in sorted(params_dir.glob("*.yaml")):
        doc = yaml.safe_load(params.read_text(encoding="utf-8"))
        kind = Path(doc["notebook"]).stem
        lang = (doc.get("parameters") or {}).get("lang", "zh")
        found.setdefault((kind, lang), []).append(params.stem)
    subjects = {
        lang: {_subject(n) for (k, lg), ns in found.items() if lg == lang for n in ns}
        for lang in LANGS
    }
    both = subjects["zh"] & subjects["en"]
    cases = {}
    for key, names in found.items():
        cases[key] = sorted(names, key=lambda n: (_subject(n) not in both, n))[0]
    return cases


CASES = harness_cases()
CASE_IDS = [f"{k}-{lg}" for k in KINDS for lg in LANGS]


def case_params() -> list:
    """pytest params over every kind × language (a missing one is a failing case)."""
    return [pytest.param((k, lg), id=f"{k}-{lg}") for k in KINDS for lg in LANGS]
