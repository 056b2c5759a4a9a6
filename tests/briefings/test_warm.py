"""The warm papermill engine (qcompare-warm) against the stock kernel engine (slow: `render`).

- same output: every params file renders to the same pages (element ids normalised), the
  same sidecar and the same figures under both engines;
- isolation: what one notebook changes (module globals, plotly and matplotlib defaults,
  pandas options, environment, working directory) never reaches the next;
- faults: a failing cell, a child that exits, segfaults, runs out of memory or is killed,
  and one that runs past its `timeout` each fail that briefing only, with one line naming
  it; the others render; previous pages survive; the executed notebook is kept;
- fork safety: with another thread running, or on macOS, the engine runs the kernel engine.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from qcompare.briefings import warm
from qcompare.briefings.batch import jobs_from_makeflags, render_all
from qcompare.data.paths import project_root

pytestmark = pytest.mark.render
ROOT = project_root()
BIN = Path(sys.executable).parent
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CELL_ID = re.compile(r'id="cell-id=[0-9a-f]{8}"')  # papermill's injected cell: a random id
SVG_ID = re.compile(r"\b[a-z][0-9a-f]{10}\b")  # matplotlib salts SVG ids with a uuid per save


def normalise(page: str) -> str:
    return CELL_ID.sub('id="cell-id=X"', UUID.sub("UUID", page))


def notebook(path: Path, *sources: str, parameters: str = 'lang: str = "zh"') -> Path:
    nb = new_notebook(
        metadata={"kernelspec": {"name": "qcompare", "language": "python", "display_name": "q"}}
    )
    nb.cells = [new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    nb.cells += [new_code_cell(s) for s in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# --- same output under both engines ---------------------------------------------------------


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory, real_ds):
    """Every params file rendered by each engine (2 workers) into its own folder."""
    params = sorted((ROOT / "params").glob("*.yaml"))
    out = {}
    for engine in ("warm", "kernel"):
        folder = tmp_path_factory.mktemp(engine)
        summary = render_all(
            params,
            real_ds,
            jobs=2,
            engine=engine,
            force=True,
            root=ROOT,
            reports=folder / "reports",
            figures=folder / "figures",
            out=io.StringIO(),
            err=io.StringIO(),
        )
        assert summary.failed == [], summary.line()
        out[engine] = folder
    return params, out


def test_every_briefing_is_the_same_under_both_engines(both_engines):
    params, out = both_engines
    warm_dir, kernel_dir = out["warm"], out["kernel"]
    for p in params:
        name = p.stem
        for rel in (f"{name}.html", f"share/{name}.html"):
            a = (warm_dir / "reports" / rel).read_text(encoding="utf-8")
            b = (kernel_dir / "reports" / rel).read_text(encoding="utf-8")
            assert normalise(a) == normalise(b), rel
        sidecar = [
            json.loads((d / "reports" / f"{name}.json").read_text(encoding="utf-8"))
            for d in (warm_dir, kernel_dir)
        ]
        assert sidecar[0] == sidecar[1], name
        figs = [
            {
                f.name: hashlib.sha256(
                    SVG_ID.sub("ID", f.read_text(encoding="utf-8")).encode()
                    if f.suffix == ".svg"
                    else f.read_bytes()
                ).hexdigest()
                for f in sorted((d / "figures" / name).iterdir())
            }
            for d in (warm_dir, kernel_dir)
        ]
        assert figs[0] == figs[1], name
        # no static figure only where every chart gave way to its one-line reason
        page = (warm_dir / "reports" / f"{name}.html").read_text(encoding="utf-8")
        assert figs[0] or 'class="qc-chart-note"' in page, name
    fonts = [sorted(p.name for p in (d / "reports/assets/fonts").iterdir()) for d in out.values()]
    assert fonts[0] == fonts[1]


def test_the_normalisation_only_hides_ids(both_engines):
    """The comparison can fail: a one-character change in a page is seen."""
    params, out = both_engines
    page = (out["warm"] / "reports" / f"{params[0].stem}.html").read_text(encoding="utf-8")
    assert normalise(page) != normalise(page.replace("</h1>", ".</h1>", 1))


# --- what the child is ------------------------------------------------------------------------

PROBE = (
    "import json, os, sys\n"
    "print(json.dumps({'pid': os.getpid(), 'shell': type(get_ipython()).__name__,\n"
    "    'preimported': sorted(m for m in ('pandas', 'plotly', 'matplotlib', 'qcompare')\n"
    "                          if m in sys.modules)}))"
)


def _stdout(nb: nbformat.NotebookNode, cell: int) -> str:
    return "".join(o.get("text", "") for o in nb.cells[cell].outputs if o.output_type == "stream")


def test_papermill_runs_the_engine_by_name_in_a_forked_warm_child(tmp_path):
    assert warm.fork_unsafe_reason() is None
    src = notebook(tmp_path / "probe.ipynb", PROBE)
    nb = pm.execute_notebook(
        str(src),
        str(tmp_path / "out.ipynb"),
        parameters={"lang": "en"},
        engine_name="qcompare-warm",
        progress_bar=False,
    )
    probe = json.loads(_stdout(nb, 2))  # cell 1 is papermill's injected parameters
    assert probe["pid"] != os.getpid()  # a child, not this process
    assert probe["shell"] != "ZMQInteractiveShell"  # no Jupyter kernel was started
    assert probe["preimported"] == ["matplotlib", "pandas", "plotly", "qcompare"]  # warm
    assert "injected-parameters" in nb.cells[1].metadata.tags
    assert nb.metadata.papermill["parameters"] == {"lang": "en"}
    assert nb.metadata.papermill["end_time"] and nb.cells[2].metadata.papermill["status"]
    saved = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert saved.metadata.papermill["parameters"] == {"lang": "en"}


def test_the_papermill_command_line_finds_the_engine(tmp_path):
    src = notebook(tmp_path / "probe.ipynb", PROBE)
    run = subprocess.run(
        [str(BIN / "papermill"), "--engine", "qcompare-warm", "--no-progress-bar"]
        + [str(src), str(tmp_path / "out.ipynb"), "-p", "lang", "en"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    probe = json.loads(_stdout(nb, 2))
    assert probe["shell"] != "ZMQInteractiveShell" and nb.metadata.papermill["parameters"]


# --- isolation -------------------------------------------------------------------------------

CHANGER = """
import os
import matplotlib as mpl
import pandas as pd
import plotly.io as pio
import qcompare
from qcompare.plots import palette
qcompare.leaked = "yes"
palette.LEAK = "yes"
pio.templates.default = "ggplot2"
pio.renderers.default = "json"
mpl.rcParams["lines.linewidth"] = 9.0
mpl.rcParams["font.family"] = ["serif"]
pd.set_option("display.max_rows", 3)
os.environ["QCOMPARE_LEAK"] = "yes"
os.chdir("/")
a_value = 1
print("changed")
"""

REPORTER = """
import json, os
import matplotlib as mpl
import pandas as pd
import plotly.io as pio
import qcompare
from qcompare.plots import palette
print(json.dumps({
    "module global": getattr(qcompare, "leaked", None),
    "submodule global": getattr(palette, "LEAK", None),
    "plotly template": pio.templates.default,
    "plotly renderer": pio.renderers.default,
    "mpl linewidth": mpl.rcParams["lines.linewidth"],
    "mpl family": list(mpl.rcParams["font.family"]),
    "mpl backend": mpl.get_backend(),
    "pandas max_rows": pd.get_option("display.max_rows"),
    "env": os.environ.get("QCOMPARE_LEAK"),
    "cwd": os.getcwd(),
    "user variable": "a_value" in dir(),
}, sort_keys=True))
"""


def _run(src: Path, out: Path, engine: str) -> nbformat.NotebookNode:
    return pm.execute_notebook(
        str(src),
        str(out),
        engine_name=engine,
        progress_bar=False,
        kernel_name="qcompare",
        cwd=str(src.parent),
    )


def test_nothing_one_notebook_changes_reaches_the_next(tmp_path):
    import matplotlib as mpl

    # the warm parent here is pytest's process: start it from matplotlib's defaults, as the
    # command's own process does (an earlier test may have set up the CJK fonts in it)
    with mpl.rc_context():
        mpl.rcdefaults()
        _isolation_holds(tmp_path)


def _isolation_holds(tmp_path):
    changer = notebook(tmp_path / "changer.ipynb", CHANGER)
    reporter = notebook(tmp_path / "reporter.ipynb", REPORTER)
    # what a fresh kernel sees: the reference
    fresh = json.loads(_stdout(_run(reporter, tmp_path / "k.ipynb", "nbclient"), 1))
    assert fresh["cwd"] == str(tmp_path) and fresh["module global"] is None
    before = {"cwd": os.getcwd(), "env": os.environ.get("QCOMPARE_LEAK")}
    first = _run(changer, tmp_path / "c.ipynb", "qcompare-warm")
    assert "changed" in _stdout(first, 1)  # the changes did happen, in the child
    after = json.loads(_stdout(_run(reporter, tmp_path / "r.ipynb", "qcompare-warm"), 1))
    assert after == fresh
    assert {"cwd": os.getcwd(), "env": os.environ.get("QCOMPARE_LEAK")} == before
    import qcompare

    assert not hasattr(qcompare, "leaked")  # nor the warm parent


def test_the_isolation_check_can_fail(tmp_path):
    """Run in one process (no fork), the changer's changes are seen by the reporter."""
    from IPython.core.interactiveshell import InteractiveShell

    cwd = os.getcwd()
    shell = InteractiveShell()
    try:
        for line in CHANGER.strip().splitlines():
            if not line.startswith("os.chdir"):
                shell.run_cell(line)
        import qcompare

        assert qcompare.leaked == "yes"
    finally:
        os.chdir(cwd)
        os.environ.pop("QCOMPARE_LEAK", None)
        import matplotlib as mpl
        import pandas as pd
        import plotly.io as pio

        import qcompare
        from qcompare.plots import palette

        del qcompare.leaked, palette.LEAK
        pio.templates.default = "plotly"
        mpl.rcdefaults()
        pd.reset_option("display.max_rows")
        InteractiveShell.clear_instance()


