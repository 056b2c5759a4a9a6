"""Chart text from the data cannot add plotly markup: no link, no style, no bold (issue 14,
item 6). Plotly draws its text as pseudo-HTML (`<a href>`, `<span style>`, `<b>`, `<i>`,
`<br>`, `<sub>`, `<sup>`); an indicator named with those tags used to become a live external
link and 80-pixel text inside the chart SVG.

Every interactive chart is built from the real data with hostile names, units and value
texts; the figure JSON must hold only the escaped text, and headless Chromium must draw the
SVG without an <a> element or an 80px font.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import plotly.graph_objects as go
import pytest

import qcompare as qc
from qcompare.plots import interactive as ip
from qcompare.plots import labels as L

EVIL = '<a href="https://x.org">x</a><span style="font-size:80px">big</span>'
EVIL_CITY = '<b>瑞安</b><a href="https://y.org">y</a>'
EVIL_UNIT = '<sup>µg</sup><span style="color:red">/m³</span>'
LIVE = ("<a", "<span", "<b>", "<sup>", "<i ")  # a tag of plotly's markup


@pytest.fixture(scope="module")
def evil_ds():
    """The real data with every indicator name, unit and city name and every value_text
    carrying plotly markup (so every chart, whatever it selects, shows some)."""
    ds = qc.load()
    ind = ds.indicators.copy()
    for col in ("name_zh", "name_en"):
        ind[col] = EVIL + ind[col]
    for col in ("unit", "unit_zh"):
        ind[col] = ind[col] + EVIL_UNIT
    cities = ds.cities.copy()
    for col in ("name_zh", "name_en"):
        cities[col] = "<b>" + cities[col] + '</b><a href="https://y.org">y</a>'
    obs = ds.observations.copy()
    obs["value_text"] = obs["value_text"] + '<i style="x">!</i>'
    return dataclasses.replace(ds, indicators=ind, cities=cities, observations=obs)


def _strings(fig: go.Figure) -> list[str]:
    """Every string of the figure's JSON (as plotly.js receives it)."""
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(fig.to_json()))
    return out


def _figures(ds) -> dict[str, go.Figure]:
    targets = qc.targets_table(ds)
    pm = targets.loc[targets["indicator_id"] == "env_pm25"]
    comparison = qc.compare(ds, "env_pm25")
    record = qc.track_record(ds)
    return {
        "bullet": ip.bullet(ds, pm, lang="en"),
        "trajectory": ip.trajectory(ds, "env_pm25", lang="zh"),
        "dumbbell": ip.dumbbell(ds, comparison, lang="en"),
        "status_heatmap": ip.status_heatmap(ds, targets, lang="zh"),
        "track_record_bars": ip.track_record_bars(ds, record, lang="en"),
    }


@pytest.fixture(scope="module")
def figures(evil_ds):
    return _figures(evil_ds)


def test_plotly_text_escapes_the_markup_characters():
    assert L.plotly_text(EVIL) == (
        '&lt;a href="https://x.org"&gt;x&lt;/a&gt;'
        '&lt;span style="font-size:80px"&gt;big&lt;/span&gt;'
    )
    assert L.plotly_text("R&D ≤ 26") == "R&amp;D ≤ 26"


@pytest.mark.parametrize(
    "name", ["bullet", "trajectory", "dumbbell", "status_heatmap", "track_record_bars"]
)
def test_figure_json_holds_only_escaped_data_text(figures, name):
    strings = _strings(figures[name])
    for text in strings:
        for live in LIVE:
            assert live not in text, (live, text)
    joined = " ".join(strings)
    assert "&lt;a href=" in joined, "the hostile text is shown (escaped), not dropped"


def test_the_escaping_can_fail(evil_ds, monkeypatch):
    """Without the escaping the same figure carries live markup (the check is not vacuous)."""
    monkeypatch.setattr(L, "plotly_text", lambda value: str(value))
    fig = ip.bullet(evil_ds, qc.targets_table(evil_ds).query("indicator_id == 'env_pm25'"))
    assert any('<a href="https://x.org">' in text for text in _strings(fig))


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("headless Chromium not found (Debian: apt-get install chromium)")
    pytest.skip("headless Chromium not found")


def _drawn_svg(chromium: str, figs: list[go.Figure], tmp_path: Path) -> str:
    """The SVG of the charts (not the modebar) as headless Chromium draws the page."""
    page = tmp_path / "charts.html"
    divs = "".join(
        fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=f"f{i}")
        for i, fig in enumerate(figs)
    )
    page.write_text(f"<!DOCTYPE html><html><body>{divs}</body></html>", encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=15000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count('class="main-svg"') >= len(figs)  # every chart was drawn
    charts = r'<svg[^>]*class="main-svg"[^>]*>.*?</svg>'  # drawn SVG, not script text
    svg = "".join(re.findall(charts, run.stdout, flags=re.S))
    return re.sub(r'data-unformatted="[^"]*"', "", svg)  # plotly's copy of the source text


LINK = re.compile(r"<a[\s>]|xlink:href=\"https?:")
BIG = re.compile(r"<[^<>]*font-size:\s*80px")  # inside a tag: a style, not text


@pytest.mark.browser
def test_the_drawn_svg_has_no_link_and_no_big_text(figures, evil_ds, tmp_path, monkeypatch):
    chromium = _chromium()
    svg = _drawn_svg(chromium, list(figures.values()), tmp_path)
    assert not LINK.search(svg)  # no link element from the data
    assert not BIG.search(svg)  # no style from the data
    assert "&lt;a href=" in svg  # the name is drawn as literal text
    # the same chart without the escaping: plotly draws the link and the 80px text
    monkeypatch.setattr(L, "plotly_text", lambda value: str(value))
    pm = qc.targets_table(evil_ds).query("indicator_id == 'env_pm25'")
    raw_svg = _drawn_svg(chromium, [ip.bullet(evil_ds, pm, lang="en")], tmp_path)
    assert LINK.search(raw_svg) and BIG.search(raw_svg)
