"""Rendering briefings with papermill on the qcompare kernel (slow: marked `render`).

A representative set renders here (a zh indicator comparison, an en track record, a hostile
constructed dataset, a failing notebook); under CI=true `make -j2 report` renders them all and
a second `make report` must do nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import qcompare
from qcompare import cli
from qcompare.briefings import export
from qcompare.briefings.index import write_index
from qcompare.briefings.params import read_params
from qcompare.briefings.render import RenderFailed, render
from qcompare.data.paths import project_root

pytestmark = pytest.mark.render
ROOT = project_root()
REAL = ["pm25_zh", "track_record_wenzhou_en"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, real_ds):
    """Two real briefings rendered into a temporary reports/ and figures/."""
    out = tmp_path_factory.mktemp("out")
    results = {}
    for name in REAL:
        results[name] = render(
            ROOT / "params" / f"{name}.yaml",
            real_ds,
            root=ROOT,
            reports=out / "reports",
            figures=out / "figures",
        )
    # right away again, with the page's time stamp set back: inputs unchanged, no kernel
    html = out / "reports" / f"{REAL[-1]}.html"
    before = html.read_bytes()
    os.utime(html, (1, 1))
    results["again"] = render(
        ROOT / "params" / f"{REAL[-1]}.yaml",
        real_ds,
        root=ROOT,
        reports=out / "reports",
        figures=out / "figures",
    )
    results["before"] = before
    return out, results


@pytest.mark.parametrize("name", REAL)
def test_real_briefing_page(rendered, name, page_problems):
    out, results = rendered
    assert results[name].rendered and results[name].warnings == ()
    page = (out / "reports" / f"{name}.html").read_text(encoding="utf-8")
    share = (out / "reports" / "share" / f"{name}.html").read_text(encoding="utf-8")
    b = read_params(ROOT / "params" / f"{name}.yaml", ROOT)
    assert page_problems(page, b.lang, b.title, "site") == []
    assert page_problems(share, b.lang, b.title, "share") == []
    # both pages from the same execution: the same body, only the head's assets differ
    assert page.split("</head>", 1)[1] == share.split("</head>", 1)[1]
    # the site page's relative assets exist where it points
    for rel in re.findall(r'(?:src|url)\("?(assets/[^")]+)', page):
        assert (out / "reports" / rel).is_file(), rel
    if b.lang == "zh":
        assert "瑞安" in page and "温州" in page and "要点" in page
    else:
        assert "Wenzhou" in page and "Key findings" in page and "温州" in page  # quotes
    figures = sorted(p.name for p in (out / "figures" / name).iterdir())
    assert figures and {Path(f).suffix for f in figures} == {".png", ".svg"}


def test_sidecar_holds_the_finding_and_sources(rendered, real_ds):
    out, _ = rendered
    meta = json.loads((out / "reports" / "pm25_zh.json").read_text(encoding="utf-8"))
    assert meta["finding"] == (
        "瑞安的2025年细颗粒物（PM2.5）平均浓度目标（≤25微克/立方米并持续下降）严于温州"
        "（≤26微克/立方米）；该指标越低越好；统计范围不同——瑞安市；温州市区。"
    )
    assert meta["lang"] == "zh" and meta["notebook"] == "notebooks/indicator.ipynb"
    ids = {s["source_id"] for s in meta["sources"]}
    assert ids == {"ruian_plan_2021", "ruian_news_2023", "wenzhou_plan_2021"}
    for s in meta["sources"]:
        assert hashlib.sha256((real_ds.raw_dir / s["file"]).read_bytes()).hexdigest() == s["sha256"]
    page = (out / "reports" / "pm25_zh.html").read_text(encoding="utf-8")
    for obs in real_ds.obs(indicator_id="env_pm25").itertuples():  # every quote is cited
        assert obs.quote.replace("\t", " ").split()[0] in page.replace("\t", " ")


def test_unchanged_inputs_skip_the_kernel_and_force_renders(rendered, real_ds):
    out, results = rendered
    html = out / "reports" / f"{REAL[-1]}.html"
    again = results["again"]
    assert not again.rendered, "re-rendered although nothing changed"
    assert html.read_bytes() == results["before"]
    assert html.stat().st_mtime > 1  # touched, so make sees it up to date
    assert "inputs unchanged" in again.line()
    forced = render(
        ROOT / "params" / "pm25_zh.yaml",
        real_ds,
        root=ROOT,
        force=True,
        reports=out / "reports",
        figures=out / "figures",
    )
    assert forced.rendered and "render pm25_zh: " in forced.line()


def test_no_figures_draws_none_and_a_later_figures_render_makes_them(tmp_path, real_ds):
    """`--no-figures` (a site of many briefings): the same page, no figure files, nothing
    drawn; it satisfies a later no-figures request, and a render that wants figures redoes it.
    """
    params = ROOT / "params" / "pm25_en.yaml"
    where = {"root": ROOT, "reports": tmp_path / "reports", "figures": tmp_path / "figures"}
    bare = render(params, real_ds, figure_files=False, share=False, **where)
    assert bare.rendered
    assert list((tmp_path / "figures" / "pm25_en").iterdir()) == []
    meta = json.loads((tmp_path / "reports" / "pm25_en.json").read_text(encoding="utf-8"))
    assert meta["figure_files"] is False and meta["figures"] == []
    page = (tmp_path / "reports" / "pm25_en.html").read_text(encoding="utf-8")
    dated = (tmp_path / "reports" / "pm25_en.html").stat().st_mtime
    assert dated == 0, "make must see a page without its figures as out of date"

    assert not render(params, real_ds, figure_files=False, share=False, **where).rendered
    assert (tmp_path / "reports" / "pm25_en.html").stat().st_mtime == 0
    full = render(params, real_ds, **where)  # the whole briefing: figures and share page
    assert full.rendered, "a render that wants figures must not take the figure-less one"
    drawn = sorted(p.suffix for p in (tmp_path / "figures" / "pm25_en").iterdir())
    assert drawn and set(drawn) == {".png", ".svg"}
    again = (tmp_path / "reports" / "pm25_en.html").read_text(encoding="utf-8")
    assert _without_ids(again) == _without_ids(page)  # the same page, figures or not
    assert (tmp_path / "reports" / "pm25_en.html").stat().st_mtime > 0
    assert not render(params, real_ds, figure_files=False, share=False, **where).rendered
    assert (tmp_path / "reports" / "pm25_en.html").stat().st_mtime > 0  # still whole


def _without_ids(page: str) -> str:
    """A page without the ids each execution draws anew (papermill's cell, plotly's divs)."""
    page = re.sub(r'id="cell-id=[0-9a-f]{8}"', "", page)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", page)


def test_index_of_rendered_briefings(rendered):
    out, _ = rendered
    page = write_index(ROOT / "params", out / "reports").read_text(encoding="utf-8")
    assert 'href="pm25_zh.html"' in page and 'href="track_record_wenzhou_en.html"' in page
    assert 'href="share/pm25_zh.html"' in page  # the share file offered beside the site page
    assert re.search(r'url\("assets/fonts/qcompare-cjk-[0-9a-f]+\.woff2"\)', page)
    assert "瑞安的2025年细颗粒物" in page and "not rendered yet" in page  # the others


# --- a constructed project: hostile strings, a failing notebook -------------------------------

SOURCE_TEXT = "到2025年，<script>alert(1)</script>达到95%以上。2020年为90%。乙市目标为96%。\n"


def csv(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_project(root: Path) -> None:
    raw = root / "data" / "raw"
    csv(raw / "sources" / "xa.txt", SOURCE_TEXT)
    sha = hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()
    csv(
        raw / "cities.csv",
        "city_id,name_zh,name_en,admin_level,parent_id,province\n"
        "xa,甲<b>市</b>,Alpha <i>,prefecture,,P\n"
        "xb,乙市,Beta,prefecture,,P\n",
    )
    csv(
        raw / "sources.csv",
        "source_id,file,title_zh,title_en,issuer,date,city_id,kind,sha256\n"
        f"xa_plan,sources/xa.txt,甲<script>alert(2)</script>规划,"
        f"Plan <img src=x onerror=alert(3)>,Gov & co,2021,xa,plan,{sha}\n",
    )
    csv(
        raw / "indicators.csv",
        "indicator_id,name_zh,name_en,unit,unit_zh,direction,theme,measure,family,"
        "definition_en\n"
        "env_x,<script>alert(1)</script>,<script>alert(1)</script>,%,%,higher_better,"
        "environment,level,fam_x,A share <script>\n",
    )
    csv(
        raw / "areas.csv",
        "area_id,city_id,name_zh,name_en,scope,definition_en\n"
        "xa,xa,甲<b>市</b>,Alpha <i> (whole city),whole,The whole city <script>\n"
        "xb,xb,乙市,Beta (whole city),whole,The whole city.\n",
    )
    csv(
        raw / "observations" / "xa_plan.csv",
        "city_id,indicator_id,area_id,kind,year,period_start,period_end,comparator,value,"
        "value_text,trend,source_id,quote,note\n"
        "xa,env_x,,baseline,2020,,,=,90,90%,,xa_plan,2020年为90%,\n"
        "xa,env_x,,target,2025,,,>=,95,95%以上,,xa_plan,<script>alert(1)</script>达到95%以上,"
        "<b>bold</b>\n"
        "xb,env_x,,target,2025,,,=,96,96%,,xa_plan,乙市目标为96%,\n",
    )
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "indicator.ipynb", root / "notebooks")
    fail = new_notebook(
        metadata={"kernelspec": {"name": "qcompare", "language": "python", "display_name": "q"}}
    )
    fail.cells = [
        new_code_cell('lang: str = "zh"  # language', metadata={"tags": ["parameters"]}),
        new_code_cell("from qcompare import briefings as br\nbr.setup_notebook(lang)"),
        new_code_cell('raise ValueError("boom\\nsecond line")'),
    ]
    nbformat.write(fail, root / "notebooks" / "fail.ipynb")
    csv(
        root / "params" / "evil.yaml",
        "notebook: notebooks/indicator.ipynb\n"
        "title: Evil <script>alert(4)</script>\nparameters:\n"
        "  indicator: env_x\n  cities: [xa, xb]\n  lang: en\n",
    )
    csv(root / "params" / "fail.yaml", "notebook: notebooks/fail.ipynb\ntitle: Fails\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    make_project(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QCOMPARE_ROOT", str(root))  # the kernel's qc.load() reads this project
        yield root


def test_hostile_strings_are_escaped_end_to_end(project):
    ds = qcompare.load(project / "data" / "raw")
    result = render(project / "params" / "evil.yaml", ds, root=project)
    page = result.html.read_text(encoding="utf-8")
    body = page.replace(export.plotly_js(), "")
    for live in ("<script>alert(", "<img src=x", "<b>bold</b>", "<b>市</b>", "Alpha <i>"):
        assert live not in body, live
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<title>Evil &lt;script&gt;alert(4)&lt;/script&gt;</title>" in page


@pytest.mark.parametrize("engine", ["warm", "kernel"])
def test_a_failing_notebook_keeps_the_previous_page(project, capsys, engine):
    reports = project / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "fail.html").write_text("previous good page", encoding="utf-8")
    ds = qcompare.load(project / "data" / "raw")
    with pytest.raises(RenderFailed) as err:
        render(project / "params" / "fail.yaml", ds, root=project, engine=engine)
    line = str(err.value)
    assert "\n" not in line and line.startswith("render fail: ")
    assert "failed at cell 2 (In [3]): ValueError: boom —" in line
    assert (reports / "fail.html").read_text(encoding="utf-8") == "previous good page"
    assert not (reports / "fail.json").exists() and not (project / "figures" / "fail").exists()
    kept = nbformat.read(reports / ".failed" / "fail.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in kept.cells for o in c.get("outputs", []))
    assert not [p for p in reports.iterdir() if p.name.startswith(".fail.")]  # no temp left
    # the CLI: exit 1, one line naming the briefing and the cell, no traceback
    assert cli.main(["render", "--engine", engine, str(project / "params" / "fail.yaml")]) == 1
    err_out = capsys.readouterr().err.strip()
    assert err_out.count("\n") == 0 and "render fail:" in err_out and "cell 2" in err_out
    assert "Traceback" not in err_out


# --- everything, through make (CI) ----------------------------------------------------------


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="renders every briefing: CI only")
def test_make_report_renders_all_then_does_nothing(page_problems):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env.pop("QCOMPARE_ROOT", None)
    first = subprocess.run(
        ["make", "-j2", "report"], cwd=ROOT, env=env, text=True, capture_output=True, timeout=1800
    )
    assert first.returncode == 0, first.stderr[-2000:]
    for params in sorted((ROOT / "params").glob("*.yaml")):
        b = read_params(params, ROOT)
        page = (ROOT / "reports" / f"{b.name}.html").read_text(encoding="utf-8")
        assert page_problems(page, b.lang, b.title, "site") == [], b.name
        share = (ROOT / "reports" / "share" / f"{b.name}.html").read_text(encoding="utf-8")
        assert page_problems(share, b.lang, b.title, "share") == [], b.name
    stamps = {
        p: p.stat().st_mtime_ns
        for d in ("reports", "figures")
        for p in (ROOT / d).rglob("*")
        if p.is_file()
    }
    second = subprocess.run(
        ["make", "report"], cwd=ROOT, env=env, text=True, capture_output=True, timeout=600
    )
    assert second.returncode == 0
    assert second.stdout.strip() == "make: Nothing to be done for 'report'.", second.stdout
    assert second.stderr == ""
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