# --- fork safety -----------------------------------------------------------------------------


def test_with_another_thread_running_it_uses_the_kernel_engine(tmp_path, capfd):
    src = notebook(tmp_path / "probe.ipynb", PROBE)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="busy-helper", daemon=True)
    thread.start()
    try:
        assert "busy-helper" in warm.fork_unsafe_reason()
        nb = _run(src, tmp_path / "out.ipynb", "qcompare-warm")
    finally:
        stop.set()
        thread.join()
    probe = json.loads(_stdout(nb, 1))
    assert probe["shell"] == "ZMQInteractiveShell"  # a Jupyter kernel ran it
    assert "running on the kernel engine" in capfd.readouterr().err


def test_on_macos_it_uses_the_kernel_engine(tmp_path, monkeypatch):
    src = notebook(tmp_path / "probe.ipynb", PROBE)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert warm.fork_unsafe_reason() == "fork is not safe on darwin"
    nb = _run(src, tmp_path / "out.ipynb", "qcompare-warm")
    assert json.loads(_stdout(nb, 1))["shell"] == "ZMQInteractiveShell"


# --- faults ----------------------------------------------------------------------------------

MEMORY_HOG = """
import resource
with open("/proc/self/statm") as f:
    size = int(f.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (size + 300 * 2**20, resource.RLIM_INFINITY))
blob = bytearray(2 * 2**30)
"""

