"""HTML of the briefings without a kernel: escaping, the page template, plotly, the index."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from qcompare.briefings import export, index, inputs, tables
from qcompare.briefings import html as H
from qcompare.briefings.notebook import register_renderer

EVIL = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def evil_ds(tiny_ds):
    """tiny_ds with hostile text wherever data reaches the page."""
    tiny_ds.indicators.loc[tiny_ds.indicators["indicator_id"] == "pm", "name_en"] = EVIL
    tiny_ds.indicators.loc[tiny_ds.indicators["indicator_id"] == "pm", "name_zh"] = EVIL
    tiny_ds.sources.loc[0, "title_en"] = '<img src=x onerror="alert(2)">'
    tiny_ds.sources.loc[0, "issuer"] = "A & B <i>"
    obs = tiny_ds.observations
    obs.loc[obs.index[0], "quote"] = "“</q><script>alert(3)</script>"
    obs.loc[obs.index[0], "note"] = "<b>note</b>"
    return tiny_ds


def no_live_script(page: str) -> None:
    """No hostile markup from the data is live (plotly.js itself is set aside first)."""
    page = page.replace(export.plotly_js(), "")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<b>note</b>" not in page


def test_blocks_escape_data_text(evil_ds):
    from qcompare.analysis.progress import assess

    status = assess(evil_ds)
    page = "".join(
        [
            H.findings([f"{EVIL} is stricter"], "en"),
            H.heading(EVIL),
            H.paragraph(EVIL),
            H.table(tables.targets_display(evil_ds, status, "en")),
            H.sources(evil_ds, evil_ds.observations, "en"),
            H.method("en"),
        ]
    )
    no_live_script(page)
    assert ESCAPED in page and "A &amp; B &lt;i&gt;" in page
    assert "&lt;/q&gt;&lt;script&gt;alert(3)" in page


def test_sources_cite_documents_and_quotes(tiny_ds):
    obs = tiny_ds.obs(city_id="alpha", indicator_id="pm")
    page = H.sources(tiny_ds, obs, "en")
    assert page.count('<li id="src-alpha_plan">') == 1  # each document once
    for field in ("Alpha plan", "Alpha government", "sources/a.txt", "0" * 64):
        assert field in page
    for quote in obs["quote"]:  # the verbatim quote behind every number
        assert f'<q lang="zh">{H.esc(quote)}</q>' in page
    # alpha's pm is for its urban districts; the 2023 value covers Jan–Jun only
    assert '<td data-label="City">Alpha urban districts</td>' in page
    assert '<td data-label="City">Alpha</td>' not in page
    assert '<td class="num" data-label="Year">Jan–Jun 2023</td>' in page
    assert '<td class="num" data-label="Year">2020</td>' in page
    zh = H.sources(tiny_ds, obs, "zh")
    assert f'<td data-label="{H.t("city", "zh")}">甲市市区</td>' in zh
    assert f'<td class="num" data-label="{H.t("year", "zh")}">2023年1–6月</td>' in zh


def test_every_cell_carries_its_columns_header_escaped():
    # a phone shows each cell as "header: value" from data-label: the header must be the
    # column's, and escaped like any text from a data file
    frame = pd.DataFrame({'A "quoted" <col>': ["x"], "值": [1.5]})
    page = H.table(frame, numeric=["值"])
    assert '<td data-label="A &quot;quoted&quot; &lt;col&gt;">x</td>' in page
    assert '<td class="num" data-label="值">1.5</td>' in page
    assert page.count("<td") == page.count("data-label=") == 2


def test_method_cites_open_sdg_and_thresholds():
    for lang in ("zh", "en"):
        page = H.method(lang)
        assert "docs/progress-methodology.md" in page and "sdg/ProgressMeasure.py" in page
        assert "R ≥ 0.95" in page and "Eurostat" in page


# --- the page ---------------------------------------------------------------------------------


def figure_output() -> nbformat.NotebookNode:
    register_renderer()
    fig = go.Figure(go.Bar(x=[EVIL, "瑞安"], y=[1, 2]))
    bundle = fig._repr_mimebundle_()
    return new_output("display_data", data=bundle)


def notebook(*outputs) -> nbformat.NotebookNode:
    nb = new_notebook(
        metadata={"kernelspec": {"name": "qcompare", "language": "python", "display_name": "q"}}
    )
    cell = new_code_cell("import secret_code_marker", outputs=list(outputs), execution_count=1)
    nb.cells.append(cell)
    return nb


def test_renderer_emits_html_that_nbconvert_keeps():
    out = figure_output()
    html = out.data["text/html"]
    assert "Plotly.newPlot(" in html and "<script src" not in html
    assert "MathJax" not in html and EVIL not in html  # plotly's JSON escapes < and >
    assert "application/vnd.plotly.v1+json" in out.data  # JupyterLab still draws it


def test_share_page_is_self_contained_and_site_page_uses_assets(tmp_path):
    pages = export.to_pages(notebook(figure_output()), title=f"T {EVIL}", lang="en")
    site = pages.site
    assert site.count(f'<script src="assets/{export.plotly_js_name()}"></script>') == 1
    assert export.plotly_js()[:200] not in site
    assert re.search(r'url\("assets/fonts/qcompare-cjk-[0-9a-f]+\.woff2"\)', site) or not (
        pages.font.codepoints
    )
    assert site.split("</head>", 1)[1] == pages.share.split("</head>", 1)[1]  # same body
    page = pages.share
    assert "<script src" not in page
    assert re.search(r'<html lang="en">', page)
    assert f"<title>T {ESCAPED}</title>" in page
    assert "secret_code_marker" not in page  # no code cells
    assert "In&nbsp;[" not in page and "Out[" not in page  # no prompts
    assert page.count(export.plotly_js()[:200]) == 1  # plotly.js inlined once
    srcs = re.findall(r'<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=\s*["\']?([^"\' >]+)', page)
    assert not [s for s in srcs if re.match(r"(https?:)?//", s)], srcs
    assert "require.js" not in page and "mathjax@" not in page.lower()
    assert "cdnjs" not in page and "cdn.plot.ly" not in page.replace(export.plotly_js(), "")
    no_live_script(page)
    assert len(page.encode()) < export.SHARE_MAX_BYTES


def test_site_only_builds_no_share_page(monkeypatch):
    """A site of many briefings (`--site-only`) never inlines plotly.js or the font."""
    nb = notebook(figure_output())
    both = export.to_pages(nb, title="T", lang="en")
    monkeypatch.setattr(export, "plotly_js", lambda: pytest.fail("plotly.js was inlined"))
    site_only = export.to_pages(nb, title="T", lang="en", share=False)
    assert site_only.share is None
    assert site_only.site == both.site


def test_page_without_figures_has_no_plotly(tmp_path):
    out = new_output("display_data", data={"text/html": "<p>只有文字</p>"})
    pages = export.to_pages(notebook(out), title="标题", lang="zh")
    for page in (pages.site, pages.share):
        assert '<html lang="zh">' in page and "只有文字" in page
        assert export.plotly_js()[:200] not in page and export.plotly_js_name() not in page
    assert {ord(c) for c in "只有文字标题"} <= set(pages.font.codepoints)
    assert "data:font/woff2;base64," in pages.share


# --- the index ------------------------------------------------------------------------------


def test_index_escapes_and_links(tmp_path):
    params, reports = tmp_path / "params", tmp_path / "reports"
    params.mkdir()
    reports.mkdir()
    for name in ("a", "b"):
        (params / f"{name}.yaml").write_text(
            f"notebook: notebooks/theme.ipynb\ntitle: {name}\nparameters:\n  lang: en\n",
            encoding="utf-8",
        )
    (reports / "a.html").write_text("<html></html>", encoding="utf-8")
    (reports / "a.json").write_text(
        json.dumps(
            {
                "name": "a",
                "title": f"Title {EVIL}",
                "lang": "en",
                "notebook": "notebooks/theme.ipynb",
                "finding": f"Finding {EVIL}",
                "sources": [{"title_en": f"Doc {EVIL}", "title_zh": "文"}],
            }
        ),
        encoding="utf-8",
    )
    page = index.write_index(params, reports).read_text(encoding="utf-8")
    no_live_script(page)
    assert f"Title {ESCAPED}" in page and f"Finding {ESCAPED}" in page
    assert f"Doc {ESCAPED}" in page and 'href="a.html"' in page
    assert "not rendered yet" in page and "Theme comparisons" in page
    assert not re.search(r"https?://", page)
    # two scripts of the template (the entries as JSON, the filter); the data cannot close them
    assert page.count("<script") == 2 and page.count("</script>") == 2
    data = page.split('id="qc-index-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data
    assert "title <script>alert(1)</script>" in json.loads(data)[0]["text"]  # as text


# --- inputs fingerprint -------------------------------------------------------------------------


def test_fingerprint_follows_content_not_mtime(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("one", encoding="utf-8")
    first = inputs.fingerprint([a], tmp_path)
    os.utime(a, (1, 1))
    assert inputs.fingerprint([a], tmp_path) == first
    a.write_text("two", encoding="utf-8")
    assert inputs.fingerprint([a], tmp_path) != first
    assert inputs.fingerprint([a], tmp_path, extra="k") != inputs.fingerprint([a], tmp_path)


def test_dependencies_cover_params_notebook_data_and_library(real_ds):
    from qcompare.briefings.params import load_briefing
    from qcompare.data.paths import project_root

    root = project_root()
    b = load_briefing(root / "params" / "pm25_zh.yaml", real_ds, root)
    deps = set(inputs.dependencies(b, root))
    assert b.params_file in deps and b.notebook in deps
    assert root / "data" / "raw" / "indicators.csv" in deps
    assert inputs.LIBRARY_DIR / "briefings" / "narrative" / "words.py" in deps
    assert inputs.LIBRARY_DIR / "templates" / "briefing.html.j2" in deps
    assert not any("__pycache__" in p.parts for p in deps)
    assert all(isinstance(p, Path) for p in deps)


# --- display tables -------------------------------------------------------------------------


def test_alignment_table_says_why_in_the_reader_language(tiny_ds, v2_ds):
    from qcompare.analysis.alignment import alignment

    frame = tables.alignment_display(tiny_ds, alignment(tiny_ds, "beta"), "en")
    assert list(frame.columns) == ["Indicator", "Beta", "Alpha", "Verdict", "Margin", "Reason"]
    by_name = frame.set_index("Indicator")
    assert by_name.loc["Indicator pm", "Verdict"] == "stricter"
    assert by_name.loc["Indicator pm", "Margin"] == "+6"
    assert by_name.loc["Indicator pm", "Reason"] == (
        "areas differ — Beta (whole city); Alpha urban districts"
    )
    v2 = tables.alignment_display(v2_ds, alignment(v2_ds, "beta"), "zh").set_index("指标")
    assert v2.loc["star指标", "甲市"] == "≥12%"  # the counties' target, where beta lies
    assert "乙市全市；甲市其他县市" in v2.loc["star指标", "理由"]
    assert by_name.loc["Indicator pat", "Margin"] == "0"
    assert by_name.loc["Indicator air", "Reason"] == "Alpha's target is not a number (“省定目标”)"
    assert by_name.loc["Indicator gb_a ↔ Indicator gb_b", "Reason"] == "different definitions"
    assert by_name.loc["Indicator std_new", "Reason"] == "a count, which scales with city size"
    zh = tables.alignment_display(tiny_ds, alignment(tiny_ds, "beta"), "zh")
    assert "计数类指标，随城市规模而变" in set(zh["理由"])


def test_targets_and_track_record_tables(tiny_ds):
    from qcompare.analysis.progress import assess
    from qcompare.analysis.track_record import attainment, track_record

    rows = tables.targets_display(tiny_ds, assess(tiny_ds, cities=["alpha"]), "zh")
    pm = rows.set_index("指标").loc["pm指标"]
    assert pm["基期值"] == "25 µg/m³（2020）" and pm["目标值"] == "≤26 µg/m³（2025）"
    # alpha's pm: its urban districts, a Jan–Jun 2023 value, a provisional status, a 2021 plan
    assert pm["城市"] == "甲市市区" and pm["规划年份 → 目标年份"] == "2021 → 2025"
    assert pm["最新观测"] == "27 µg/m³（2023年1–6月）" and pm["进展状态"] == "背离目标（暂定）"
    pat = rows.set_index("指标").loc["pat指标"]
    assert pat["城市"] == "甲市" and pat["最新观测"] == "5.6 patents per 10k people（2022）"
    assert rows.set_index("指标").loc["air指标", "目标值"] == "“省定目标”（2025）"
    rec = track_record(tiny_ds, cities=["alpha"])
    shown = tables.track_record_display(tiny_ds, rec, "en").set_index("Indicator")
    assert shown.loc["Indicator pat", "Met"] == "no" and shown.loc["Indicator air", "Met"] == "—"
    att = tables.attainment_display(attainment(tiny_ds, record=rec), "en").set_index("Theme")
    assert att.loc["innovation", "Completion"] == "0%"
    assert att.loc["product quality", "Completion"] == "100%"


def test_chart_selections(tiny_ds):
    from qcompare.analysis.targets import targets_table

    t = targets_table(tiny_ds)
    kept = tables.bullet_rows(t)
    assert set(zip(kept["city_id"], kept["indicator_id"], strict=True)) >= {("alpha", "pm")}
    assert ("beta", "gb_a") not in set(zip(kept["city_id"], kept["indicator_id"], strict=True))
    assert tables.trajectory_ids(tiny_ds, ["gb_a", "pm", "air"], ["alpha", "beta"]) == ["pm", "air"]
    obs = tables.observations_for(tiny_ds, ["pm"], ["beta"])
    assert set(obs["kind"]) == {"baseline", "target", "observed"}
    with pytest.raises(ValueError, match="unknown kind"):
        tables.observations_for(tiny_ds, ["pm"], ["beta"], kinds=("guess",))


def test_scorecard_tables_of_nothing_are_empty_frames(tiny_ds):
    from qcompare.analysis.scorecard import scorecard

    card = scorecard(tiny_ds, "gamma")
    none = card.assign(looser_than_baseline=False)
    assert tables.looser_display(tiny_ds, none, "zh").empty
    words = tables.words_display(tiny_ds, card.loc[card["target_value"].notna()], "en")
    assert words.empty and list(words.columns) == ["Theme", "Indicator", "Target"]


def test_static_svg_is_byte_identical_across_saves(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    from qcompare.briefings.notebook import FIGURES_ENV, save_static

    def draw() -> Figure:
        fig = Figure()
        fig.subplots().plot([1, 2, 3], [3, 1, 2])
        return fig

    pages = []
    for run in ("a", "b"):
        monkeypatch.setenv(FIGURES_ENV, str(tmp_path / run))
        save_static(draw(), "line", formats=("svg",))
        pages.append((tmp_path / run / "line.svg").read_bytes())
    assert pages[0] == pages[1] and b'clip-path="url(#p' in pages[0]


def test_script_json_cannot_end_a_script():
    from qcompare.briefings.html import script_json

    value = {"t": "</script><!-- & \u2028 <b>", "n": [1, "一"]}
    text = script_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value
