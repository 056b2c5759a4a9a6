"""The warm parent's rehearsal: it meets the stack's first-call work once (so forked
notebooks do not each pay it) and leaves every default a notebook could see as it was."""

from __future__ import annotations

import json
import subprocess
import sys

import matplotlib as mpl
import pandas as pd
import plotly.io as pio

from qcompare.briefings.rehearsal import rehearse
from qcompare.plots import fonts  # matplotlib's CJK set-up state (setup() has run or not)

PROBE = """
import json, sys
from qcompare.data.loading import load
ds = load()
import qcompare.briefings.rehearsal as r
from plotly.validator_cache import ValidatorCache
before, validators = set(sys.modules), len(ValidatorCache._cache)
r.rehearse(ds)
print(json.dumps({
    "modules": sorted(set(sys.modules) - before),
    "validators": len(ValidatorCache._cache) - validators,
    "scatter": any(k[0] == "scatter" for k in ValidatorCache._cache),
}))
"""


def test_rehearsal_loads_what_a_briefing_first_needs():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=300
    )
    met = json.loads(out.stdout.strip().splitlines()[-1])
    assert met["scatter"] and met["validators"] > 100  # plotly built its trace validators
    assert "bs4" in met["modules"]  # a page went through nbconvert's HTML export


def test_rehearsal_changes_no_default(real_ds, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc = dict(mpl.rcParams)
    state = dict(fonts._state)
    plotly_defaults = (pio.templates.default, pio.renderers.default)
    options = {o: pd.get_option(o) for o in ("display.max_rows", "display.max_columns")}
    rehearse(real_ds)
    assert dict(mpl.rcParams) == rc
    assert fonts._state == state
    assert (pio.templates.default, pio.renderers.default) == plotly_defaults
    assert {o: pd.get_option(o) for o in options} == options
    assert list(tmp_path.iterdir()) == []  # it writes no file


def test_each_step_runs_on_real_data(real_ds):
    """Called bare (no suppression), so a step that breaks fails here, not silently."""
    from qcompare.briefings import rehearsal

    rehearsal._charts(real_ds)
    rehearsal._page()


def test_a_step_that_fails_is_skipped_and_the_next_still_runs(real_ds, monkeypatch):
    from qcompare.briefings import rehearsal

    ran = []

    def broken(ds):
        raise RuntimeError("a chart broke")

    monkeypatch.setattr(rehearsal, "_charts", broken)
    monkeypatch.setattr(rehearsal, "_page", lambda: ran.append("page"))
    assert rehearse(real_ds) is None
    assert ran == ["page"]