FAULTS = {
    "fails": ('raise ValueError("boom")', "failed at cell 1 (In [2]): ValueError: boom"),
    "exits": ("import os\nos._exit(3)", "its process exited with code 3"),
    "segfault": ("import ctypes\nctypes.string_at(0)", "its process was killed by SIGSEGV"),
    "oom_killed": (  # what the kernel's OOM killer does to a process
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        "its process was killed by SIGKILL",
    ),
    "out_of_memory": (MEMORY_HOG, "failed at cell 1 (In [2]): MemoryError"),
    "slow": ("import time\ntime.sleep(600)", "cell 1 did not finish within 3 s"),
}


@pytest.fixture(scope="module")
def fault_project(tmp_path_factory):
    """A project (the real data, linked) with one good briefing and one per fault."""
    root = tmp_path_factory.mktemp("faults")
    (root / "data").symlink_to(ROOT / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "params").mkdir()
    shutil.copy(ROOT / "params" / "pm25_en.yaml", root / "params" / "good.yaml")
    for name, (source, _) in FAULTS.items():
        notebook(root / "notebooks" / f"{name}.ipynb", source)
        timeout = "timeout: 3\n" if name == "slow" else ""
        (root / "params" / f"{name}.yaml").write_text(
            f"notebook: notebooks/{name}.ipynb\ntitle: {name}\n{timeout}", encoding="utf-8"
        )
    reports = root / "reports"
    (reports / "share").mkdir(parents=True)
    for name in ["good", *FAULTS]:
        for page in (reports / f"{name}.html", reports / "share" / f"{name}.html"):
            page.write_text(f"previous good page of {name}", encoding="utf-8")
    return root


def test_each_fault_fails_its_briefing_only(fault_project):
    root = fault_project
    env = {**os.environ, "QCOMPARE_ROOT": str(root)}
    env.pop("MAKEFLAGS", None)
    run = subprocess.run(
        [str(BIN / "qcompare"), "render", "--jobs", "2", *sorted(map(str, root.glob("params/*")))],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr
    errors = run.stderr.strip().splitlines()
    assert "Traceback" not in run.stderr
    for name, (_, expected) in FAULTS.items():
        line = next((e for e in errors if f"] render {name}: " in e), None)
        assert line is not None, (name, errors)
        assert expected in line, (name, line)
        assert f"reports/.failed/{name}.ipynb" in line
        kept = nbformat.read(root / "reports" / ".failed" / f"{name}.ipynb", as_version=4)
        assert kept.metadata.papermill["parameters"] is not None
        for page in (root / "reports" / f"{name}.html", root / "reports/share" / f"{name}.html"):
            assert page.read_text(encoding="utf-8") == f"previous good page of {name}"
        assert not (root / "reports" / f"{name}.json").exists()
    summary = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"render: 7 briefing\(s\) in [0-9.]+ s — 1 rendered, 0 unchanged, 6 failed \(.*\)", summary
    ), summary
    for name in FAULTS:
        assert name in summary
    good = (root / "reports" / "good.html").read_text(encoding="utf-8")
    assert "previous good page" not in good and "Plotly.newPlot(" in good
    assert re.search(r"^\[\d/7\] render good: ", run.stdout, re.M)
    leftovers = [p.name for p in (root / "reports").iterdir() if p.name.startswith(".good.")]
    assert leftovers == []


def test_make_jobs_come_from_makeflags():
    assert jobs_from_makeflags(" -j2 --jobserver-auth=3,4") == 2
    assert jobs_from_makeflags("s -j16") == 16
    assert jobs_from_makeflags("--jobs=3") == 3
    assert jobs_from_makeflags("s") is None
    assert jobs_from_makeflags("") is None
    assert jobs_from_makeflags("-j") == (os.cpu_count() or 1)
